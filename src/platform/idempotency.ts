import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { idempotencyKeys } from '../db/schema.ts';
import { DomainError } from './errors.ts';

/**
 * Money-moving requests carry an Idempotency-Key. Run inside the request's transaction: the first
 * request with a key does the work and stores its answer with the key; a retry with the same key and
 * the same input gets that answer again without doing anything; the same key with other input is a
 * conflict. A request that fails rolls back its key too, so it can be retried. Two concurrent requests
 * with one key serialize on the key's primary key: the second waits, then finds the first's answer.
 */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export type Answer<T> = { statusCode: number; body: T; replayed: boolean };

function hashRequest(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

export async function once<T>(
  tx: Db,
  scope: string,
  key: string,
  request: unknown,
  work: () => Promise<{ statusCode: number; body: T }>,
): Promise<Answer<T>> {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError(
      'invalid',
      'IDEMPOTENCY.KEY_INVALID',
      'The Idempotency-Key must be 8–128 letters, digits or _ . : -',
      {
        'Idempotency-Key':
          'Use a new random value (a UUID) for each new payment, and the same value to retry it.',
      },
    );
  }
  const requestHash = hashRequest(request);
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const [previous] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (!previous || previous.requestHash !== requestHash) {
      throw new DomainError(
        'conflict',
        'IDEMPOTENCY.KEY_REUSED',
        'This Idempotency-Key was already used for a different request. Use a new key for a new payment.',
      );
    }
    return { statusCode: previous.statusCode ?? 200, body: previous.response as T, replayed: true };
  }
  const answer = await work();
  await tx
    .update(idempotencyKeys)
    .set({ statusCode: answer.statusCode, response: answer.body as object })
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return { ...answer, replayed: false };
}

export function requireIdempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) {
    throw new DomainError(
      'invalid',
      'IDEMPOTENCY.KEY_REQUIRED',
      'A payment needs an Idempotency-Key header.',
      {
        'Idempotency-Key':
          'Send a new random value (a UUID) with each new payment, and the same value to retry it.',
      },
    );
  }
  return key;
}
