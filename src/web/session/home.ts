import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { forgetMe, loadMe, ME_QUERY_KEY } from './me.ts';
import { markSignedIn, type Roles, useSignedIn, useSignedInRoles } from './signed-in.ts';

/**
 * Each signed-in person's home, where signing in takes them and the header's home link points:
 * staff work in the support console; someone who acts only for businesses (memberships, no contracts
 * of their own) on their organization's fleet, or the list of their fleets when they act for
 * several; everyone else on their own dashboard, which lists their fleets too. Roles not known yet
 * count as a consumer's: the dashboard says who is signed in and how to go on.
 */
export function homeOf(roles: Roles | null): string {
  if (roles?.kind === 'staff') return '/staff';
  if (!actsOnlyForBusinesses(roles)) return '/account';
  const [first, ...others] = roles?.memberships ?? [];
  return first && others.length === 0 ? `/fleet/${first.organizationId}` : '/fleet';
}

/** Whether the person acts for businesses only: organizations, and no contracts of their own. */
export function actsOnlyForBusinesses(roles: Roles | null): boolean {
  return roles?.kind === 'customer' && roles.memberships.length > 0 && !roles.hasOwnContracts;
}

/** The home of whoever this browser takes to be signed in: the public home page for a visitor. */
export function useHome(): string {
  const roles = useSignedInRoles();
  return useSignedIn() ? homeOf(roles) : '/';
}

const RETURN_KEY = 'autofin.afterSignIn';

/**
 * A page of this portal to open once the person has signed in instead of their home (the
 * invitation they were accepting). It is kept for this tab only, and used once.
 */
export function returnAfterSignIn(path: string): void {
  sessionStorage.setItem(RETURN_KEY, path);
}

function takeReturn(): string | undefined {
  const path = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  // Only a path of this portal: never another site's address.
  return path?.startsWith('/') && !path.startsWith('//') ? path : undefined;
}

/**
 * What a sign-in page does once the server says the person is signed in: forget whoever was
 * signed in before, ask `/me` who this is (the answer is shared with the page that opens next), and
 * go to the page they were on their way to, or their home. If `/me` fails, the dashboard shows the
 * failure with a way to try again.
 */
export function useGoHomeSignedIn(): () => Promise<void> {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    forgetMe(queryClient);
    markSignedIn();
    const answer = await queryClient
      .fetchQuery({ queryKey: ME_QUERY_KEY, queryFn: loadMe })
      .catch(() => undefined);
    void navigate(takeReturn() ?? (answer ? homeOf(answer.me) : '/account'), { replace: true });
  }, [navigate, queryClient]);
}
