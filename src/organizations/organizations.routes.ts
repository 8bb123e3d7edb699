import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/index.ts';
import { portalOrigin, setFirstSessionCookie, throttleForm } from '../identity/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  assignmentsResponse,
  bulkVehicleEdit,
  driverAdded,
  driverAssignment,
  driverRequest,
  driversResponse,
  fleetQuery,
  fleetResponse,
  fleetVehicleResponse,
  odometerReadingRequest,
  vehicleEdit,
  vehiclesUpdatedResponse,
} from './fleet.schemas.ts';
import { fleetDashboard } from './fleet.ts';
import {
  invitationDescription,
  invitationParams,
  invitationRequest,
  invitationSummary,
  invitationTokenRequest,
  joinedResponse,
  joinRequest,
  joinResponse,
  memberParams,
  memberRoleRequest,
  membersResponse,
  organizationDetail,
  organizationParams,
  organizationsResponse,
} from './organizations.schemas.ts';
import {
  acceptInvitation,
  changeMemberRole,
  describeInvitation,
  type InvitationLinks,
  inviteMember,
  joinWithNewLogin,
  listMembers,
  myOrganizations,
  organizationSummary,
  removeMember,
  revokeInvitation,
} from './organizations.ts';
import {
  addDriver,
  assignDriver,
  assignmentHistory,
  bulkEditVehicles,
  editVehicle,
  importVehicleCsv,
  listDrivers,
  reportFleetOdometer,
  viewFleetVehicle,
} from './vehicles.ts';

const iso = <T extends Record<string, unknown>>(row: T, ...keys: (keyof T)[]) => {
  const copy: Record<string, unknown> = { ...row };
  for (const key of keys) copy[key as string] = (row[key] as Date).toISOString();
  return copy as { [K in keyof T]: T[K] extends Date ? string : T[K] };
};

/**
 * Organizations and their members: `/api/v1/organizations/{id}/…`, the fleet pages' own calls.
 * Member changes need a recent sign-in (`session:recent`), as changes to one's own security do.
 */
export async function organizationRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { challengeKey: string },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  const origin = portalOrigin(deps.config);
  const links: InvitationLinks = {
    accept: (token) => `${origin}/invitation?token=${encodeURIComponent(token)}`,
  };
  const call = (request: FastifyRequest) => ({
    actor: actorOf(request.session!.user),
    meta: { requestId: request.id, ip: request.ip },
  });

  routes.get(
    '/api/v1/organizations',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The organizations the signed-in person acts for, with their role and what it allows',
        response: { 200: organizationsResponse },
      },
    },
    async (request) => ({ organizations: await myOrganizations(db, call(request).actor) }),
  );

  routes.get(
    '/api/v1/organizations/:organizationId',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'One organization: its name, your role and rights, how many contracts, its payment limits',
        description: '404 ORGANIZATIONS.NOT_FOUND for an organization you are not a member of.',
        params: organizationParams,
        response: { 200: organizationDetail },
      },
    },
    async (request) => organizationSummary(db, call(request).actor, request.params.organizationId),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/fleet',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'The fleet: every contract and vehicle, filtered, searched, sorted and paged, with the fleet’s totals',
        description:
          'Read from the stored positions as of the business date: a fixed number of queries whatever the fleet’s size. Filters combine (AND). A driver sees only their vehicles and no money (`finances` and the money totals are null).',
        params: organizationParams,
        querystring: fleetQuery,
        response: { 200: fleetResponse },
      },
    },
    async (request) =>
      fleetDashboard(db, clock, call(request).actor, request.params.organizationId, request.query),
  );

  // A vehicle CSV arrives as the file's bytes: its encoding is judged by the service, not guessed here.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  const vehicleParams = organizationParams.extend({
    contractNumber: z
      .string()
      .max(40)
      .regex(/^[A-Za-z0-9-]+$/, 'There is no such vehicle.'),
  });

  routes.get(
    '/api/v1/organizations/:organizationId/vehicles/:contractNumber',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'One vehicle: its fleet facts, driver, odometer readings, lease mileage projection and (for those who may see the finances) its position',
        description:
          'A fixed number of queries. 404 FLEET.NO_VEHICLE for a contract that is not the fleet’s, and for a driver, for any vehicle but the one they drive. `finances` and `projectedExcessChargeCents` are null for members who may not see money.',
        params: vehicleParams,
        response: { 200: fleetVehicleResponse },
      },
    },
    async (request) => {
      const { organizationId, contractNumber } = request.params;
      return viewFleetVehicle(db, clock, call(request).actor, organizationId, contractNumber);
    },
  );

  routes.patch(
    '/api/v1/organizations/:organizationId/vehicles/:contractNumber',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Edit a vehicle’s fleet facts: unit number, plate, cost center, status (admins and managers; audited)',
        description:
          'A fact left out stays as it is; `null` clears it. 409 FLEET.UNIT_TAKEN with `fields.unitNumber` when another vehicle of the fleet has the unit number.',
        params: vehicleParams,
        body: vehicleEdit,
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      const { organizationId, contractNumber } = request.params;
      await editVehicle(db, clock, actor, organizationId, contractNumber, request.body, meta);
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/organizations/:organizationId/vehicles/bulk-edit',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Apply one change (status, cost center, plate state) to a selection of vehicles, all or nothing',
        description:
          'A change left out leaves that fact as it is; `null` clears it. 400 FLEET.UNKNOWN_VEHICLES naming each contract number that is not the fleet’s; nothing changes.',
        params: organizationParams,
        body: bulkVehicleEdit,
        response: { 200: vehiclesUpdatedResponse },
      },
    },
    async (request) => {
      const { actor, meta } = call(request);
      const { contractNumbers, changes } = request.body;
      return bulkEditVehicles(
        db,
        clock,
        actor,
        request.params.organizationId,
        contractNumbers,
        changes,
        meta,
      );
    },
  );

  routes.post(
    '/api/v1/organizations/:organizationId/vehicles/import',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Upload vehicle facts as CSV (`contractNumber,unitNumber,plate,plateState,costCenter,status`, UTF-8): all rows or none',
        description:
          'Send the file as the body with `Content-Type: text/csv`. 400 FLEET.CSV_INVALID with one field per problem (`row N: field`), FLEET.CSV_ENCODING for a file that is not UTF-8; nothing changes unless every row is valid.',
        params: organizationParams,
        response: { 200: vehiclesUpdatedResponse },
      },
    },
    async (request) => {
      const { actor, meta } = call(request);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from('');
      return importVehicleCsv(db, clock, actor, request.params.organizationId, body, meta);
    },
  );

  routes.put(
    '/api/v1/organizations/:organizationId/vehicles/:contractNumber/driver',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Assign a driver to a vehicle, or none; the assignment history is kept (admins and managers; audited)',
        description: '404 FLEET.NO_DRIVER with `fields.driverId` for a driver of another organization.',
        params: vehicleParams,
        body: driverAssignment,
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      const { organizationId, contractNumber } = request.params;
      await assignDriver(db, clock, actor, organizationId, contractNumber, request.body.driverId, meta);
      return reply.code(204).send();
    },
  );

  routes.get(
    '/api/v1/organizations/:organizationId/vehicles/:contractNumber/assignments',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Who drove the vehicle when, newest first (admins and managers)',
        params: vehicleParams,
        response: { 200: assignmentsResponse },
      },
    },
    async (request) => {
      const { organizationId, contractNumber } = request.params;
      const rows = await assignmentHistory(db, call(request).actor, organizationId, contractNumber);
      return {
        assignments: rows.map((r) => ({
          ...r,
          assignedAt: r.assignedAt.toISOString(),
          endedAt: r.endedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  routes.post(
    '/api/v1/organizations/:organizationId/vehicles/:contractNumber/odometer-readings',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Report the vehicle’s odometer (admins and managers for any vehicle, a driver for the one they drive; audited); answers the vehicle',
        description:
          'One reading a day: a second one that day replaces it (200; a new one is 201). 400 with `fields.miles` for a reading below an earlier one, above a later one or too far from them, with `fields.readOn` for a date in the future or before the contract. 404 FLEET.NO_VEHICLE for a vehicle that is not the fleet’s or, for a driver, not theirs.',
        params: vehicleParams,
        body: odometerReadingRequest,
        response: { 200: fleetVehicleResponse, 201: fleetVehicleResponse },
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      const { organizationId, contractNumber } = request.params;
      const { replaced, answer } = await reportFleetOdometer(
        db,
        clock,
        actor,
        organizationId,
        contractNumber,
        request.body,
        meta,
      );
      return reply.code(replaced ? 200 : 201).send(answer);
    },
  );

  routes.get(
    '/api/v1/organizations/:organizationId/drivers',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The fleet’s drivers and how many vehicles each drives (admins and managers)',
        params: organizationParams,
        response: { 200: driversResponse },
      },
    },
    async (request) => ({
      drivers: await listDrivers(db, call(request).actor, request.params.organizationId),
    }),
  );

  routes.post(
    '/api/v1/organizations/:organizationId/drivers',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Add a driver (admins and managers; audited)',
        params: organizationParams,
        body: driverRequest,
        response: { 201: driverAdded },
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      return reply
        .code(201)
        .send(await addDriver(db, clock, actor, request.params.organizationId, request.body, meta));
    },
  );

  routes.get(
    '/api/v1/organizations/:organizationId/members',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Members and open invitations (fleet admins)',
        params: organizationParams,
        response: { 200: membersResponse },
      },
    },
    async (request) => {
      const { members, invitations } = await listMembers(
        db,
        clock,
        call(request).actor,
        request.params.organizationId,
      );
      return {
        members: members.map((m) => iso(m, 'addedAt')),
        invitations: invitations.map((i) => iso(i, 'createdAt', 'expiresAt')),
      };
    },
  );

  routes.post(
    '/api/v1/organizations/:organizationId/invitations',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Invite someone by email in a role: a single-use link valid 7 days (fleet admins; audited)',
        description:
          'A new invitation to the same address replaces the open one. 409 ORGANIZATIONS.ALREADY_MEMBER with `fields.email` when the address is a member’s.',
        params: organizationParams,
        body: invitationRequest,
        response: { 201: invitationSummary },
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      const invitation = await inviteMember(
        db,
        clock,
        actor,
        request.params.organizationId,
        request.body,
        links,
        meta,
      );
      return reply.code(201).send(iso(invitation, 'createdAt', 'expiresAt'));
    },
  );

  routes.delete(
    '/api/v1/organizations/:organizationId/invitations/:invitationId',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Withdraw an open invitation (fleet admins; audited)',
        params: invitationParams,
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      await revokeInvitation(
        db,
        clock,
        actor,
        request.params.organizationId,
        request.params.invitationId,
        meta,
      );
      return reply.code(204).send();
    },
  );

  routes.patch(
    '/api/v1/organizations/:organizationId/members/:userId',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Change a member’s role; holds from their next request (fleet admins; audited)',
        description: '409 ORGANIZATIONS.LAST_ADMIN when it would leave the organization without an admin.',
        params: memberParams,
        body: memberRoleRequest,
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      await changeMemberRole(
        db,
        actor,
        request.params.organizationId,
        request.params.userId,
        request.body.role,
        meta,
      );
      return reply.code(204).send();
    },
  );

  routes.delete(
    '/api/v1/organizations/:organizationId/members/:userId',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Remove a member; holds from their next request (fleet admins; audited)',
        description: '409 ORGANIZATIONS.LAST_ADMIN for the last admin.',
        params: memberParams,
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      await removeMember(db, actor, request.params.organizationId, request.params.userId, meta);
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/organization-invitations/describe',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'What an invitation link offers: the organization, the role and the address (masked)',
        description: '400 ORGANIZATIONS.INVALID_INVITATION for an unknown, expired, withdrawn or used link.',
        body: invitationTokenRequest,
        response: { 200: invitationDescription },
      },
    },
    async (request) => iso(await describeInvitation(db, clock, request.body.token), 'expiresAt'),
  );

  routes.post(
    '/api/v1/organization-invitations/accept',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Accept an invitation to your own address with the login you are signed in with',
        description:
          '403 ORGANIZATIONS.OTHER_ADDRESS when it was sent to another address; 409 ORGANIZATIONS.ALREADY_MEMBER.',
        body: invitationTokenRequest,
        response: { 200: joinedResponse },
      },
    },
    async (request) => {
      const { actor, meta } = call(request);
      return acceptInvitation(db, clock, actor, request.body.token, meta);
    },
  );

  routes.post(
    '/api/v1/organization-invitations/join',
    {
      config: { access: 'public-form' },
      preHandler: throttleForm({ db, clock, challengeKey: deps.challengeKey }, 'register'),
      schema: {
        tags,
        summary:
          'Accept an invitation without a login: choose a User ID and password for the invited address',
        description:
          'Spends the invitation and creates the login. `next: enrol`: the session may only set up a second factor, which then signs in. 409 REGISTRATION.USER_ID_TAKEN with `fields.userId`; 400 AUTH.PASSWORD_NOT_ACCEPTED with `fields.password`.',
        body: joinRequest,
        response: { 200: joinResponse },
      },
    },
    async (request, reply) => {
      const step = await joinWithNewLogin(db, clock, deps.config.mfa, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      });
      setFirstSessionCookie(reply, clock, step);
      return { next: step.next };
    },
  );
}
