import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Dialog, Heading, Modal, ModalOverlay, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isSignedOutError } from '../api/auth.ts';
import { ApiErrorAlert } from '../components/api-error-alert.tsx';
import { Button } from '../components/button.tsx';
import { useLocale } from '../i18n/locale.ts';
import { loadMe, ME_QUERY_KEY } from './me.ts';
import { goToSignIn } from './notices.ts';
import { useSignOut } from './sign-out.ts';
import { markSignedOut, useSessionTimes } from './signed-in.ts';

/** How long before the session ends the warning opens (WCAG 2.2.1: a chance to extend it). */
export const WARNING_LEAD_MS = 2 * 60_000;

/** Screen readers hear the time left as it passes these marks (seconds), not at every tick. */
const ANNOUNCE_AT_SECONDS = [10, 30, 60];

/**
 * The time now, re-read every second and as soon as the tab is shown again (a hidden tab's timers
 * are slowed down, and a laptop may have slept through the end of the session).
 */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const timer = window.setInterval(tick, 1_000);
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, []);
  return now;
}

/** "1 minute, 30 seconds", in the page's language. */
function formatTimeLeft(milliseconds: number, locale: string): string {
  const total = Math.max(0, Math.ceil(milliseconds / 1_000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const unit = (value: number, name: 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const parts = [
    ...(minutes > 0 ? [unit(minutes, 'minute')] : []),
    ...(seconds > 0 || minutes === 0 ? [unit(seconds, 'second')] : []),
  ];
  return new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(parts);
}

/**
 * Warns before the session ends and lets the person extend it (WCAG 2.2.1 Timing Adjustable).
 * The end is the server's: the sooner of the idle expiry, which "Stay signed in" pushes back by
 * asking `/me` (any request restarts the server's idle timer), and the session's fixed limit,
 * which nothing extends. The times come from the latest `/me` in any tab, so a tab in use keeps
 * the others from timing out. When the time is up the person is taken to the sign-in page.
 */
export function SessionTimeout() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const times = useSessionTimes();
  const now = useNow();
  const [dismissedEnd, setDismissedEnd] = useState<number>();
  const [announcement, setAnnouncement] = useState('');
  const signOut = useSignOut();
  const stay = useMutation({
    mutationFn: loadMe,
    onSuccess: (answer) => queryClient.setQueryData(ME_QUERY_KEY, answer),
    onError: (error) => {
      // The server had already ended the session.
      if (isSignedOutError(error)) {
        goToSignIn(navigate, 'timedOut');
        markSignedOut();
      }
    },
  });

  const isIdleEnd = times !== null && times.idleExpiresAt <= times.expiresAt;
  const end = times === null ? undefined : Math.min(times.idleExpiresAt, times.expiresAt);
  const left = end === undefined ? undefined : end - now;
  const hasEnded = left !== undefined && left <= 0;
  const isOpen =
    left !== undefined && left <= WARNING_LEAD_MS && !hasEnded && (isIdleEnd || dismissedEnd !== end);

  useEffect(() => {
    if (!hasEnded) return;
    goToSignIn(navigate, isIdleEnd ? 'timedOut' : 'sessionEnded');
    markSignedOut();
  }, [hasEnded, isIdleEnd, navigate]);

  // A polite word as the countdown passes a few marks; the dialog's text itself changes every second.
  const secondsLeft = left === undefined ? 0 : Math.max(0, Math.ceil(left / 1_000));
  const mark = ANNOUNCE_AT_SECONDS.find((at) => secondsLeft <= at);
  const wasOpen = useRef(false);
  const lastMark = useRef<number>(undefined);
  useEffect(() => {
    if (!isOpen) {
      wasOpen.current = false;
      setAnnouncement('');
      return;
    }
    // Opening the dialog reads its text; the marks count from there.
    if (!wasOpen.current) {
      wasOpen.current = true;
      lastMark.current = mark;
      return;
    }
    if (mark === lastMark.current) return;
    lastMark.current = mark;
    if (mark !== undefined) {
      setAnnouncement(t('sessionTimeout.timeLeft', { time: formatTimeLeft(secondsLeft * 1_000, locale) }));
    }
  }, [isOpen, mark, secondsLeft, t, locale]);

  const keepGoing = () => {
    if (isIdleEnd) {
      if (!stay.isPending) stay.mutate();
    } else setDismissedEnd(end);
  };

  return (
    <ModalOverlay
      isOpen={isOpen}
      isDismissable={false}
      // Escape is the safe choice: it stays signed in (or, at the fixed limit, just closes).
      onOpenChange={(open) => {
        if (!open) keepGoing();
      }}
      className="modal-overlay"
    >
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog">
          <Heading slot="title">{t('sessionTimeout.title')}</Heading>
          <Text slot="description" elementType="p">
            {t(isIdleEnd ? 'sessionTimeout.idle' : 'sessionTimeout.absolute', {
              time: formatTimeLeft(left ?? 0, locale),
            })}
          </Text>
          <p className="visually-hidden" aria-live="polite">
            {announcement}
          </p>
          {stay.isError && !isSignedOutError(stay.error) ? <ApiErrorAlert error={stay.error} /> : null}
          {signOut.isError ? <ApiErrorAlert error={signOut.error} /> : null}
          <div className="dialog__actions">
            <Button autoFocus isPending={stay.isPending} onPress={keepGoing}>
              {isIdleEnd
                ? t(stay.isPending ? 'sessionTimeout.staying' : 'sessionTimeout.stay')
                : t('sessionTimeout.close')}
            </Button>
            <Button
              variant="secondary"
              isPending={signOut.isPending}
              onPress={() => signOut.mutate({ everywhere: false })}
            >
              {t('sessionTimeout.signOut')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
