import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import {
  ABSOLUTE_TIMEOUT_MS,
  type ActiveSession,
  ENROLLING_TIMEOUT_MS,
  findSession,
  isRecentlyAuthenticated,
  type SessionState,
} from './sessions.ts';
import { completeSignIn, sameSecret } from './sign-in.ts';

/**
 * Cookies of a signed-in browser, and the defences that go with them.
 * - The session cookie is `__Host-` (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax.
 * - CSRF: a state change is refused when the browser says the request is cross-site
 *   (`Sec-Fetch-Site`) or comes from another origin (`Origin`), and unless it echoes the
 *   `autofin_csrf` cookie in an `X-CSRF-Token` header (double submit: a page on another site can
 *   neither read the cookie nor set the header).
 */
export const SESSION_COOKIE = '__Host-autofin_session';
export const CSRF_COOKIE = 'autofin_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    session?: ActiveSession;
  }
}

export function setSessionCookie(reply: FastifyReply, token: string, expires: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    expires,
  });
}

/** Sets the cookie of a new login's first session, for as long as that kind of session lasts. */
export function setFirstSessionCookie(
  reply: FastifyReply,
  clock: Clock,
  step: { next: 'enrol' | 'done'; token: string },
): void {
  const lifetime = step.next === 'enrol' ? ENROLLING_TIMEOUT_MS : ABSOLUTE_TIMEOUT_MS;
  setSessionCookie(reply, step.token, new Date(clock.now().getTime() + lifetime));
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

/** Gives every browser a CSRF token cookie on its first response. */
export function issueCsrfCookies(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.cookies[CSRF_COOKIE]) {
      reply.setCookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
        path: '/',
        secure: true,
        sameSite: 'strict',
      });
    }
  });
}

const FORBIDDEN_CSRF = () =>
  new DomainError(
    'forbidden',
    'AUTH.CSRF',
    'This request did not come from the portal’s own pages. Reload the page and try again.',
  );

/** Refuses a state-changing request that a page on another site could have sent. */
export async function requireSameSite(request: FastifyRequest): Promise<void> {
  if (request.headers['sec-fetch-site'] === 'cross-site') throw FORBIDDEN_CSRF();
  const origin = request.headers.origin;
  if (origin && new URL(origin).host !== request.headers.host) throw FORBIDDEN_CSRF();
  const cookie = request.cookies[CSRF_COOKIE];
  const header = request.headers['x-csrf-token'];
  if (!cookie || typeof header !== 'string' || !sameSecret(cookie, header)) throw FORBIDDEN_CSRF();
}

/**
 * Admits a request with a session in one of the given states and restarts its idle timer:
 * `active` is a full sign-in; `enrolling` is a right password from a user who must now set up a
 * first factor (only the routes that do that admit it). `recent` also asks an active session for a
 * proof of identity within the step-up window, for changes an attacker at an unlocked screen must
 * not make.
 */
export function requireSession(
  db: Db,
  clock: Clock,
  options: { admit: readonly SessionState[]; recent?: boolean } = { admit: ['active'] },
) {
  return async (request: FastifyRequest): Promise<void> => {
    const session = await findSession(db, clock, request.cookies[SESSION_COOKIE], { touch: true });
    if (!session || !options.admit.includes(session.state)) {
      throw new DomainError('unauthenticated', 'AUTH.SIGNED_OUT', 'Please sign in.');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') await requireSameSite(request);
    // An enrolling session has just proved the password and can do nothing else: recent by nature.
    if (options.recent && session.state === 'active' && !isRecentlyAuthenticated(session, clock)) {
      throw new DomainError(
        'forbidden',
        'AUTH.STEP_UP_REQUIRED',
        'For your security, confirm it is you before making this change.',
      );
    }
    request.session = session;
  };
}

/**
 * After a user who signed in without a second factor has set one up: the enrolling session ends and
 * a full one begins, as after any sign-in (new id, history, new-device alert). No-op when signed in.
 */
export async function finishEnrolment(
  db: Db,
  clock: Clock,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const session = request.session;
  if (session?.state !== 'enrolling') return;
  const token = await completeSignIn(db, clock, session.user, session.tokenHash, {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  });
  setSessionCookie(reply, token, new Date(clock.now().getTime() + ABSOLUTE_TIMEOUT_MS));
}
