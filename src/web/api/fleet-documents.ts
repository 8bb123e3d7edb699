import type { z } from 'zod';
import {
  type BusinessRegistrationNewLogin,
  type BusinessRegistrationRequest,
  businessRegistrationAccepted,
  businessRegistrationJoined,
  businessRegistrationNewLoginResponse,
} from '../../organizations/business-registration.schemas.ts';
import {
  organizationStatementResponse,
  organizationStatementsResponse,
  paperlessResponse,
} from '../../organizations/statements.schemas.ts';
import { postForm } from './challenge.ts';
import { getJson, postJson, requestJson } from './client.ts';
import { organizationQueryKey } from './organizations.ts';

// A business's combined statements and their delivery (`src/organizations/statements.routes.ts`),
// and business registration (`src/organizations/business-registration.routes.ts`).

export type OrganizationStatements = z.infer<typeof organizationStatementsResponse>;
export type OrganizationStatement = z.infer<typeof organizationStatementResponse>;

const organizationPath = (organizationId: string) =>
  `/api/v1/organizations/${encodeURIComponent(organizationId)}`;

export const organizationStatementsQueryKey = (organizationId: string) =>
  [...organizationQueryKey(organizationId), 'statements'] as const;

export const organizationStatementQueryKey = (organizationId: string, statementId: string) =>
  [...organizationStatementsQueryKey(organizationId), statementId] as const;

/** The combined statements, newest first, and whether the next one goes paperless (admins, managers, viewers). */
export function fetchOrganizationStatements(organizationId: string) {
  return getJson(`${organizationPath(organizationId)}/statements`, organizationStatementsResponse);
}

/** One combined statement as data: every contract's line (the server audits the opening). */
export function fetchOrganizationStatement(organizationId: string, statementId: string) {
  return getJson(
    `${organizationPath(organizationId)}/statements/${encodeURIComponent(statementId)}`,
    organizationStatementResponse,
  );
}

/**
 * A statement's PDF (the path the list's `href` names): a plain link, so the browser opens or saves
 * it with the session cookie.
 */
export const organizationStatementPdfUrl = (organizationId: string, statementId: string, download = false) =>
  `${organizationPath(organizationId)}/statements/${encodeURIComponent(statementId)}/pdf${download ? '?download=1' : ''}`;

/** Paperless (an email notice to the admins) or paper, from the next statement on (admins). */
export async function setOrganizationPaperless(organizationId: string, paperless: boolean) {
  const path = `${organizationPath(organizationId)}/paperless`;
  return (await requestJson('PUT', path, { paperless }, paperlessResponse)).data;
}

/**
 * Business registration, step one: the same answer whether or not the facts matched a business
 * contract (the form is throttled by address, like the consumer registration).
 */
export function startBusinessRegistration(request: BusinessRegistrationRequest) {
  return postForm('/api/v1/business-registration', request, businessRegistrationAccepted);
}

/** Step two, signed in: the mailed code makes the signed-in login a fleet admin of the business. */
export function completeBusinessRegistration(request: { ticket: string; code: string }) {
  return postJson('/api/v1/business-registration/complete', request, businessRegistrationJoined);
}

/** Step two with a new login, which then sets up its second factor (a throttled public form). */
export function completeBusinessRegistrationWithNewLogin(request: BusinessRegistrationNewLogin) {
  return postForm(
    '/api/v1/business-registration/complete/new-login',
    request,
    businessRegistrationNewLoginResponse,
  );
}
