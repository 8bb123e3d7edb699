import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { changePasswordRequest } from '../../../../identity/recovery.schemas.ts';
import { isAboutFields } from '../../../api/client.ts';
import { changePassword, SESSIONS_QUERY_KEY } from '../../../api/security.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Notice } from '../../../components/notice.tsx';
import { PasswordField } from '../../../components/password-field.tsx';
import { PasswordStrength } from '../../../components/password-strength.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../../forms/request-form.tsx';
import type { FormSpec } from '../../../forms/request-resolver.ts';
import { useMe } from '../../../session/me.ts';
import { isStepUpRequired, StepUpNeeded, usePointAtStepUp, useStepUp } from './step-up.tsx';

type ChangeField = 'currentPassword' | 'newPassword';
type ChangeRequest = { currentPassword: string; newPassword: string };

const changeForm: FormSpec<ChangeField> = {
  currentPassword: {
    kind: 'secret',
    requestKey: 'currentPassword',
    i18nKey: 'passwordSection.fields.currentPassword',
  },
  newPassword: { kind: 'secret', requestKey: 'newPassword', i18nKey: 'passwordSection.fields.newPassword' },
};

function CurrentPassword({ form }: { form: RequestFormApi<ChangeRequest> }) {
  return (
    <PasswordField {...useBoundField(form, changeForm, 'currentPassword')} autoComplete="current-password" />
  );
}

/** The new password with the strength meter, which judges it as the server will (User ID and names). */
function NewPassword({ form }: { form: RequestFormApi<ChangeRequest> }) {
  const props = useBoundField(form, changeForm, 'newPassword');
  const password = useWatch({ control: form.control, name: 'newPassword' }) ?? '';
  const me = useMe().data?.me;
  return (
    <PasswordField {...props} autoComplete="new-password">
      <PasswordStrength password={password} userId={me?.userId} names={me?.displayName.split(/\s+/) ?? []} />
    </PasswordField>
  );
}

/** Changing the password: the current one, then the new one. Needs a recent step-up. */
export function PasswordSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const queryClient = useQueryClient();
  const { isRecent } = useStepUp();
  const pointAtStepUp = usePointAtStepUp();
  const form = useRequestForm(changeForm, changePasswordRequest);
  const [changed, setChanged] = useState(false);
  const mutation = useMutation({
    mutationFn: changePassword,
    onMutate: () => setChanged(false),
    onSuccess: () => {
      form.reset();
      setChanged(true);
      // Every other session has ended.
      void queryClient.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY });
    },
    onError: (error) => {
      if (isStepUpRequired(error)) pointAtStepUp();
    },
  });
  const showError = mutation.isError && !isAboutFields(mutation.error) && !isStepUpRequired(mutation.error);

  return (
    <section aria-labelledby={titleId} className="security-section">
      <h2 id={titleId}>{t('passwordSection.title')}</h2>
      <p>{t('passwordSection.lead')}</p>
      {isRecent ? null : <StepUpNeeded />}
      {changed ? <Notice>{t('passwordSection.done')}</Notice> : null}
      {showError ? <ApiErrorAlert error={mutation.error} /> : null}
      <RequestForm
        form={form}
        spec={changeForm}
        onSubmit={mutation.mutateAsync}
        onInvalid={mutation.reset}
        submitLabel={t('passwordSection.submit')}
        pendingLabel={t('passwordSection.submitting')}
      >
        <CurrentPassword form={form} />
        <NewPassword form={form} />
      </RequestForm>
    </section>
  );
}
