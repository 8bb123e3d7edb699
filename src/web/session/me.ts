import { type QueryClient, useQuery } from '@tanstack/react-query';
import { fetchMe, type MeAnswer } from '../api/auth.ts';
import { retryHiccups } from '../api/client.ts';
import { markSignedIn } from './signed-in.ts';

export const ME_QUERY_KEY = ['me'] as const;

/** Fetches `/me` and shares the session's end times and roles with every tab before anyone sees the answer. */
export async function loadMe(): Promise<MeAnswer> {
  const answer = await fetchMe();
  markSignedIn(answer.session, answer.me);
  return answer;
}

/**
 * An answer this young is not asked again when a page opens: the sign-in pages ask `/me` to know
 * where the person's home is, and the home page that opens a moment later needs no second call.
 */
const FRESH_MS = 5_000;

/**
 * The signed-in person (`GET /api/v1/me`). Each call restarts the server's idle timer, so it is
 * asked on purpose only: when an account page opens (unless it was asked a moment ago), after a
 * sign-in, and when the person chooses to stay signed in, not when the window regains focus. A
 * 4xx is an answer, not a hiccup, so only a failure to get one is retried.
 */
export function useMe() {
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: loadMe,
    staleTime: FRESH_MS,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: retryHiccups,
  });
}

/** Forgets who was signed in, so the next person in this browser never sees it. */
export function forgetMe(queryClient: QueryClient): void {
  queryClient.removeQueries({ queryKey: ME_QUERY_KEY });
}
