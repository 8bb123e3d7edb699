import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  codeFactorsRequest,
  codeFactorsResponse,
  contactResponse,
  emailChangeRequest,
  emailConfirmRequest,
  phoneConfirmRequest,
  phoneRequest,
} from './contact-details.schemas.ts';
import {
  type ContactDeps,
  confirmEmailChange,
  confirmPhone,
  contactDetails,
  removePhone,
  requestEmailChange,
  sendEmailFactorCode,
  setCodeFactors,
  startPhoneVerification,
} from './contact-details.ts';
import { portalOrigin } from './recovery.routes.ts';
import { finishEnrolment } from './session-auth.ts';
import { codeSentResponse } from './sign-in.schemas.ts';
import type { SignInDeps } from './sign-in.ts';

/**
 * Email address, mobile number and sign-in codes by email or text message. Changes need a recent
 * sign-in or step-up (`session:recent`); the routes that set up a code factor also admit a user who
 * must set up a first factor at sign-in (`session:enrolling`), who is signed in once one is on.
 */
export async function contactRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { signIn: SignInDeps },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['security'];
  const origin = portalOrigin(deps.config);
  const contact: ContactDeps = {
    mfa: deps.signIn.mfa,
    pepper: deps.signIn.pepper,
    sms: deps.signIn.sms,
    verifyEmailUrl: (token) => `${origin}/verify-email?token=${encodeURIComponent(token)}`,
  };
  const meta = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });

  routes.get(
    '/api/v1/security/contact',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Your email address, mobile number, and whether sign-in codes go to them',
        response: { 200: contactResponse },
      },
    },
    async (request) => contactDetails(db, clock, request.session!),
  );

  routes.post(
    '/api/v1/security/email',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Change your email address: a link to confirm it goes to the new address',
        description:
          'The address changes only when the link (valid 1 hour, once) is opened; older links stop working. The old address is then told. At most 5 links an hour (429).',
        body: emailChangeRequest,
        response: { 202: z.object({ pendingEmail: z.string() }) },
      },
    },
    async (request, reply) => {
      const answer = await requestEmailChange(
        db,
        clock,
        contact,
        request.session!.user.id,
        request.body.email,
        meta(request),
      );
      return reply.code(202).send(answer);
    },
  );

  routes.post(
    '/api/v1/security/email/confirm',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'Confirm a new email address with the token of the link mailed to it',
        description:
          'No session needed: the link is the proof, so it works in any browser. 400 CONTACT.EMAIL_LINK_INVALID when it expired or was used.',
        body: emailConfirmRequest,
        response: { 200: z.object({ email: z.string() }) },
      },
    },
    async (request) => confirmEmailChange(db, clock, request.body.token, meta(request)),
  );

  routes.put(
    '/api/v1/security/phone',
    {
      config: { access: 'session:enrolling' },
      schema: {
        tags,
        summary: 'Add or change your mobile number: a code is texted to it',
        description:
          'Nothing changes until the code comes back (`POST /api/v1/security/phone/confirm`). 400 with `fields.phone` for a number that cannot receive texts. At most 5 codes in 10 minutes (429).',
        body: phoneRequest,
        response: { 202: codeSentResponse },
      },
    },
    async (request, reply) => {
      const sent = await startPhoneVerification(db, clock, contact, request.session!, request.body.phone);
      return reply.code(202).send(sent);
    },
  );

  routes.post(
    '/api/v1/security/phone/confirm',
    {
      config: { access: 'session:enrolling' },
      schema: {
        tags,
        summary: 'Confirm your mobile number with the code texted to it',
        description:
          'A wrong code counts toward the account lock; 5 wrong guesses spend the code. 409 CONTACT.NO_CODE when no code is waiting.',
        body: phoneConfirmRequest,
        response: { 200: z.object({ phone: z.string() }) },
      },
    },
    async (request) => confirmPhone(db, clock, contact, request.session!, request.body.code, meta(request)),
  );

  routes.delete(
    '/api/v1/security/phone',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Remove your mobile number (and sign-in codes by text message)',
        description: '409 AUTH.LAST_FACTOR when text-message codes are your only way to confirm it is you.',
      },
    },
    async (request, reply) => {
      await removePhone(db, clock, contact, request.session!, meta(request));
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/security/code-factors/email/code',
    {
      config: { access: 'session:enrolling' },
      schema: {
        tags,
        summary: 'Email a code to your address, to turn sign-in codes by email on',
        response: { 200: codeSentResponse },
      },
    },
    async (request) => sendEmailFactorCode(db, clock, contact, request.session!),
  );

  routes.put(
    '/api/v1/security/code-factors',
    {
      config: { access: 'session:enrolling' },
      schema: {
        tags,
        summary: 'Turn sign-in codes by email or text message on or off',
        description:
          'Email codes go on with `code`, a code just emailed (`POST …/code-factors/email/code`); text-message codes need a confirmed mobile number (409 CONTACT.NO_PHONE). Turning off your last way to confirm it is you is 409 AUTH.LAST_FACTOR where one is required. A user setting up a first factor at sign-in is then signed in (a new session cookie).',
        body: codeFactorsRequest,
        response: { 200: codeFactorsResponse },
      },
    },
    async (request, reply) => {
      const { turnedOn, ...settings } = await setCodeFactors(
        db,
        clock,
        contact,
        request.session!,
        request.body,
        meta(request),
      );
      if (turnedOn) await finishEnrolment(db, clock, request, reply);
      return settings;
    },
  );
}
