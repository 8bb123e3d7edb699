import { type QueryClient, useQuery } from '@tanstack/react-query';
import { fetchMe, type MeAnswer } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import { markSignedIn } from './signed-in.ts';

export const ME_QUERY_KEY = ['me'] as const;

/** Fetches `/me` and shares the session's end times with every tab before anyone sees the answer. */
export async function loadMe(): Promise<MeAnswer> {
  const answer = await fetchMe();
  markSignedIn(answer.session);
  return answer;
}

/**
 * The signed-in person (`GET /api/v1/me`). Each call restarts the server's idle timer, so it is
 * asked on purpose only: when an account page opens and when the person chooses to stay signed
 * in, not when the window regains focus. A 4xx is an answer, not a hiccup, so only a failure to
 * get one is retried.
 */
export function useMe() {
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: loadMe,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (failures, error) =>
      failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
  });
}

/** Forgets who was signed in, so the next person in this browser never sees it. */
export function forgetMe(queryClient: QueryClient): void {
  queryClient.removeQueries({ queryKey: ME_QUERY_KEY });
}
