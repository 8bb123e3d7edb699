import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../platform/config.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { throttleForm } from './form-throttle-hook.ts';
import {
  acceptedResponse,
  changePasswordRequest,
  forgotPasswordRequest,
  forgotUserIdRequest,
  resetPasswordRequest,
} from './recovery.schemas.ts';
import {
  changePassword,
  type RecoveryLinks,
  remindUserIds,
  requestPasswordReset,
  resetPassword,
} from './recovery.ts';

/**
 * Where mails link to: AUTOFIN_PUBLIC_URL, else the address the portal listens on. Never the
 * request's Host header: anyone can send a forgot request with a Host of their own and would receive,
 * through the victim's mailbox, a link to their site carrying the victim's reset token.
 */
export function portalOrigin(config: Config): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

export function recoveryLinks(config: Config): RecoveryLinks {
  const origin = portalOrigin(config);
  return {
    signIn: `${origin}/sign-in`,
    resetPassword: (token) => `${origin}/reset-password?token=${encodeURIComponent(token)}`,
  };
}

/**
 * Forgotten User ID, forgotten password (link by mail), and changing the password while signed in.
 * The forms are `public-form` (anyone, but only from the portal's own pages: the CSRF check) and the
 * change is `session:recent` (an unlocked screen is not enough); `access.ts` installs those guards.
 */
export async function recoveryRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { challengeKey: string },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sign-in'];
  const links = recoveryLinks(deps.config);
  const meta = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });
  const throttle = { db, clock, challengeKey: deps.challengeKey };

  routes.post(
    '/api/v1/auth/user-id/forgot',
    {
      config: { access: 'public-form' },
      preHandler: throttleForm(throttle, 'forgot_user_id'),
      schema: {
        tags,
        summary: 'Email the User IDs registered to an email address',
        description:
          'Always 202 with `{}`, whether or not an account uses the address, so the answer reveals no account. Throttled by address like POST /api/v1/registration (a proof-of-work challenge after 3 tries in an hour, 429 after 20). Needs the X-CSRF-Token header.',
        body: forgotUserIdRequest,
        response: { 202: acceptedResponse },
      },
    },
    async (request, reply) => {
      await remindUserIds(db, clock, request.body.email, links, meta(request));
      return reply.code(202).send({});
    },
  );

  routes.post(
    '/api/v1/auth/password/forgot',
    {
      config: { access: 'public-form' },
      preHandler: throttleForm(throttle, 'forgot_password'),
      schema: {
        tags,
        summary: 'Email a password-reset link (valid 1 hour, single use)',
        description:
          'Always 202 with `{}`, whether or not the User ID exists. The link opens /reset-password?token=…. Throttled by address like POST /api/v1/registration. Needs the X-CSRF-Token header.',
        body: forgotPasswordRequest,
        response: { 202: acceptedResponse },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(db, clock, request.body.userId, links, meta(request));
      return reply.code(202).send({});
    },
  );

  routes.post(
    '/api/v1/auth/password/reset',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'Set a new password with the token of a reset link',
        description:
          '204 on success: the account is unlocked and every session signed out; the next sign-in still asks for the second factor. 400 AUTH.RESET_TOKEN_INVALID for an unknown, expired or used link; 400 AUTH.PASSWORD_NOT_ACCEPTED with `fields.password` when the password policy refuses it.',
        body: resetPasswordRequest,
      },
    },
    async (request, reply) => {
      await resetPassword(db, clock, request.body, meta(request));
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/auth/password/change',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Change the password while signed in; needs a recent sign-in or step-up',
        description:
          '204 on success: this session stays, every other session is signed out. 403 AUTH.STEP_UP_REQUIRED when the session last proved who it is more than 5 minutes ago. 400 with `fields.currentPassword` when the current password is wrong (a failure toward the lock, as at sign-in), `fields.newPassword` when the policy refuses the new one.',
        body: changePasswordRequest,
      },
    },
    async (request, reply) => {
      const session = request.session!;
      await changePassword(
        db,
        clock,
        { userId: session.user.id, tokenHash: session.tokenHash },
        request.body,
        { ...meta(request), userAgent: request.headers['user-agent'] },
      );
      return reply.code(204).send();
    },
  );
}
