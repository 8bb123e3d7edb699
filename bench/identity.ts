import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import type { TestApp } from '../src/test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn, TEST_PASSWORD } from '../src/test-support/users.ts';
import { type LatencyReport, percentile } from './latency.ts';

/**
 * Password checks per second at the portal's Argon2id cost (20 at once), and the latency of an
 * authenticated API call (`GET /api/v1/me`) made meanwhile: hashing runs on libuv's thread pool, so
 * it must not stall the event loop.
 */
export async function benchSignIns(t: TestApp, total: number): Promise<LatencyReport[]> {
  await createUser(t, 'bench.user');
  const session = await signIn(t, 'bench.user');
  let done = 0;
  const signInLatencies: number[] = [];
  const started = performance.now();
  const signer = async () => {
    while (done < total) {
      done += 1;
      const t0 = performance.now();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { userId: 'bench.user', password: TEST_PASSWORD },
        ...csrf,
      });
      if (res.statusCode !== 200) throw new Error(`sign-in answered ${res.statusCode}`);
      signInLatencies.push(performance.now() - t0);
    }
  };
  const meLatencies: number[] = [];
  let signing = true;
  const reader = async () => {
    while (signing) {
      // inject never touches the network, so yield to the event loop each time as a real client's
      // requests would; otherwise the loop would starve the hash completions it is waiting on.
      await setImmediate();
      const t0 = performance.now();
      await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: session } });
      meLatencies.push(performance.now() - t0);
    }
  };
  const readerDone = reader();
  await Promise.all(Array.from({ length: 20 }, signer));
  signing = false;
  await readerDone;
  const wall = performance.now() - started;
  const sortedSignIn = [...signInLatencies].sort((a, b) => a - b);
  const sortedMe = [...meLatencies].sort((a, b) => a - b);
  return [
    {
      task: `password sign-in (Argon2id m=19 MiB, t=2), 20 at once`,
      count: signInLatencies.length,
      perSecond: Math.round((signInLatencies.length / wall) * 1000),
      p50: Number(percentile(sortedSignIn, 50).toFixed(1)),
      p99: Number(percentile(sortedSignIn, 99).toFixed(1)),
    },
    {
      task: 'GET /api/v1/me while those sign-ins run',
      count: meLatencies.length,
      perSecond: Math.round((meLatencies.length / wall) * 1000),
      p50: Number(percentile(sortedMe, 50).toFixed(2)),
      p99: Number(percentile(sortedMe, 99).toFixed(2)),
    },
  ];
}
