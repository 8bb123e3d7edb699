import { z } from 'zod';
import {
  assignmentsResponse,
  type bulkVehicleEdit,
  driverAdded,
  type driverRequest,
  driversResponse,
  fleetResponse,
  fleetVehicleResponse,
  type vehicleEdit,
  vehiclesUpdatedResponse,
} from '../../organizations/fleet.schemas.ts';
import {
  invitationDescription,
  invitationSummary,
  joinedResponse,
  joinResponse,
  membersResponse,
  organizationDetail,
  type organizationRole,
  organizationsResponse,
} from '../../organizations/organizations.schemas.ts';
import { postForm } from './challenge.ts';
import { getJson, postJson, requestJson } from './client.ts';

// Organizations, their fleet and members, and invitations, as `src/organizations/organizations.routes.ts` serves them.

export type OrganizationRole = z.infer<typeof organizationRole>;
export type { Assignment, Driver } from '../../organizations/fleet.schemas.ts';

/** 204 answers carry no body. */
const noContent = z.unknown();

export const ORGANIZATIONS_QUERY_KEY = ['organizations'] as const;

const organizationPath = (organizationId: string) =>
  `/api/v1/organizations/${encodeURIComponent(organizationId)}`;

export async function fetchOrganizations() {
  return (await getJson('/api/v1/organizations', organizationsResponse)).organizations;
}

export const organizationQueryKey = (organizationId: string) =>
  [...ORGANIZATIONS_QUERY_KEY, organizationId] as const;

/** The organization as the signed-in member sees it: name, role, what the role allows; 404 to anyone else. */
export function fetchOrganization(organizationId: string) {
  return getJson(organizationPath(organizationId), organizationDetail);
}

export const fleetQueryKey = (organizationId: string, query: string) =>
  [...organizationQueryKey(organizationId), 'fleet', query] as const;

/** One page of the fleet, `query` being the API's query string (filters, search, sort, page). */
export function fetchFleet(organizationId: string, query: string) {
  return getJson(`${organizationPath(organizationId)}/fleet${query ? `?${query}` : ''}`, fleetResponse);
}

export const vehicleQueryKey = (organizationId: string, contractNumber: string) =>
  [...organizationQueryKey(organizationId), 'vehicle', contractNumber] as const;

const vehiclePath = (organizationId: string, contractNumber: string) =>
  `${organizationPath(organizationId)}/vehicles/${encodeURIComponent(contractNumber)}`;

/**
 * One vehicle as the member may see it (a driver: only the one they drive, without money); a
 * vehicle that is not the member's to see is a 404.
 */
export function fetchFleetVehicle(organizationId: string, contractNumber: string) {
  return getJson(vehiclePath(organizationId, contractNumber), fleetVehicleResponse);
}

/** Sets a vehicle's fleet facts; a fact sent null is cleared, one left out stays as it is. */
export async function editVehicle(
  organizationId: string,
  contractNumber: string,
  edit: z.input<typeof vehicleEdit>,
): Promise<void> {
  await requestJson('PATCH', vehiclePath(organizationId, contractNumber), edit, noContent);
}

/** One change for a selection of vehicles, all or nothing. */
export function bulkEditVehicles(organizationId: string, request: z.infer<typeof bulkVehicleEdit>) {
  return postJson(`${organizationPath(organizationId)}/vehicles/bulk-edit`, request, vehiclesUpdatedResponse);
}

/**
 * Uploads a vehicle CSV as the file's own bytes (the server judges the encoding); 400
 * FLEET.CSV_INVALID names each problem as `row N: field`, and nothing changes.
 */
export function importVehicles(organizationId: string, file: Blob) {
  return postJson(
    `${organizationPath(organizationId)}/vehicles/import`,
    new Blob([file], { type: 'text/csv' }),
    vehiclesUpdatedResponse,
  );
}

/** Assigns a driver to the vehicle, or none (`null`); the history keeps the one before. */
export async function assignDriver(
  organizationId: string,
  contractNumber: string,
  driverId: string | null,
): Promise<void> {
  await requestJson('PUT', `${vehiclePath(organizationId, contractNumber)}/driver`, { driverId }, noContent);
}

export const assignmentsQueryKey = (organizationId: string, contractNumber: string) =>
  [...vehicleQueryKey(organizationId, contractNumber), 'assignments'] as const;

/** Who drove the vehicle when, newest first (admins and managers). */
export async function fetchAssignments(organizationId: string, contractNumber: string) {
  return (await getJson(`${vehiclePath(organizationId, contractNumber)}/assignments`, assignmentsResponse))
    .assignments;
}

export const driversQueryKey = (organizationId: string) =>
  [...organizationQueryKey(organizationId), 'drivers'] as const;

/** The fleet's drivers with how many vehicles each drives (admins and managers). */
export async function fetchDrivers(organizationId: string) {
  return (await getJson(`${organizationPath(organizationId)}/drivers`, driversResponse)).drivers;
}

export function addDriver(organizationId: string, request: z.infer<typeof driverRequest>) {
  return postJson(`${organizationPath(organizationId)}/drivers`, request, driverAdded);
}

export const membersQueryKey = (organizationId: string) =>
  [...organizationQueryKey(organizationId), 'members'] as const;

export function fetchMembers(organizationId: string) {
  return getJson(`${organizationPath(organizationId)}/members`, membersResponse);
}

export function inviteMember(organizationId: string, request: { email: string; role: OrganizationRole }) {
  return postJson(`${organizationPath(organizationId)}/invitations`, request, invitationSummary);
}

export async function withdrawInvitation(organizationId: string, invitationId: string): Promise<void> {
  const path = `${organizationPath(organizationId)}/invitations/${encodeURIComponent(invitationId)}`;
  await requestJson('DELETE', path, undefined, noContent);
}

export async function changeMemberRole(organizationId: string, userId: string, role: OrganizationRole) {
  const path = `${organizationPath(organizationId)}/members/${encodeURIComponent(userId)}`;
  await requestJson('PATCH', path, { role }, noContent);
}

export async function removeMember(organizationId: string, userId: string): Promise<void> {
  const path = `${organizationPath(organizationId)}/members/${encodeURIComponent(userId)}`;
  await requestJson('DELETE', path, undefined, noContent);
}

/** What an invitation link offers (public); 400 ORGANIZATIONS.INVALID_INVITATION for one that no longer works. */
export function describeInvitation(token: string) {
  return postJson('/api/v1/organization-invitations/describe', { token }, invitationDescription);
}

/** Accepts an invitation to the signed-in person's own address. */
export function acceptInvitation(token: string) {
  return postJson('/api/v1/organization-invitations/accept', { token }, joinedResponse);
}

/** Accepts an invitation with a new login; the form is throttled like registration's. */
export function joinOrganization(request: {
  token: string;
  displayName: string;
  userId: string;
  password: string;
}) {
  return postForm('/api/v1/organization-invitations/join', request, joinResponse);
}
