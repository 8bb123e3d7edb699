import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { preferencesRequest, preferencesResponse } from '../notifications/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { profileChangeRequest, profileResponse } from './profile.schemas.ts';
import { changeProfile, savePreferences, viewPreferences, viewProfile } from './profile.ts';

/**
 * The signed-in customer's profile and communication preferences. Reading needs a session; changing
 * the mailing address or phones needs a recent sign-in or step-up (`session:recent`), as email and
 * mobile changes do: they are where notices, payoff letters and the title go, so a borrowed or stolen
 * session must not be able to redirect them. Preferences only choose among the owner's own channels
 * (security alerts cannot be turned off), so a session suffices.
 */
export async function profileRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['profile'];
  const meta = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });

  routes.get(
    '/api/v1/profile',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Your name, mailing address, phones, email and User ID (404 for staff sign-ins)',
        description:
          'The name is read-only: it changes by request, with documents. The email changes through `POST /api/v1/security/email` (a link to confirm the new address).',
        response: { 200: profileResponse },
      },
    },
    async (request) => viewProfile(db, clock, request.session!),
  );

  routes.patch(
    '/api/v1/profile',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Change your mailing address and/or phones; needs a recent step-up',
        description:
          'US addresses only (USPS state code, ZIP or ZIP+4). A phone set to null or "" is removed; one left out stays. Audited, and a notice goes to your email.',
        body: profileChangeRequest,
        response: { 200: profileResponse },
      },
    },
    async (request) => changeProfile(db, clock, request.session!, request.body, meta(request)),
  );

  routes.get(
    '/api/v1/preferences',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Which notices you get by email and by text, the payment reminder, paperless',
        description:
          'Defaults when never saved: every notice by email, none by text, reminder 5 days before.',
        response: { 200: preferencesResponse },
      },
    },
    async (request) => viewPreferences(db, request.session!.user),
  );

  routes.put(
    '/api/v1/preferences',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Save your communication preferences (all of them)',
        description:
          'Security alerts by email cannot be turned off (400). Text messages need a confirmed mobile number (400 PREFERENCES.NO_MOBILE). Paperless on needs a live E-SIGN consent (`/api/v1/paperless`), else 409 PREFERENCES.CONSENT_REQUIRED; paperless off withdraws it.',
        body: preferencesRequest,
        response: { 200: preferencesResponse },
      },
    },
    async (request) => savePreferences(db, clock, request.session!.user, request.body, meta(request)),
  );
}
