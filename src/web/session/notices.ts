import { type NavigateFunction, useLocation } from 'react-router';

/** Why the person was sent to the sign-in page; each has its text under `signIn.notices`. */
export const NOTICES = ['signedOut', 'pleaseSignIn', 'timedOut', 'sessionEnded', 'signInExpired'] as const;
export type Notice = (typeof NOTICES)[number];

type NoticeState = { notice: Notice };

function isNotice(value: unknown): value is Notice {
  return NOTICES.some((notice) => notice === value);
}

/**
 * Takes the person to the sign-in page saying why. It replaces the current entry, so Back does
 * not return to a page that would only send them here again.
 */
export function goToSignIn(navigate: NavigateFunction, notice: Notice): void {
  const state: NoticeState = { notice };
  void navigate('/sign-in', { replace: true, state });
}

/** The notice the sign-in page was opened with, if any. */
export function useSignInNotice(): Notice | undefined {
  const { state } = useLocation();
  const notice: unknown =
    typeof state === 'object' && state !== null ? (state as NoticeState).notice : undefined;
  return isNotice(notice) ? notice : undefined;
}
