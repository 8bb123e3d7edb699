import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDateField, zipCode } from '../schemas/fields.ts';
import { actorOf } from '../services/accounts.ts';
import {
  readAuditLog,
  resetFactors,
  searchCustomers,
  sendResetLink,
  unlockUser,
  verifyCaller,
} from '../services/staff.ts';
import type { AppDeps } from './app.ts';
import { recoveryLinks } from './recovery.ts';

/** The support console's API: signed-in staff only (the policy answers 404 to anyone else). */
export async function staffRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['staff'];
  const config = { access: 'session' as const };

  routes.get(
    '/api/v1/staff/customers',
    {
      config,
      schema: {
        tags,
        summary: 'Find a customer by name, email, phone or contract number (contact details masked)',
        querystring: z.strictObject({
          q: z.string().trim().min(2, 'Search for at least 2 characters.').max(100),
        }),
      },
    },
    async (request) => ({
      customers: await searchCustomers(db, actorOf(request.session!.user), request.query.q, {
        requestId: request.id,
      }),
    }),
  );

  routes.post(
    '/api/v1/staff/customers/:customerId/verify',
    {
      config,
      schema: {
        tags,
        summary: 'Check what a caller says against the file; answers only whether each item matches',
        params: z.strictObject({ customerId: z.uuid() }),
        body: z.strictObject({
          dateOfBirth: calendarDateField('The date of birth').optional(),
          taxIdLast4: z.string().regex(/^\d{4}$/, 'The last four digits are 4 digits.'),
          zip: zipCode,
        }),
      },
    },
    async (request) =>
      verifyCaller(db, actorOf(request.session!.user), request.params.customerId, request.body, {
        requestId: request.id,
      }),
  );

  routes.post(
    '/api/v1/staff/users/:loginId/unlock',
    {
      config,
      schema: {
        tags,
        summary: 'End a customer login’s lockout',
        params: z.strictObject({ loginId: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      await unlockUser(db, deps.clock, actorOf(request.session!.user), request.params.loginId, {
        requestId: request.id,
      });
      return reply.code(204).send();
    },
  );

  routes.get(
    '/api/v1/staff/audit',
    {
      config,
      schema: {
        tags,
        summary: 'The audit log, newest first (supervisors and admins)',
        querystring: z.strictObject({
          resourceType: z.string().max(40).optional(),
          resourceId: z.string().max(80).optional(),
        }),
      },
    },
    async (request) => {
      const events = await readAuditLog(db, actorOf(request.session!.user), request.query);
      return { events: events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })) };
    },
  );

  const links = recoveryLinks(deps.config);
  routes.post(
    '/api/v1/staff/users/:loginId/password-reset',
    {
      config,
      schema: {
        tags,
        summary: 'Send the customer a password-reset link by mail (staff never see or set a password)',
        params: z.strictObject({ loginId: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      await sendResetLink(db, deps.clock, actorOf(request.session!.user), request.params.loginId, links, {
        requestId: request.id,
        ip: request.ip,
      });
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/staff/users/:loginId/reset-factors',
    {
      config,
      schema: {
        tags,
        summary:
          'Remove a verified caller’s authenticator app and recovery codes, and sign them out everywhere',
        params: z.strictObject({ loginId: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      await resetFactors(db, deps.clock, actorOf(request.session!.user), request.params.loginId, {
        requestId: request.id,
      });
      return reply.code(204).send();
    },
  );
}
