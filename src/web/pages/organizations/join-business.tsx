import { type UseMutationResult, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { isSignedOutError } from '../../api/auth.ts';
import { isAboutFields } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { TextField } from '../../components/text-field.tsx';
import { RequestForm, type RequestFormApi, useBoundField } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { forgetMe } from '../../session/me.ts';
import { markSignedOut } from '../../session/signed-in.ts';
import { NewLoginFields } from '../identity/new-login-fields.tsx';

/**
 * A signed-in person's joining a business with their login (an invitation accepted, a business
 * registered), as a mutation's outcome: their organizations changed, so the next page asks who
 * they are again, and they land on its fleet. Had the session ended, the page turns to what it
 * offers someone not signed in.
 */
export function useJoinedWithLogin() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return {
    onSuccess: ({ organizationId }: { organizationId: string }) => {
      forgetMe(queryClient);
      void navigate(`/fleet/${organizationId}`, { replace: true });
    },
    onError: (error: Error) => {
      if (isSignedOutError(error)) markSignedOut();
    },
  };
}

type NewMemberLoginField = 'displayName' | 'userId' | 'password';

/**
 * The login someone makes to join a business (by invitation, or registering it): their name, then
 * a User ID and password with the same rules and words as registering.
 */
export const newMemberLoginSpec: FormSpec<NewMemberLoginField> = {
  displayName: {
    kind: 'text',
    requestKey: 'displayName',
    i18nKey: 'organizations.invitation.fields.displayName',
  },
  userId: { kind: 'text', requestKey: 'userId', i18nKey: 'register.complete.fields.userId' },
  password: { kind: 'secret', requestKey: 'password', i18nKey: 'register.complete.fields.password' },
};

function NewMemberLoginInputs<Request>({
  form,
  spec,
}: {
  form: RequestFormApi<Request>;
  spec: FormSpec<NewMemberLoginField>;
}) {
  const displayName = useWatch({ control: form.control, name: 'displayName' }) ?? '';
  return (
    <>
      <TextField {...useBoundField(form, spec, 'displayName')} autoComplete="name" />
      <NewLoginFields form={form} spec={spec} names={displayName.split(/\s+/).filter(Boolean)} />
    </>
  );
}

/**
 * The form that makes a new member's login: its lead, the refusal that concerns no field, the
 * fields (`children` first, e.g. a code) and the submit, which runs `action`.
 */
export function NewMemberLoginForm<Name extends string, Request>({
  lead,
  form,
  spec,
  action,
  submitLabel,
  pendingLabel,
  children,
}: {
  lead: string;
  form: RequestFormApi<Request>;
  /** The login's fields, and any of `children`. */
  spec: FormSpec<Name | NewMemberLoginField>;
  action: UseMutationResult<unknown, Error, Request>;
  submitLabel: string;
  pendingLabel: string;
  children?: ReactNode;
}) {
  return (
    <>
      <p>{lead}</p>
      {action.isError && !isAboutFields(action.error) ? <ApiErrorAlert error={action.error} /> : null}
      <RequestForm
        form={form}
        spec={spec}
        onSubmit={action.mutateAsync}
        onInvalid={action.reset}
        submitLabel={submitLabel}
        pendingLabel={pendingLabel}
      >
        {children}
        <NewMemberLoginInputs form={form} spec={spec} />
      </RequestForm>
    </>
  );
}
