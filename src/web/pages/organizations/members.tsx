import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  invitationRequest,
  type MembersResponse,
  type OrganizationDetail,
  organizationRole,
} from '../../../organizations/organizations.schemas.ts';
import { isAboutFields, retryHiccups } from '../../api/client.ts';
import {
  changeMemberRole,
  fetchMembers,
  inviteMember,
  membersQueryKey,
  type OrganizationRole,
  removeMember,
  withdrawInvitation,
} from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Instant } from '../../components/instant.tsx';
import { Notice } from '../../components/notice.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { RequestForm, useBoundField, useBoundSelect, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { useMe } from '../../session/me.ts';
import { isStepUpRequired, StepUpPanel, usePointAtStepUp } from '../identity/security/step-up.tsx';
import { Facts, OrganizationFrame, useOrganization } from './organization-frame.tsx';

type Member = MembersResponse['members'][number];
type Invitation = MembersResponse['invitations'][number];

/** The roles, named in the page's language, for a select. */
function useRoleOptions() {
  const { t } = useTranslation();
  return organizationRole.options.map((role) => ({ id: role, label: t(`organizations.roles.${role}`) }));
}

/**
 * What every change here does after the server's answer: the lists are asked again, and a refusal
 * for want of a recent sign-in sends the person to the step-up panel.
 */
function useMemberChange<Input>(
  organizationId: string,
  change: (input: Input) => Promise<unknown>,
  onDone: (input: Input) => void,
) {
  const queryClient = useQueryClient();
  const pointAtStepUp = usePointAtStepUp();
  return useMutation({
    mutationFn: change,
    onSuccess: async (_answer, input) => {
      await queryClient.invalidateQueries({ queryKey: membersQueryKey(organizationId) });
      onDone(input);
    },
    onError: (error) => {
      if (isStepUpRequired(error)) pointAtStepUp();
    },
  });
}

/** Words for the refusals a member change can meet, in the page's language. */
function useRefusals() {
  const { t } = useTranslation();
  return {
    'ORGANIZATIONS.LAST_ADMIN': t('organizations.members.lastAdmin'),
    'AUTH.STEP_UP_REQUIRED': t('organizations.members.stepUpFirst'),
  };
}

type ItemProps = { organizationId: string; onDone: (message: string) => void };

function MemberItem({
  member,
  isYou,
  organizationId,
  onDone,
}: ItemProps & { member: Member; isYou: boolean }) {
  const { t } = useTranslation();
  const titleId = useId();
  const roleOptions = useRoleOptions();
  const refusals = useRefusals();
  const [role, setRole] = useState<OrganizationRole>(member.role);
  const [isRemoving, setRemoving] = useState(false);
  const name = member.displayName;
  const changeRole = useMemberChange(
    organizationId,
    (next: OrganizationRole) => changeMemberRole(organizationId, member.userId, next),
    (next) =>
      onDone(t('organizations.members.roleChanged', { name, role: t(`organizations.roles.${next}`) })),
  );
  const remove = useMemberChange(
    organizationId,
    () => removeMember(organizationId, member.userId),
    () => {
      setRemoving(false);
      onDone(t('organizations.members.removed', { name }));
    },
  );
  return (
    <li className="card member-item" aria-labelledby={titleId}>
      <h3 id={titleId} className="member-item__name">
        {name}
        {isYou ? <span className="badge">{t('organizations.members.you')}</span> : null}
      </h3>
      <Facts
        facts={[
          [t('organizations.members.userId'), member.loginId],
          [t('organizations.members.email'), member.email],
          [t('organizations.members.since'), <Instant key="since" value={member.addedAt} />],
        ]}
      />
      <Form
        className="member-item__role"
        onSubmit={(event) => {
          event.preventDefault();
          changeRole.mutate(role);
        }}
      >
        <SelectField
          id={`role-${member.userId}`}
          label={t('organizations.members.roleOf', { name })}
          options={roleOptions}
          value={role}
          onChange={(next) => {
            changeRole.reset();
            setRole(organizationRole.parse(next));
          }}
        />
        <Button
          type="submit"
          variant="secondary"
          isPending={changeRole.isPending}
          isDisabled={role === member.role}
        >
          {t('organizations.members.changeRole')}
        </Button>
      </Form>
      {changeRole.isError ? <ApiErrorAlert error={changeRole.error} messages={refusals} /> : null}
      <ConfirmDialog
        triggerLabel={t('organizations.members.remove', { name })}
        title={t('organizations.members.removeTitle', { name })}
        confirmLabel={t('organizations.members.removeConfirm')}
        keepLabel={t('organizations.members.keep')}
        action={{
          ...remove,
          mutate: () =>
            remove.mutate(undefined, {
              // The panel that gives the step-up is behind the dialog: out of the way first.
              onError: (error) => {
                if (!isStepUpRequired(error)) return;
                setRemoving(false);
                remove.reset();
              },
            }),
        }}
        isOpen={isRemoving}
        onOpenChange={setRemoving}
        errorMessages={refusals}
      >
        <p>
          {t(isYou ? 'organizations.members.removeYourselfBody' : 'organizations.members.removeBody', {
            name,
          })}
        </p>
      </ConfirmDialog>
    </li>
  );
}

function InvitationItem({ invitation, organizationId, onDone }: ItemProps & { invitation: Invitation }) {
  const { t } = useTranslation();
  const refusals = useRefusals();
  const withdraw = useMemberChange(
    organizationId,
    () => withdrawInvitation(organizationId, invitation.id),
    () => onDone(t('organizations.members.withdrawn', { email: invitation.email })),
  );
  return (
    <li className="card member-item">
      <h3 className="member-item__name">{invitation.email}</h3>
      <Facts
        facts={[
          [t('organizations.members.role'), t(`organizations.roles.${invitation.role}`)],
          [t('organizations.members.sent'), <Instant key="sent" value={invitation.createdAt} />],
          [t('organizations.members.expires'), <Instant key="expires" value={invitation.expiresAt} />],
        ]}
      />
      {withdraw.isError ? <ApiErrorAlert error={withdraw.error} messages={refusals} /> : null}
      <Button variant="secondary" isPending={withdraw.isPending} onPress={() => withdraw.mutate(undefined)}>
        {t('organizations.members.withdraw', { email: invitation.email })}
      </Button>
    </li>
  );
}

type InviteField = 'email' | 'role';
const inviteSpec: FormSpec<InviteField> = {
  email: { kind: 'text', requestKey: 'email', i18nKey: 'organizations.members.invite.fields.email' },
  role: { kind: 'text', requestKey: 'role', i18nKey: 'organizations.members.invite.fields.role' },
};

/** Invites someone by email in a role; the server mails the link (valid 7 days, once). */
function InviteForm({ organizationId, onDone }: ItemProps) {
  const { t } = useTranslation();
  const refusals = useRefusals();
  const form = useRequestForm(inviteSpec, invitationRequest);
  const roleOptions = useRoleOptions();
  const invite = useMemberChange(
    organizationId,
    (request: { email: string; role: OrganizationRole }) => inviteMember(organizationId, request),
    (request) => {
      form.reset();
      onDone(t('organizations.members.invited', { email: request.email }));
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
        submitLabel={t('organizations.members.invite.submit')}
        pendingLabel={t('organizations.members.invite.submitting')}
      >
        <TextField {...useBoundField(form, inviteSpec, 'email')} type="email" autoComplete="off" />
        <SelectField
          {...useBoundSelect(form, inviteSpec, 'role')}
          options={roleOptions}
          placeholder={t('organizations.members.invite.fields.role.placeholder')}
        />
      </RequestForm>
    </>
  );
}

function MembersContent({
  organization,
  members,
}: {
  organization: OrganizationDetail;
  members: MembersResponse;
}) {
  const { t } = useTranslation();
  const me = useMe().data?.me;
  const [done, setDone] = useState('');
  const props = { organizationId: organization.id, onDone: setDone };
  return (
    <>
      <p className="lead">{t('organizations.members.lead', { name: organization.name })}</p>
      <p>
        <Link href={`/fleet/${organization.id}`}>{t('organizations.members.fleetLink')}</Link>
      </p>
      <StepUpPanel />
      {done ? <Notice>{done}</Notice> : null}
      <section aria-labelledby="members-list" className="fleet-section">
        <h2 id="members-list">{t('organizations.members.title')}</h2>
        <ul className="member-list">
          {members.members.map((member) => (
            <MemberItem
              key={member.userId}
              member={member}
              isYou={member.loginId === me?.userId}
              {...props}
            />
          ))}
        </ul>
      </section>
      <section aria-labelledby="members-invitations" className="fleet-section">
        <h2 id="members-invitations">{t('organizations.members.invitationsTitle')}</h2>
        {members.invitations.length === 0 ? (
          <p className="empty-state">{t('organizations.members.noInvitations')}</p>
        ) : (
          <ul className="member-list">
            {members.invitations.map((invitation) => (
              <InvitationItem key={invitation.id} invitation={invitation} {...props} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="members-invite" className="fleet-section narrow-page">
        <h2 id="members-invite">{t('organizations.members.invite.title')}</h2>
        <p>{t('organizations.members.invite.lead')}</p>
        <div className="card">
          <InviteForm {...props} />
        </div>
      </section>
    </>
  );
}

/**
 * `/fleet/:organizationId/members`, for the organization's admins (anyone else sees the not-found
 * page, as the API answers them): the members with their role and a way to change or remove it,
 * the invitations still open, and an invitation by email. Changes need a recent sign-in, which the
 * step-up panel gives.
 */
export function MembersPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  const isAdmin =
    useOrganization(organizationId).data?.actions.includes('organization.manage_members') ?? false;
  const members = useQuery({
    queryKey: membersQueryKey(organizationId),
    queryFn: () => fetchMembers(organizationId),
    enabled: isAdmin,
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.manage_members"
      title={(org) =>
        org
          ? t('organizations.members.pageTitle', { name: org.name })
          : t('organizations.members.pageTitleLoading')
      }
      queries={[members]}
      loadingText={t('organizations.members.loading')}
    >
      {(organization) =>
        members.data ? <MembersContent organization={organization} members={members.data} /> : null
      }
    </OrganizationFrame>
  );
}
