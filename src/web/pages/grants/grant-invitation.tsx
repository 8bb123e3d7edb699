import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { grantJoinRequest } from '../../../grants/grants.schemas.ts';
import { ACCOUNTS_QUERY_KEY } from '../../api/accounts.ts';
import { isSignedOutError } from '../../api/auth.ts';
import { ApiError, askOnce } from '../../api/client.ts';
import { acceptGrant, describeGrantInvitation, HELD_GRANTS_QUERY_KEY, joinGrant } from '../../api/grants.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { formatInstant } from '../../components/instant.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SpentLink } from '../../components/spent-link.tsx';
import { useRequestForm } from '../../forms/request-form.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { returnAfterSignIn, useHome } from '../../session/home.ts';
import { markSignedOut, useSignedIn } from '../../session/signed-in.ts';
import { useGoToFactorSetUp } from '../identity/set-up-factor.tsx';
import { NewMemberLoginForm, newMemberLoginSpec } from '../organizations/join-business.tsx';

/** The API's answer to a link that no longer works. */
const SPENT = 'GRANTS.INVALID_INVITATION';

/** Where accepting lands: the list of access shared with the person, saying which account was added. */
export const acceptedPath = (contractNumber = '') =>
  `/shared-with-me?${new URLSearchParams({ accepted: contractNumber })}`;

/** A signed-in person accepts with the login they are signed in with (the server checks the address). */
function AcceptInvitation({
  token,
  email,
  onSpent,
}: {
  token: string;
  email: string;
  onSpent: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: () => acceptGrant(token),
    onSuccess: ({ contractNumber }) => {
      // The dashboard and the navigation now have another account to show.
      void queryClient.invalidateQueries({ queryKey: ACCOUNTS_QUERY_KEY });
      void queryClient.invalidateQueries({ queryKey: HELD_GRANTS_QUERY_KEY });
      void navigate(acceptedPath(contractNumber), { replace: true });
    },
    onError: (error) => {
      if (isSignedOutError(error)) markSignedOut();
      if (error instanceof ApiError && error.code === SPENT) onSpent(error);
    },
  });
  return (
    <div className="card">
      <p>{t('grants.invitation.acceptLead')}</p>
      {accept.isError ? (
        <ApiErrorAlert
          error={accept.error}
          messages={{ 'GRANTS.OTHER_ADDRESS': t('grants.invitation.otherAddress', { email }) }}
        />
      ) : null}
      <Button isPending={accept.isPending} onPress={() => accept.mutate()}>
        {t(accept.isPending ? 'grants.invitation.accepting' : 'grants.invitation.accept')}
      </Button>
    </div>
  );
}

/** The body without the token, which comes from the link, not from the person. */
const joinFields = grantJoinRequest.omit({ token: true });
type JoinFields = { displayName: string; userId: string; password: string };

/**
 * Someone without a login makes one for the invited address (which accepts the invitation), then
 * sets up a second factor, which signs them in and brings them to the access shared with them.
 */
function JoinForm({ token, onSpent }: { token: string; onSpent: (error: unknown) => void }) {
  const { t } = useTranslation();
  const form = useRequestForm(newMemberLoginSpec, joinFields);
  const goToFactorSetUp = useGoToFactorSetUp();
  const join = useMutation({
    mutationFn: (request: JoinFields) => joinGrant({ ...request, token }),
    onSuccess: (step) => {
      returnAfterSignIn(acceptedPath());
      goToFactorSetUp(step);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === SPENT) onSpent(error);
    },
  });
  return (
    <section aria-labelledby="grant-invitation-join" className="card">
      <h2 id="grant-invitation-join">{t('grants.invitation.joinTitle')}</h2>
      <NewMemberLoginForm
        lead={t('grants.invitation.joinLead')}
        form={form}
        spec={newMemberLoginSpec}
        action={join}
        submitLabel={t('grants.invitation.join')}
        pendingLabel={t('grants.invitation.joining')}
      />
    </section>
  );
}

/**
 * `/grant-invitation?token=…`, the link a holder's invitation mailed: who invited, to see which
 * vehicle's account, with what permission, until when, for which address (masked). Someone signed
 * in accepts it (the server checks it is the invited address); anyone else signs in and comes back,
 * or makes a login for that address here, then sets up a second factor.
 */
export function GrantInvitationPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const isSignedIn = useSignedIn();
  const home = useHome();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const search = new URLSearchParams({ token }).toString();
  const invitation = useQuery({
    queryKey: ['grant-invitation', token],
    queryFn: () => describeGrantInvitation(token),
    ...askOnce,
  });
  // Spent meanwhile (used in another tab, withdrawn, expired): as if it had been so on arrival.
  const [spent, setSpent] = useState<unknown>();

  return (
    <div className="narrow-page">
      <PageTitle>{t('grants.invitation.title')}</PageTitle>
      {invitation.isPending ? (
        <p role="status" className="status">
          {t('grants.invitation.checking')}
        </p>
      ) : invitation.isError || spent ? (
        // Unknown, expired, withdrawn or used: only a new invitation helps.
        <SpentLink
          error={invitation.error ?? spent}
          code={SPENT}
          message={t('grants.invitation.invalid')}
          next={{ href: home, label: t('grants.invitation.home') }}
        />
      ) : (
        <>
          <p className="lead">
            {t(invitation.data.vehicle ? 'grants.invitation.leadVehicle' : 'grants.invitation.lead', {
              name: invitation.data.grantedBy,
              vehicle: invitation.data.vehicle,
              permission: t(`grants.permissions.${invitation.data.permission}`),
            })}
          </p>
          <ul>
            <li>{t(`grants.permissionAllows.${invitation.data.permission}`)}</li>
            <li>{t('grants.permissionNever')}</li>
            <li>
              {invitation.data.endsOn ? (
                <>
                  {t('grants.invitation.endsOn')} <DateDisplay date={invitation.data.endsOn} />
                </>
              ) : (
                t('grants.invitation.noEnd')
              )}
            </li>
          </ul>
          <p>
            {t('grants.invitation.sentTo', {
              email: invitation.data.email,
              time: formatInstant(invitation.data.expiresAt, locale),
            })}
          </p>
          {isSignedIn ? (
            <AcceptInvitation token={token} email={invitation.data.email} onSpent={setSpent} />
          ) : (
            <>
              <JoinForm token={token} onSpent={setSpent} />
              <p className="note">{t('grants.invitation.haveLogin')}</p>
              <p>
                {/* Signed in, the person comes back here to accept with that login. */}
                <Link href="/sign-in" onPress={() => returnAfterSignIn(`/grant-invitation?${search}`)}>
                  {t('grants.invitation.signIn')}
                </Link>
              </p>
            </>
          )}
        </>
      )}
    </div>
  );
}
