import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.ts';
import { solve } from './users.ts';

/**
 * Sends a request the way the web app sends a throttled public form (registration, forgot User ID,
 * forgot password): when the server asks for the proof-of-work challenge (all test requests share
 * one address, so it soon does), solve it and send the request again with the X-Challenge header.
 */
export async function injectForm(t: TestApp, options: InjectOptions): Promise<LightMyRequestResponse> {
  const first = await t.app.inject(options);
  if (first.statusCode !== 401 || first.json().error?.code !== 'AUTH.CHALLENGE_REQUIRED') return first;
  const solution = await solve(first.json().error.challenge);
  return t.app.inject({ ...options, headers: { ...options.headers, 'x-challenge': solution } });
}
