import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { requireApiKey } from './api-key-auth.ts';
import { requireSameSite, requireSession } from './session-auth.ts';

/**
 * Every API route declares who may call it, in its options (`config: { access: ... }`), and this
 * module installs the matching guard before anything else runs for the request. A route that
 * declares nothing is refused when the app starts, so none can be left open by omission.
 *
 * - `public`: anyone, no cookies involved (health, calculators, documentation).
 * - `public-form`: anyone, but a browser form: refused unless it came from the portal's own pages (CSRF).
 * - `session`: a fully signed-in user (password and second factor); state changes also pass the CSRF check.
 * - `session:recent`: the same, signed in or stepped up within 5 minutes (changes to email, phone,
 *   password, factors and payment methods); otherwise 403 AUTH.STEP_UP_REQUIRED.
 * - `session:enrolling`: the factor set-up routes: a user past the password who has no second
 *   factor yet and must set one up, or a signed-in user as for `session:recent`.
 * - `api-key:boarding`, `api-key:servicing`: an integration's API key of that role.
 * What a signed-in user may do with a particular resource is then asked of `core/policy.ts`.
 */
export const ACCESS_LEVELS = [
  'public',
  'public-form',
  'session',
  'session:recent',
  'session:enrolling',
  'api-key:boarding',
  'api-key:servicing',
] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Paths outside the API (the web app's files and pages) and the API documentation need no declaration. */
function needsDeclaration(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

function guardFor(access: Access, db: Db, clock: Clock): onRequestHookHandler | undefined {
  switch (access) {
    case 'public':
      return undefined;
    case 'public-form':
      return requireSameSite;
    case 'session':
      return requireSession(db, clock);
    case 'session:recent':
      return requireSession(db, clock, { admit: ['active'], recent: true });
    case 'session:enrolling':
      return requireSession(db, clock, { admit: ['active', 'enrolling'], recent: true });
    case 'api-key:boarding':
      return requireApiKey(db, clock, 'boarding');
    case 'api-key:servicing':
      return requireApiKey(db, clock, 'servicing');
  }
}

/** The access each registered API route declared: read by the route test and the OpenAPI notes. */
export type RouteAccess = { method: string; url: string; access: Access };

export function enforceDeclaredAccess(app: FastifyInstance, db: Db, clock: Clock): RouteAccess[] {
  const declared: RouteAccess[] = [];
  app.addHook('onRoute', (route) => {
    if (!needsDeclaration(route.url)) return;
    const access = route.config?.access;
    if (!access || !ACCESS_LEVELS.includes(access)) {
      throw new Error(
        `${String(route.method)} ${route.url} declares no access (config.access); see src/identity/route-access.ts.`,
      );
    }
    declared.push({ method: String(route.method), url: route.url, access });
    const guard = guardFor(access, db, clock);
    if (guard) {
      const existing = route.onRequest ? [route.onRequest].flat() : [];
      route.onRequest = [guard, ...existing];
    }
  });
  return declared;
}
