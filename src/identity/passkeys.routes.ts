import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../platform/config.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  addPasskeyRequest,
  passkeyAssertionRequest,
  passkeyListing,
  passkeyOptionsResponse,
  renamePasskeyRequest,
} from './passkeys.schemas.ts';
import {
  addPasskey,
  listPasskeys,
  type PasskeyListing,
  type RelyingParty,
  registrationOptions,
  removePasskey,
  renamePasskey,
  signInOptions,
  signInWithPasskey,
  stepUpOptions,
  stepUpWithPasskey,
} from './passkeys.ts';
import { finishEnrolment, SESSION_COOKIE, setSessionCookie } from './session-auth.ts';
import { ABSOLUTE_TIMEOUT_MS, STEP_UP_WINDOW_MS } from './sessions.ts';

/**
 * The relying party of a request: AUTOFIN_PUBLIC_URL's host when set, else the host the browser
 * asked for. Trusting the Host header is safe here, unlike for links in mail: the browser signs the
 * origin it is really on and the authenticator scopes each passkey to its domain, so a request with
 * another Host can only ask for a passkey of that other domain, which no one has made for us.
 * Browsers refuse an IP address as RP ID: passkeys need the portal at a host name (localhost works).
 */
export function relyingParty(config: Config, request: FastifyRequest): RelyingParty {
  const origin = new URL(config.publicUrl ?? `${request.protocol}://${request.host}`);
  return { id: origin.hostname, origin: origin.origin, name: 'Autofin' };
}

const listed = (p: PasskeyListing) => ({
  ...p,
  createdAt: p.createdAt.toISOString(),
  lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
});

/**
 * Passkeys: making one (in settings, or as the first factor at sign-in), listing, renaming and
 * removing them; signing in with one alone; and stepping up with one.
 */
export async function passkeyRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const { clock, config } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['passkeys'];
  const meta = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });
  // A credential id is base64url: anything else names no passkey (and never reaches the database).
  const params = z.strictObject({
    passkeyId: z
      .string()
      .min(1)
      .max(1_400)
      .regex(/^[A-Za-z0-9_-]+$/, 'There is no such passkey.'),
  });

  routes.post(
    '/api/v1/security/passkeys/options',
    {
      config: { access: 'session:enrolling' },
      schema: {
        tags,
        summary: 'Start adding a passkey: options for navigator.credentials.create()',
        description:
          'For a user setting up a first factor at sign-in, or a signed-in user after a recent step-up. A discoverable credential with user verification; attestation is not asked for.',
        response: { 200: passkeyOptionsResponse },
      },
    },
    async (request) =>
      registrationOptions(db, clock, relyingParty(config, request), request.session!.user.id),
  );

  routes.post(
    '/api/v1/security/passkeys',
    {
      config: { access: 'session:enrolling' },
      schema: {
        tags,
        summary: 'Finish adding a passkey with the browser’s answer to the options',
        description:
          'The challenge works once, for 5 minutes. Without a name the passkey is named after the browser. The owner gets an email. A user setting up a first factor at sign-in is then signed in (a new session cookie).',
        body: addPasskeyRequest,
        response: { 201: z.object({ passkey: passkeyListing }) },
      },
    },
    async (request, reply) => {
      const passkey = await addPasskey(
        db,
        clock,
        relyingParty(config, request),
        request.session!.user.id,
        request.body,
        meta(request),
      );
      await finishEnrolment(db, clock, request, reply);
      return reply.code(201).send({ passkey: listed(passkey) });
    },
  );

  routes.get(
    '/api/v1/security/passkeys',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Your passkeys: name, when added, when last used',
        response: { 200: z.object({ passkeys: z.array(passkeyListing) }) },
      },
    },
    async (request) => ({ passkeys: (await listPasskeys(db, request.session!.user.id)).map(listed) }),
  );

  routes.patch(
    '/api/v1/security/passkeys/:passkeyId',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Rename one of your passkeys',
        params,
        body: renamePasskeyRequest,
        response: { 200: z.object({ passkey: passkeyListing }) },
      },
    },
    async (request) => {
      const { user } = request.session!;
      const renamed = await renamePasskey(
        db,
        user.id,
        request.params.passkeyId,
        request.body.name,
        meta(request),
      );
      return { passkey: listed(renamed) };
    },
  );

  routes.delete(
    '/api/v1/security/passkeys/:passkeyId',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Remove one of your passkeys (a lost or retired device)',
        description:
          '409 PASSKEYS.LAST_FACTOR when it is the only second factor and the portal requires one: set up another first.',
        params,
      },
    },
    async (request, reply) => {
      await removePasskey(db, request.session!.user.id, request.params.passkeyId, config.mfa, meta(request));
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/auth/passkey/options',
    {
      config: { access: 'public-form' },
      schema: {
        tags: ['sign-in'],
        summary: 'Start signing in with a passkey: options for navigator.credentials.get()',
        description:
          'No User ID: the device offers the passkeys it holds for this portal. Needs the X-CSRF-Token header.',
        response: { 200: passkeyOptionsResponse },
      },
    },
    async (request) => signInOptions(db, clock, relyingParty(config, request)),
  );

  routes.post(
    '/api/v1/auth/passkey/verify',
    {
      config: { access: 'public-form' },
      schema: {
        tags: ['sign-in'],
        summary: 'Sign in with a passkey alone (it is two factors in one)',
        description:
          'Any failure is 401 AUTH.PASSKEY_FAILED. 423 AUTH.LOCKED only after a passkey that worked. A pending sign-in in this browser (password typed, second factor not yet) ends: the new session replaces it.',
        body: passkeyAssertionRequest,
        response: { 200: z.object({ next: z.literal('done') }) },
      },
    },
    async (request, reply) => {
      const token = await signInWithPasskey(
        db,
        clock,
        relyingParty(config, request),
        request.body,
        request.cookies[SESSION_COOKIE],
        meta(request),
      );
      setSessionCookie(reply, token, new Date(clock.now().getTime() + ABSOLUTE_TIMEOUT_MS));
      return { next: 'done' as const };
    },
  );

  routes.post(
    '/api/v1/auth/passkey/step-up/options',
    {
      config: { access: 'session' },
      schema: {
        tags: ['sign-in'],
        summary: 'Start a step-up with one of your passkeys: options for navigator.credentials.get()',
        description: '409 PASSKEYS.NONE when you have no passkey.',
        response: { 200: passkeyOptionsResponse },
      },
    },
    async (request) => stepUpOptions(db, clock, relyingParty(config, request), request.session!.user.id),
  );

  routes.post(
    '/api/v1/auth/passkey/step-up',
    {
      config: { access: 'session' },
      schema: {
        tags: ['sign-in'],
        summary: 'Confirm it is you with one of your passkeys before a sensitive change',
        description: 'As POST /api/v1/auth/step-up: success starts a new session id, recent for 5 minutes.',
        body: passkeyAssertionRequest,
        response: { 200: z.object({ stepUpUntil: z.string() }) },
      },
    },
    async (request, reply) => {
      const renewed = await stepUpWithPasskey(
        db,
        clock,
        relyingParty(config, request),
        request.session!,
        request.body,
        meta(request),
      );
      setSessionCookie(reply, renewed.token, renewed.expiresAt);
      return { stepUpUntil: new Date(clock.now().getTime() + STEP_UP_WINDOW_MS).toISOString() };
    },
  );
}
