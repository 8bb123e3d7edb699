import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { admitFormTry, type ThrottledForm } from './form-throttle.ts';

/**
 * The header that carries a solved proof-of-work challenge (base64 JSON, as ALTCHA makes it) for a
 * throttled form. A header rather than a body field, so the throttle stays apart from each form's
 * own schema.
 */
export const CHALLENGE_HEADER = 'x-challenge';

/**
 * A route's preHandler that admits or refuses one try of a throttled public form (see
 * identity/form-throttle.ts). It runs after the body passed its schema, so a malformed request is
 * refused with its reasons and counts for nothing.
 */
export function throttleForm(
  deps: { db: Db; clock: Clock; challengeKey: string },
  form: ThrottledForm,
): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const solution = request.headers[CHALLENGE_HEADER];
    await admitFormTry(
      deps.db,
      deps.clock,
      deps.challengeKey,
      form,
      request.ip,
      typeof solution === 'string' ? solution : undefined,
    );
  };
}
