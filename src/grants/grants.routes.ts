import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/index.ts';
import { portalOrigin, setFirstSessionCookie, throttleForm } from '../identity/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams } from '../servicing/index.ts';
import {
  accountGrant,
  accountGrantParams,
  accountGrantsResponse,
  grantAcceptRequest,
  grantChange,
  grantInvitationDescription,
  grantJoinRequest,
  grantJoinResponse,
  grantParams,
  grantRequest,
  heldGrantsResponse,
} from './grants.schemas.ts';
import {
  acceptGrant,
  changeGrant,
  describeGrantInvitation,
  type GrantLinks,
  inviteGrant,
  joinGrantWithNewLogin,
  leaveGrant,
  listAccountGrants,
  myGrants,
  revokeGrant,
} from './grants.ts';

/**
 * Grants: a holder's `/api/v1/accounts/{contractNumber}/grants…` (invite, list, change, revoke) and
 * the grantee's `/api/v1/grants…` (accept, list, leave), and the invitation link's public
 * `/api/v1/grant-invitations/…` (describe it, accept it with a new login). A holder's changes need a
 * recent sign-in (`session:recent`), as member changes do.
 */
export async function grantRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { challengeKey: string },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['grants'];
  const origin = portalOrigin(deps.config);
  const links: GrantLinks = {
    accept: (token) => `${origin}/grant-invitation?token=${encodeURIComponent(token)}`,
  };
  const call = (request: FastifyRequest) => ({
    actor: actorOf(request.session!.user),
    meta: { requestId: request.id, ip: request.ip },
  });
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  const shaped = (grant: Awaited<ReturnType<typeof listAccountGrants>>[number]) => ({
    ...grant,
    createdAt: grant.createdAt.toISOString(),
    acceptedAt: iso(grant.acceptedAt),
    invitationExpiresAt: iso(grant.invitationExpiresAt),
  });

  routes.get(
    '/api/v1/accounts/:contractNumber/grants',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The people given access to the account, and the invitations (holders only)',
        description: '404 ACCOUNTS.NOT_FOUND for an account you do not hold (a co-signer or a grantee too).',
        params: contractNumberParams,
        response: { 200: accountGrantsResponse },
      },
    },
    async (request) => {
      const grants = await listAccountGrants(db, clock, call(request).actor, request.params.contractNumber);
      return { grants: grants.map(shaped) };
    },
  );

  routes.post(
    '/api/v1/accounts/:contractNumber/grants',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Invite someone not on the contract to view the account, or view and pay (audited)',
        description:
          'Mails a link that works once for 7 days. 400 GRANTS.SELF, GRANTS.END_IN_PAST, GRANTS.END_AFTER_MATURITY; 409 GRANTS.PARTY, GRANTS.ALREADY_GRANTED, CONTRACTS.NOT_ACTIVE.',
        params: contractNumberParams,
        body: grantRequest,
        response: { 201: accountGrant },
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      const grant = await inviteGrant(
        db,
        clock,
        actor,
        request.params.contractNumber,
        request.body,
        links,
        meta,
      );
      return reply.code(201).send(shaped(grant));
    },
  );

  routes.patch(
    '/api/v1/accounts/:contractNumber/grants/:grantId',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Change a grant’s permission or end date; holds from the grantee’s next request (audited)',
        description: '409 GRANTS.ENDED for a grant that has ended.',
        params: accountGrantParams,
        body: grantChange,
        response: { 200: accountGrant },
      },
    },
    async (request) => {
      const { actor, meta } = call(request);
      const { contractNumber, grantId } = request.params;
      return shaped(await changeGrant(db, clock, actor, contractNumber, grantId, request.body, meta));
    },
  );

  routes.delete(
    '/api/v1/accounts/:contractNumber/grants/:grantId',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Revoke a grant or withdraw its invitation; holds from the grantee’s next request (audited)',
        description: '409 GRANTS.ENDED for a grant that has ended already.',
        params: accountGrantParams,
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      await revokeGrant(db, clock, actor, request.params.contractNumber, request.params.grantId, meta);
      return reply.code(204).send();
    },
  );

  routes.get(
    '/api/v1/grants',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The access others gave the signed-in person to their accounts',
        response: { 200: heldGrantsResponse },
      },
    },
    async (request) => {
      const grants = await myGrants(db, clock, call(request).actor);
      return { grants: grants.map((g) => ({ ...g, acceptedAt: iso(g.acceptedAt) })) };
    },
  );

  routes.post(
    '/api/v1/grants/accept',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Accept an invitation made to the signed-in person’s own email address (audited)',
        description:
          '400 GRANTS.INVALID_INVITATION for a link that is unknown, expired, withdrawn or used; 403 GRANTS.OTHER_ADDRESS when it was sent to another address.',
        body: grantAcceptRequest,
        response: {
          201: z.object({
            id: z.uuid(),
            contractNumber: z.string(),
            permission: accountGrant.shape.permission,
            endsOn: z.string().nullable(),
          }),
        },
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      return reply.code(201).send(await acceptGrant(db, clock, actor, request.body.token, meta));
    },
  );

  routes.delete(
    '/api/v1/grants/:grantId',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Give up access to someone else’s account; holds from the next request (audited)',
        params: grantParams,
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      await leaveGrant(db, clock, actor, request.params.grantId, meta);
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/grant-invitations/describe',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary:
          'What a grant invitation link offers: who invited, the permission, until when, the vehicle and the address (masked)',
        description: '400 GRANTS.INVALID_INVITATION for an unknown, expired, withdrawn or used link.',
        body: grantAcceptRequest,
        response: { 200: grantInvitationDescription },
      },
    },
    async (request) => {
      const described = await describeGrantInvitation(db, clock, request.body.token);
      return { ...described, expiresAt: described.expiresAt.toISOString() };
    },
  );

  routes.post(
    '/api/v1/grant-invitations/join',
    {
      config: { access: 'public-form' },
      preHandler: throttleForm({ db, clock, challengeKey: deps.challengeKey }, 'register'),
      schema: {
        tags,
        summary:
          'Accept a grant invitation without a login: choose a User ID and password for the invited address (audited)',
        description:
          'Creates the login, spends the invitation and starts the grant. `next: enrol`: the session may only set up a second factor, which then signs in. 400 GRANTS.INVALID_INVITATION; 409 REGISTRATION.USER_ID_TAKEN with `fields.userId`; 400 AUTH.PASSWORD_NOT_ACCEPTED with `fields.password`.',
        body: grantJoinRequest,
        response: { 200: grantJoinResponse },
      },
    },
    async (request, reply) => {
      const step = await joinGrantWithNewLogin(db, clock, deps.config.mfa, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      });
      setFirstSessionCookie(reply, clock, step);
      return { next: step.next };
    },
  );
}
