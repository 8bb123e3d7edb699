import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { isSignedOutError, signOut } from '../api/auth.ts';
import { goToSignIn } from './notices.ts';
import { markSignedOut } from './signed-in.ts';

/**
 * Signs out of this browser or, with `everywhere`, of every device, then shows the sign-in page
 * with "You have signed out.". A session the server had already ended counts as signed out too.
 */
export function useSignOut() {
  const navigate = useNavigate();
  // Leaving the account pages forgets the person too (see SignedInLayout).
  const finish = () => {
    goToSignIn(navigate, 'signedOut');
    markSignedOut();
  };
  return useMutation({
    mutationFn: ({ everywhere }: { everywhere: boolean }) => signOut(everywhere),
    onSuccess: finish,
    onError: (error) => {
      if (isSignedOutError(error)) finish();
    },
  });
}
