import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { Navigate, Outlet, useNavigate } from 'react-router';
import { isSignedOutError } from '../api/auth.ts';
import { forgetMe, useMe } from './me.ts';
import { goToSignIn, type Notice } from './notices.ts';
import { SessionTimeout } from './session-timeout.tsx';
import { isSignedIn, markSignedOut, useSignedOutElsewhere } from './signed-in.ts';

/**
 * The frame of the pages only a signed-in person sees. It asks `/me`; the page shows its own
 * loading and error states. Nobody signed in (401, or 404 from a server without sign-in) sends the
 * person to the sign-in page, as does signing out in another tab. Once signed in, the session
 * time-out warning watches the clock.
 */
export function SignedInLayout() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const isSignedOut = me.isError && isSignedOutError(me.error);

  useEffect(() => {
    if (isSignedOut) markSignedOut();
  }, [isSignedOut]);

  useSignedOutElsewhere(useCallback(() => goToSignIn(navigate, 'signedOut'), [navigate]));

  // Forget the person once the account pages are gone, not before: while they are still showing,
  // a forgotten answer would be asked for again.
  useEffect(
    () => () => {
      if (!isSignedIn()) forgetMe(queryClient);
    },
    [queryClient],
  );

  if (isSignedOut)
    return <Navigate to="/sign-in" replace state={{ notice: 'pleaseSignIn' satisfies Notice }} />;
  return (
    <>
      <Outlet />
      {me.isSuccess ? <SessionTimeout /> : null}
    </>
  );
}
