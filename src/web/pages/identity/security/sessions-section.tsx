import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import {
  fetchSessions,
  revokeSession,
  SESSIONS_QUERY_KEY,
  type SessionListing,
} from '../../../api/security.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { Instant } from '../../../components/instant.tsx';
import { Notice } from '../../../components/notice.tsx';
import { useSignOut } from '../../../session/sign-out.ts';
import { deviceWords } from './device-name.ts';

function SessionItem({
  session,
  isRevoking,
  onRevoke,
}: {
  session: SessionListing;
  isRevoking: boolean;
  onRevoke: () => void;
}) {
  const { t } = useTranslation();
  const device = deviceWords(t, session.userAgent);
  return (
    <li className="session-item">
      <h3 className="session-item__title">
        {device}
        {session.current ? <span className="badge">{t('sessionsSection.thisDevice')}</span> : null}
      </h3>
      <dl className="facts">
        <div>
          <dt className="facts__label">{t('sessionsSection.ip')}</dt>
          <dd className="facts__value">{session.ip ?? t('sessionsSection.unknownIp')}</dd>
        </div>
        <div>
          <dt className="facts__label">{t('sessionsSection.started')}</dt>
          <dd className="facts__value">
            <Instant value={session.createdAt} />
          </dd>
        </div>
        <div>
          <dt className="facts__label">{t('sessionsSection.lastActive')}</dt>
          <dd className="facts__value">
            {session.current ? t('sessionsSection.now') : <Instant value={session.lastSeenAt} />}
          </dd>
        </div>
      </dl>
      {session.current ? null : (
        <Button
          variant="secondary"
          isPending={isRevoking}
          aria-label={t('sessionsSection.revokeLabel', { device })}
          onPress={onRevoke}
        >
          {isRevoking ? t('sessionsSection.revoking') : t('sessionsSection.revoke')}
        </Button>
      )}
    </li>
  );
}

/** Devices and sessions: where the person is signed in now, with a way to end any of them. */
export function SessionsSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  // Asked once /me has answered, so a visitor who is not signed in is only sent to sign in.
  const sessions = useQuery({ queryKey: SESSIONS_QUERY_KEY, queryFn: fetchSessions });
  const [revoked, setRevoked] = useState<string | undefined>();
  const revoke = useMutation({
    mutationFn: (session: SessionListing) => revokeSession(session.id),
    onSuccess: (_answer, session) => setRevoked(deviceWords(t, session.userAgent)),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY });
      // The button pressed is gone with its session: focus goes back to the top of the list.
      titleRef.current?.focus();
    },
  });
  const signOut = useSignOut();
  // A session that had already ended (404) is as good as signed out: the list is asked again.
  const revokeFailed = revoke.isError && !(revoke.error instanceof ApiError && revoke.error.status === 404);

  return (
    <section aria-labelledby={titleId} className="security-section">
      <h2 id={titleId} ref={titleRef} tabIndex={-1}>
        {t('sessionsSection.title')}
      </h2>
      <p>{t('sessionsSection.lead')}</p>
      {revoked ? <Notice>{t('sessionsSection.revoked', { device: revoked })}</Notice> : null}
      {revokeFailed ? <ApiErrorAlert error={revoke.error} /> : null}
      {sessions.isPending ? (
        <p role="status" className="status">
          {t('sessionsSection.loading')}
        </p>
      ) : sessions.isError ? (
        <>
          <ApiErrorAlert error={sessions.error} />
          <Button isPending={sessions.isFetching} onPress={() => void sessions.refetch()}>
            {t('sessionsSection.retry')}
          </Button>
        </>
      ) : (
        <>
          {sessions.data.every((session) => session.current) ? (
            <p className="note">{t('sessionsSection.onlyHere')}</p>
          ) : null}
          <ul className="session-list">
            {sessions.data.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                isRevoking={revoke.isPending && revoke.variables.id === session.id}
                onRevoke={() => {
                  setRevoked(undefined);
                  revoke.mutate(session);
                }}
              />
            ))}
          </ul>
        </>
      )}
      <h3>{t('sessionsSection.everywhereTitle')}</h3>
      <p>{t('sessionsSection.everywhereLead')}</p>
      {signOut.isError ? <ApiErrorAlert error={signOut.error} /> : null}
      <Button
        variant="secondary"
        isPending={signOut.isPending}
        onPress={() => signOut.mutate({ everywhere: true })}
      >
        {signOut.isPending ? t('sessionsSection.signingOut') : t('sessionsSection.everywhere')}
      </Button>
    </section>
  );
}
