import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { joinRequest } from '../../../organizations/organizations.schemas.ts';
import { ApiError, askOnce } from '../../api/client.ts';
import { acceptInvitation, describeInvitation, joinOrganization } from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { formatInstant } from '../../components/instant.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SpentLink } from '../../components/spent-link.tsx';
import { useRequestForm } from '../../forms/request-form.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { returnAfterSignIn, useHome } from '../../session/home.ts';
import { useSignedIn } from '../../session/signed-in.ts';
import { useGoToFactorSetUp } from '../identity/set-up-factor.tsx';
import { NewMemberLoginForm, newMemberLoginSpec, useJoinedWithLogin } from './join-business.tsx';

/** The API's answer to a link that no longer works. */
const SPENT = 'ORGANIZATIONS.INVALID_INVITATION';

/** A signed-in person takes the invitation with the login they are signed in with. */
function AcceptInvitation({ token, email }: { token: string; email: string }) {
  const { t } = useTranslation();
  const accept = useMutation({ mutationFn: () => acceptInvitation(token), ...useJoinedWithLogin() });
  return (
    <div className="card">
      <p>{t('organizations.invitation.acceptLead')}</p>
      {accept.isError ? (
        <ApiErrorAlert
          error={accept.error}
          messages={{
            'ORGANIZATIONS.OTHER_ADDRESS': t('organizations.invitation.otherAddress', { email }),
            'ORGANIZATIONS.ALREADY_MEMBER': t('organizations.invitation.alreadyMember'),
          }}
        />
      ) : null}
      <Button isPending={accept.isPending} onPress={() => accept.mutate()}>
        {t(accept.isPending ? 'organizations.invitation.accepting' : 'organizations.invitation.accept')}
      </Button>
    </div>
  );
}

/** The body without the token, which comes from the link, not from the person. */
const joinFields = joinRequest.omit({ token: true });
type JoinFields = { displayName: string; userId: string; password: string };

/** Someone without a login makes one for the invited address, then sets up a second factor. */
function JoinForm({ token, onSpent }: { token: string; onSpent: (error: unknown) => void }) {
  const { t } = useTranslation();
  const form = useRequestForm(newMemberLoginSpec, joinFields);
  const join = useMutation({
    mutationFn: (request: JoinFields) => joinOrganization({ ...request, token }),
    onSuccess: useGoToFactorSetUp(),
    onError: (error) => {
      if (error instanceof ApiError && error.code === SPENT) onSpent(error);
    },
  });
  return (
    <section aria-labelledby="invitation-join" className="card">
      <h2 id="invitation-join">{t('organizations.invitation.joinTitle')}</h2>
      <NewMemberLoginForm
        lead={t('organizations.invitation.joinLead')}
        form={form}
        spec={newMemberLoginSpec}
        action={join}
        submitLabel={t('organizations.invitation.join')}
        pendingLabel={t('organizations.invitation.joining')}
      />
    </section>
  );
}

/**
 * `/invitation?token=…`, the link an organization's admin had mailed: which organization, in what
 * role, to which address (masked). Someone signed in accepts it with their login (the server checks
 * it is the invited address); anyone else makes a login for that address here, then sets up a
 * second factor, which lands them on the fleet. Someone with a login signs in from here and comes
 * back to accept.
 */
export function InvitationPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const isSignedIn = useSignedIn();
  const home = useHome();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const search = new URLSearchParams({ token }).toString();
  const invitation = useQuery({
    queryKey: ['organization-invitation', token],
    queryFn: () => describeInvitation(token),
    ...askOnce,
  });
  // Spent meanwhile (used in another tab, withdrawn, expired): as if it had been so on arrival.
  const [spent, setSpent] = useState<unknown>();

  return (
    <div className="narrow-page">
      <PageTitle>{t('organizations.invitation.title')}</PageTitle>
      {invitation.isPending ? (
        <p role="status" className="status">
          {t('organizations.invitation.checking')}
        </p>
      ) : invitation.isError || spent ? (
        // Unknown, expired, withdrawn or used: only a new invitation helps.
        <SpentLink
          error={invitation.error ?? spent}
          code={SPENT}
          message={t('organizations.invitation.invalid')}
          next={{ href: home, label: t('organizations.invitation.home') }}
        />
      ) : (
        <>
          <p className="lead">
            {t('organizations.invitation.lead', {
              organization: invitation.data.organizationName,
              role: t(`organizations.roles.${invitation.data.role}`),
              email: invitation.data.email,
            })}
          </p>
          <p>
            {t('organizations.invitation.expires', {
              time: formatInstant(invitation.data.expiresAt, locale),
            })}
          </p>
          {isSignedIn ? (
            <AcceptInvitation token={token} email={invitation.data.email} />
          ) : (
            <>
              <JoinForm token={token} onSpent={setSpent} />
              <p className="note">{t('organizations.invitation.haveLogin')}</p>
              <p>
                {/* Signed in, the person comes back here to accept with that login. */}
                <Link href="/sign-in" onPress={() => returnAfterSignIn(`/invitation?${search}`)}>
                  {t('organizations.invitation.signIn')}
                </Link>
              </p>
            </>
          )}
        </>
      )}
    </div>
  );
}
