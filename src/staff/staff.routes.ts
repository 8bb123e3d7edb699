import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/index.ts';
import { staffContractGrants, staffEndGrant } from '../grants/index.ts';
import { recoveryLinks } from '../identity/index.ts';
import { OUTBOX_STATES, type OutboxEntry } from '../notifications/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams, type StoredLedgerCheck } from '../servicing/index.ts';
import {
  auditLogQuery,
  customerSearchQuery,
  ledgerCheckResponse,
  staffGrantEndRequest,
  staffGrantParams,
  staffGrantsResponse,
  verifyCallerBody,
} from './staff.schemas.ts';
import {
  customerDetail,
  readAuditLog,
  readDailyCycle,
  readLedgerCheck,
  readOutbox,
  readPrintQueue,
  resetFactors,
  retryOutboxMessage,
  runLedgerCheck,
  searchCustomers,
  sendResetLink,
  staffProfile,
  unlockUser,
  verifyCaller,
} from './staff.ts';

/** Who acts, and the request details every staff audit event carries. */
const staffCall = (request: FastifyRequest) => ({
  actor: actorOf(request.session!.user),
  meta: { requestId: request.id, ip: request.ip },
});

/** The support console's API: signed-in staff only (the policy answers 404 to anyone else). */
export async function staffRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['staff'];
  const config = { access: 'session' as const };
  const loginParams = z.strictObject({ loginId: z.string().max(64) });

  routes.get(
    '/api/v1/staff/profile',
    {
      config,
      schema: { tags, summary: 'The signed-in staff member’s role and what it allows in the console' },
    },
    async (request) => staffProfile(actorOf(request.session!.user)),
  );

  routes.get(
    '/api/v1/staff/customers',
    {
      config,
      schema: {
        tags,
        summary:
          'Find a customer by name, email, phone or contract number (contact details masked, contract numbers)',
        querystring: customerSearchQuery,
      },
    },
    async (request) => {
      const { actor, meta } = staffCall(request);
      return { customers: await searchCustomers(db, actor, request.query.q, meta) };
    },
  );

  routes.get(
    '/api/v1/staff/customers/:customerId',
    {
      config,
      schema: {
        tags,
        summary:
          'One customer: masked contact details, contracts, logins with their lock and second factors, and whether the caller is verified',
        params: z.strictObject({ customerId: z.uuid() }),
      },
    },
    async (request) => {
      const { actor, meta } = staffCall(request);
      return customerDetail(db, deps.clock, actor, request.params.customerId, meta);
    },
  );

  routes.post(
    '/api/v1/staff/customers/:customerId/verify',
    {
      config,
      schema: {
        tags,
        summary:
          'Check what a caller says against the file; answers only whether each item matches. A match lets this staff member act on the customer’s logins for 15 minutes',
        params: z.strictObject({ customerId: z.uuid() }),
        body: verifyCallerBody,
      },
    },
    async (request) => {
      const { actor, meta } = staffCall(request);
      return verifyCaller(db, actor, request.params.customerId, request.body, meta);
    },
  );

  routes.post(
    '/api/v1/staff/users/:loginId/unlock',
    {
      config,
      schema: {
        tags,
        summary: 'End a customer login’s lockout (after verifying the caller)',
        params: loginParams,
      },
    },
    async (request, reply) => {
      const { actor, meta } = staffCall(request);
      await unlockUser(db, deps.clock, actor, request.params.loginId, meta);
      return reply.code(204).send();
    },
  );

  routes.get(
    '/api/v1/staff/audit',
    {
      config,
      schema: {
        tags,
        summary: 'The audit log, newest first, a page at a time (supervisors and admins)',
        querystring: auditLogQuery,
      },
    },
    async (request) => {
      const { actor, meta } = staffCall(request);
      const { events, nextBefore } = await readAuditLog(db, actor, request.query, meta);
      return {
        events: events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
        nextBefore,
      };
    },
  );

  routes.get(
    '/api/v1/staff/daily-cycle',
    {
      config,
      schema: {
        tags,
        summary:
          'The daily cycle of the latest business dates: each stage’s chunks done, what it did, and failing steps (supervisors and admins)',
      },
    },
    async (request) => {
      const cycles = await readDailyCycle(db, actorOf(request.session!.user));
      return {
        cycles: cycles.map((c) => ({
          ...c,
          startedAt: c.startedAt.toISOString(),
          finishedAt: c.finishedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  routes.get(
    '/api/v1/staff/print-queue',
    {
      config,
      schema: {
        tags,
        summary:
          'Paper statements waiting for the mail house’s file, and the latest daily print files (supervisors and admins)',
      },
    },
    async (request) => {
      const { waiting, batches } = await readPrintQueue(db, actorOf(request.session!.user));
      return { waiting, batches: batches.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })) };
    },
  );

  const outboxEntry = (m: OutboxEntry) => ({
    ...m,
    createdAt: m.createdAt.toISOString(),
    nextAttemptAt: m.nextAttemptAt.toISOString(),
  });
  routes.get(
    '/api/v1/staff/outbox',
    {
      config,
      schema: {
        tags,
        summary:
          'Messages that could not be delivered after every attempt (`dead`), or still waiting (`pending`), newest first, addresses masked (supervisors and admins)',
        querystring: z.strictObject({ state: z.enum(OUTBOX_STATES).default('dead') }),
      },
    },
    async (request) => {
      const { total, messages } = await readOutbox(db, actorOf(request.session!.user), request.query.state);
      return { total, messages: messages.map(outboxEntry) };
    },
  );

  routes.post(
    '/api/v1/staff/outbox/:id/retry',
    {
      config,
      schema: {
        tags,
        summary:
          'Send an undelivered message again, with a fresh set of attempts; audited (supervisors and admins)',
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
      },
    },
    async (request) => {
      const { actor, meta } = staffCall(request);
      return outboxEntry(await retryOutboxMessage(db, deps.clock, actor, request.params.id, meta));
    },
  );

  const ledgerCheckAnswer = (check: StoredLedgerCheck | null) => ({
    check: check ? { ...check, checkedAt: check.checkedAt.toISOString() } : null,
  });
  routes.get(
    '/api/v1/staff/ledger-check',
    {
      config,
      schema: {
        tags,
        summary:
          'The latest proof of the ledger (console or CLI): entries counted, unbalanced entries and cached balances that differ from their postings (supervisors and admins)',
        response: { 200: ledgerCheckResponse },
      },
    },
    async (request) => ledgerCheckAnswer(await readLedgerCheck(db, actorOf(request.session!.user))),
  );

  routes.post(
    '/api/v1/staff/ledger-check',
    {
      config,
      schema: {
        tags,
        summary:
          'Prove the ledger now and keep the result: every entry balances and every cached balance equals its postings; audited (supervisors and admins)',
        response: { 200: ledgerCheckResponse },
      },
    },
    async (request) => {
      const { actor, meta } = staffCall(request);
      return ledgerCheckAnswer(await runLedgerCheck(db, deps.clock, actor, meta));
    },
  );

  const links = recoveryLinks(deps.config);
  routes.post(
    '/api/v1/staff/users/:loginId/password-reset',
    {
      config,
      schema: {
        tags,
        summary:
          'Send the customer a password-reset link by mail, after verifying the caller (staff never see or set a password)',
        params: loginParams,
      },
    },
    async (request, reply) => {
      const { actor, meta } = staffCall(request);
      await sendResetLink(db, deps.clock, actor, request.params.loginId, links, meta);
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
          'Remove a verified caller’s second factors and recovery codes, sign them out everywhere and tell them by mail',
        params: loginParams,
      },
    },
    async (request, reply) => {
      const { actor, meta } = staffCall(request);
      await resetFactors(db, deps.clock, actor, request.params.loginId, meta);
      return reply.code(204).send();
    },
  );

  routes.get(
    '/api/v1/staff/contracts/:contractNumber/grants',
    {
      config,
      schema: {
        tags,
        summary:
          'The people the contract’s holders gave access to, and the invitations, with their state (staff; the look is audited)',
        description: 'Addresses masked. 404 ACCOUNTS.NOT_FOUND for an unknown contract.',
        params: contractNumberParams,
        response: { 200: staffGrantsResponse },
      },
    },
    async (request) => {
      const { actor, meta } = staffCall(request);
      const iso = (at: Date | null) => at?.toISOString() ?? null;
      const grants = await staffContractGrants(db, deps.clock, actor, request.params.contractNumber, meta);
      return {
        grants: grants.map((g) => ({
          ...g,
          createdAt: g.createdAt.toISOString(),
          acceptedAt: iso(g.acceptedAt),
          invitationExpiresAt: iso(g.invitationExpiresAt),
          endedAt: iso(g.endedAt),
        })),
      };
    },
  );

  routes.post(
    '/api/v1/staff/contracts/:contractNumber/grants/:grantId/end',
    {
      config,
      schema: {
        tags,
        summary:
          'End a grant at once (a fraud report, say), with a reason; holds from the grantee’s next request; audited, the holders told',
        description: '409 GRANTS.ENDED for a grant that has ended already; 404 GRANTS.NOT_FOUND.',
        params: staffGrantParams,
        body: staffGrantEndRequest,
      },
    },
    async (request, reply) => {
      const { actor, meta } = staffCall(request);
      const { contractNumber, grantId } = request.params;
      await staffEndGrant(db, deps.clock, actor, contractNumber, grantId, request.body.reason, meta);
      return reply.code(204).send();
    },
  );
}
