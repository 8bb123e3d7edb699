import { z } from 'zod';
import { ApiError, requestJson } from './client.ts';

const challengeShape = z.object({
  algorithm: z.string(),
  challenge: z.string(),
  salt: z.string(),
  signature: z.string(),
  maxnumber: z.number().optional(),
});

/**
 * Sends a request that the server may refuse with `AUTH.CHALLENGE_REQUIRED` (sign-in after repeated
 * failures, the public forms after a few tries from one address). Then the browser finds the
 * proof-of-work number (about a second of hashing, no third party involved; the solver is loaded
 * only then) and `attempt` sends the same request again with the solution.
 */
export async function withChallenge<Response>(
  attempt: (solution: string | undefined) => Promise<Response>,
): Promise<Response> {
  try {
    return await attempt(undefined);
  } catch (error) {
    const challenge =
      error instanceof ApiError && error.code === 'AUTH.CHALLENGE_REQUIRED'
        ? challengeShape.safeParse(error.details.challenge)
        : undefined;
    if (!challenge?.success) throw error;
    const { solveChallenge } = await import('altcha-lib');
    const c = challenge.data;
    const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
    if (!solution) throw error;
    const payload = {
      algorithm: c.algorithm,
      challenge: c.challenge,
      number: solution.number,
      salt: c.salt,
      signature: c.signature,
    };
    return attempt(btoa(JSON.stringify(payload)));
  }
}

/** POSTs a throttled public form (registration, forgot User ID, forgot password), solving the challenge when asked. */
export function postForm<Response>(
  path: string,
  body: unknown,
  responseSchema: z.ZodType<Response>,
): Promise<Response> {
  return withChallenge(
    async (solution) =>
      (await requestJson('POST', path, body, responseSchema, solution ? { 'x-challenge': solution } : {}))
        .data,
  );
}
