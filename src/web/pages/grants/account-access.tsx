import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Form, Label, Radio, RadioGroup, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { z } from 'zod';
import { type grantChange, grantPermission, grantRequest } from '../../../grants/grants.schemas.ts';
import { ApiError, isAboutFields, retryHiccups } from '../../api/client.ts';
import {
  type AccountGrant,
  accountGrantsQueryKey,
  changeGrant,
  fetchAccountGrants,
  inviteGrantee,
  revokeGrant,
} from '../../api/grants.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Instant } from '../../components/instant.tsx';
import { Notice } from '../../components/notice.tsx';
import { TextField } from '../../components/text-field.tsx';
import { RequestForm, useBoundField, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { isStepUpRequired, StepUpPanel, usePointAtStepUp } from '../identity/security/step-up.tsx';

type ChangeRequest = z.input<typeof grantChange>;
type Permission = z.infer<typeof grantPermission>;
const LIVE_STATES: readonly AccountGrant['state'][] = ['invited', 'active'];

/**
 * View or view and pay, each with what it allows in plain words, and what no grant ever allows
 * under them (the same rules as `GRANT_ACTIONS` in core/policy.ts).
 */
export function PermissionChoice({
  value,
  onChange,
  label,
}: {
  value: Permission;
  onChange: (permission: Permission) => void;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <RadioGroup
      className="choice-group"
      value={value}
      onChange={(next) => onChange(grantPermission.parse(next))}
    >
      <Label className="field__label">{label}</Label>
      {grantPermission.options.map((permission) => (
        <Radio key={permission} value={permission} className="choice">
          <strong>{t(`grants.permissions.${permission}`)}</strong>
          {': '}
          {t(`grants.permissionAllows.${permission}`)}
        </Radio>
      ))}
      <Text slot="description" className="field__description">
        {t('grants.permissionNever')}
      </Text>
    </RadioGroup>
  );
}

/**
 * What every change here does after the server's answer: the list is asked again, and a refusal
 * for want of a recent sign-in sends the person to the step-up panel (as the members page does).
 */
function useGrantChange<Input>(
  contractNumber: string,
  change: (input: Input) => Promise<unknown>,
  onDone: (input: Input) => void,
) {
  const queryClient = useQueryClient();
  const pointAtStepUp = usePointAtStepUp();
  return useMutation({
    mutationFn: change,
    onSuccess: async (_answer, input) => {
      await queryClient.invalidateQueries({ queryKey: accountGrantsQueryKey(contractNumber) });
      onDone(input);
    },
    onError: (error) => {
      if (isStepUpRequired(error)) pointAtStepUp();
    },
  });
}

/** Words for the refusals a grant change can meet. */
function useRefusals() {
  const { t } = useTranslation();
  return {
    'AUTH.STEP_UP_REQUIRED': t('grants.access.stepUpFirst'),
    'GRANTS.ENDED': t('grants.access.alreadyEnded'),
    'GRANTS.SELF': t('grants.access.self'),
    'GRANTS.PARTY': t('grants.access.party'),
    'GRANTS.ALREADY_GRANTED': t('grants.access.alreadyGranted'),
    'GRANTS.END_IN_PAST': t('grants.access.endInPast'),
    'GRANTS.END_AFTER_MATURITY': t('grants.access.endAfterMaturity'),
    'CONTRACTS.NOT_ACTIVE': t('grants.access.notActive'),
  };
}

type ItemProps = { contractNumber: string; onDone: (message: string) => void };

/** A live grant's permission and end date, changed together. */
function ChangeForm({ grant, contractNumber, onDone }: ItemProps & { grant: AccountGrant }) {
  const { t } = useTranslation();
  const refusals = useRefusals();
  const [permission, setPermission] = useState<Permission>(grant.permission);
  const [endsOn, setEndsOn] = useState(grant.endsOn ?? '');
  const change = useGrantChange(
    contractNumber,
    (request: ChangeRequest) => changeGrant(contractNumber, grant.id, request),
    () => onDone(t('grants.access.changed', { name: grant.name })),
  );
  const request: ChangeRequest = {
    ...(permission === grant.permission ? {} : { permission }),
    ...(endsOn === (grant.endsOn ?? '') ? {} : { endsOn: endsOn || null }),
  };
  const isUnchanged = Object.keys(request).length === 0;
  return (
    <Form
      className="grant-item__change"
      onSubmit={(event) => {
        event.preventDefault();
        if (!isUnchanged) change.mutate(request);
      }}
    >
      <PermissionChoice
        label={t('grants.access.permissionOf', { name: grant.name })}
        value={permission}
        onChange={(next) => {
          change.reset();
          setPermission(next);
        }}
      />
      <TextField
        label={t('grants.access.endsOnOf', { name: grant.name })}
        description={t('grants.access.endsOnChangeHelp')}
        type="date"
        value={endsOn}
        onChange={(next) => {
          change.reset();
          setEndsOn(next);
        }}
        errorMessage={change.error instanceof ApiError ? change.error.fields.endsOn : undefined}
      />
      {change.isError && !isAboutFields(change.error) ? (
        <ApiErrorAlert error={change.error} messages={refusals} />
      ) : null}
      <Button type="submit" variant="secondary" isPending={change.isPending} isDisabled={isUnchanged}>
        {t('grants.access.save')}
      </Button>
    </Form>
  );
}

function GrantItem({ grant, contractNumber, onDone }: ItemProps & { grant: AccountGrant }) {
  const { t } = useTranslation();
  const titleId = useId();
  const refusals = useRefusals();
  const [isRevoking, setRevoking] = useState(false);
  const name = grant.name;
  const isInvited = grant.state === 'invited';
  const revoke = useGrantChange(
    contractNumber,
    () => revokeGrant(contractNumber, grant.id),
    () => {
      setRevoking(false);
      onDone(t(isInvited ? 'grants.access.withdrawn' : 'grants.access.revoked', { name }));
    },
  );
  const facts: [string, React.ReactNode][] = [
    [t('grants.access.email'), grant.email],
    [t('grants.access.state'), t(`grants.states.${grant.state}`)],
    [t('grants.access.permission'), t(`grants.permissions.${grant.permission}`)],
    [
      t('grants.access.endsOn'),
      grant.endsOn ? <DateDisplay key="ends" date={grant.endsOn} /> : t('grants.access.noEnd'),
    ],
    ...(isInvited && grant.invitationExpiresAt
      ? [
          [
            t('grants.access.invitationExpires'),
            <Instant key="expires" value={grant.invitationExpiresAt} />,
          ] as [string, React.ReactNode],
        ]
      : []),
  ];
  return (
    <li className="card member-item" aria-labelledby={titleId}>
      <h3 id={titleId} className="member-item__name">
        {name} <span className="badge">{t(`grants.states.${grant.state}`)}</span>
      </h3>
      <dl className="result-list">
        {facts.map(([label, value]) => (
          <div key={label} className="result-list__item">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {LIVE_STATES.includes(grant.state) ? (
        <>
          <ChangeForm grant={grant} contractNumber={contractNumber} onDone={onDone} />
          {isInvited ? (
            <>
              {revoke.isError ? <ApiErrorAlert error={revoke.error} messages={refusals} /> : null}
              <Button
                variant="secondary"
                isPending={revoke.isPending}
                onPress={() => revoke.mutate(undefined)}
              >
                {t('grants.access.withdraw', { name })}
              </Button>
            </>
          ) : (
            <ConfirmDialog
              triggerLabel={t('grants.access.revoke', { name })}
              title={t('grants.access.revokeTitle', { name })}
              confirmLabel={t('grants.access.revokeConfirm')}
              keepLabel={t('grants.access.keep')}
              action={{
                ...revoke,
                mutate: () =>
                  revoke.mutate(undefined, {
                    // The panel that gives the step-up is behind the dialog: out of the way first.
                    onError: (error) => {
                      if (!isStepUpRequired(error)) return;
                      setRevoking(false);
                      revoke.reset();
                    },
                  }),
              }}
              isOpen={isRevoking}
              onOpenChange={setRevoking}
              errorMessages={refusals}
            >
              <p>{t('grants.access.revokeBody', { name })}</p>
            </ConfirmDialog>
          )}
        </>
      ) : null}
    </li>
  );
}

type InviteField = 'name' | 'email' | 'endsOn';
const inviteSpec: FormSpec<InviteField> = {
  name: { kind: 'text', requestKey: 'name', i18nKey: 'grants.invite.fields.name' },
  email: { kind: 'text', requestKey: 'email', i18nKey: 'grants.invite.fields.email' },
  endsOn: { kind: 'optional', requestKey: 'endsOn', i18nKey: 'grants.invite.fields.endsOn' },
};
// The permission is a radio group beside the typed fields; an empty end date means none.
const inviteFields = grantRequest.omit({ permission: true }).extend({
  endsOn: z.preprocess((value) => (value === '' ? undefined : value), grantRequest.shape.endsOn),
});
type InviteFields = z.infer<typeof inviteFields>;

/** Invites someone by name and email; the server mails a link that works once for 7 days. */
function InviteForm({ contractNumber, onDone }: ItemProps) {
  const { t } = useTranslation();
  const refusals = useRefusals();
  const form = useRequestForm(inviteSpec, inviteFields);
  const [permission, setPermission] = useState<Permission>('view');
  const invite = useGrantChange(
    contractNumber,
    (request: InviteFields) => inviteGrantee(contractNumber, { ...request, permission }),
    (request) => {
      form.reset();
      setPermission('view');
      onDone(t('grants.access.invited', { name: request.name, email: request.email }));
    },
  );
  return (
    <>
      {invite.isError && !isAboutFields(invite.error) ? (
        <ApiErrorAlert error={invite.error} messages={refusals} />
      ) : null}
      <RequestForm
        form={form}
        spec={inviteSpec}
        onSubmit={invite.mutateAsync}
        onInvalid={invite.reset}
        submitLabel={t('grants.invite.submit')}
        pendingLabel={t('grants.invite.submitting')}
      >
        <TextField {...useBoundField(form, inviteSpec, 'name')} autoComplete="off" />
        <TextField {...useBoundField(form, inviteSpec, 'email')} type="email" autoComplete="off" />
        <PermissionChoice label={t('grants.invite.permission')} value={permission} onChange={setPermission} />
        <TextField {...useBoundField(form, inviteSpec, 'endsOn')} type="date" />
      </RequestForm>
    </>
  );
}

/**
 * `/accounts/:contractNumber/access`, for the contract's holders (the API answers 404 to anyone
 * else, a co-signer or a grantee too, and the tab is not shown to them): the people given access
 * and the invitations, each with its state, permission and end date, a way to change or revoke it,
 * and an invitation by name and email. Changes need a recent sign-in, which the step-up panel gives.
 */
export function AccountAccessPage() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  const [done, setDone] = useState('');
  const grants = useQuery({
    queryKey: accountGrantsQueryKey(contractNumber),
    queryFn: () => fetchAccountGrants(contractNumber),
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  const props = { contractNumber, onDone: setDone };
  const live = grants.data?.filter((g) => LIVE_STATES.includes(g.state)) ?? [];
  const ended = grants.data?.filter((g) => !LIVE_STATES.includes(g.state)) ?? [];
  return (
    <section aria-labelledby="access-title" className="contract-section">
      <h2 id="access-title">{t('grants.access.title')}</h2>
      <p>{t('grants.access.lead')}</p>
      <StepUpPanel />
      {done ? <Notice>{done}</Notice> : null}
      {grants.isPending ? (
        <p role="status" className="status">
          {t('grants.access.loading')}
        </p>
      ) : grants.isError ? (
        <>
          <ApiErrorAlert error={grants.error} />
          <Button isPending={grants.isFetching} onPress={() => void grants.refetch()}>
            {t('grants.access.retry')}
          </Button>
        </>
      ) : (
        <>
          {live.length === 0 ? (
            <p className="empty-state">{t('grants.access.none')}</p>
          ) : (
            <ul className="member-list">
              {live.map((grant) => (
                <GrantItem key={grant.id} grant={grant} {...props} />
              ))}
            </ul>
          )}
          {ended.length > 0 ? (
            <>
              <h3>{t('grants.access.endedTitle')}</h3>
              <ul className="member-list">
                {ended.map((grant) => (
                  <GrantItem key={grant.id} grant={grant} {...props} />
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
      <section aria-labelledby="access-invite" className="narrow-page">
        <h3 id="access-invite">{t('grants.invite.title')}</h3>
        <p>{t('grants.invite.lead')}</p>
        <div className="card">
          <InviteForm {...props} />
        </div>
      </section>
    </section>
  );
}
