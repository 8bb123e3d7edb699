import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod';
import type { AccountSummary } from '../../accounts/accounts.schemas.ts';
import {
  accountGrant,
  accountGrantsResponse,
  type GrantJoinRequest,
  type GrantRequest,
  type grantChange,
  grantInvitationDescription,
  grantJoinResponse,
  heldGrantsResponse,
  staffGrantsResponse,
} from '../../grants/grants.schemas.ts';
import { ACCOUNTS_QUERY_KEY, fetchAccounts } from './accounts.ts';
import { postForm } from './challenge.ts';
import { getJson, postJson, requestJson } from './client.ts';

// Grants, as `src/grants/grants.routes.ts` and the staff routes serve them.

export type AccountGrant = z.infer<typeof accountGrant>;
export type HeldGrant = z.infer<typeof heldGrantsResponse>['grants'][number];
export type StaffGrant = z.infer<typeof staffGrantsResponse>['grants'][number];

/** 204 answers carry no body. */
const noContent = z.unknown();

const grantsPath = (contractNumber: string) =>
  `/api/v1/accounts/${encodeURIComponent(contractNumber)}/grants`;
const grantPath = (contractNumber: string, grantId: string) =>
  `${grantsPath(contractNumber)}/${encodeURIComponent(grantId)}`;

export const accountGrantsQueryKey = (contractNumber: string) =>
  [...ACCOUNTS_QUERY_KEY, contractNumber, 'grants'] as const;

/** The people a holder gave access to, and the open invitations; 404 to anyone but a holder. */
export async function fetchAccountGrants(contractNumber: string) {
  return (await getJson(grantsPath(contractNumber), accountGrantsResponse)).grants;
}

export function inviteGrantee(contractNumber: string, request: GrantRequest) {
  return postJson(grantsPath(contractNumber), request, accountGrant);
}

/** Changes the permission and/or end date (`endsOn: null` removes it). */
export async function changeGrant(
  contractNumber: string,
  grantId: string,
  change: z.input<typeof grantChange>,
) {
  return (await requestJson('PATCH', grantPath(contractNumber, grantId), change, accountGrant)).data;
}

/** Revokes a grant, or withdraws an invitation not yet accepted. */
export async function revokeGrant(contractNumber: string, grantId: string): Promise<void> {
  await requestJson('DELETE', grantPath(contractNumber, grantId), undefined, noContent);
}

export const HELD_GRANTS_QUERY_KEY = ['grants'] as const;

/** The access others gave the signed-in person. */
export async function fetchHeldGrants() {
  return (await getJson('/api/v1/grants', heldGrantsResponse)).grants;
}

export async function leaveGrant(grantId: string): Promise<void> {
  await requestJson('DELETE', `/api/v1/grants/${encodeURIComponent(grantId)}`, undefined, noContent);
}

/** What an invitation link offers (public); 400 GRANTS.INVALID_INVITATION for one that no longer works. */
export function describeGrantInvitation(token: string) {
  return postJson('/api/v1/grant-invitations/describe', { token }, grantInvitationDescription);
}

const accepted = z.object({ id: z.uuid(), contractNumber: z.string() });

/** Accepts an invitation made to the signed-in person's own address. */
export function acceptGrant(token: string) {
  return postJson('/api/v1/grants/accept', { token }, accepted);
}

/** Accepts an invitation with a new login; the form is throttled like registration's. */
export function joinGrant(request: GrantJoinRequest) {
  return postForm('/api/v1/grant-invitations/join', request, grantJoinResponse);
}

const staffGrantsPath = (contractNumber: string) =>
  `/api/v1/staff/contracts/${encodeURIComponent(contractNumber)}/grants`;

export const staffGrantsQueryKey = (contractNumber: string) => ['staff', 'grants', contractNumber] as const;

/** A contract's grants for the support console (staff only; the look is audited). */
export async function fetchStaffGrants(contractNumber: string) {
  return (await getJson(staffGrantsPath(contractNumber), staffGrantsResponse)).grants;
}

export async function staffEndGrant(contractNumber: string, grantId: string, reason: string): Promise<void> {
  await requestJson(
    'POST',
    `${staffGrantsPath(contractNumber)}/${encodeURIComponent(grantId)}/end`,
    { reason },
    noContent,
  );
}

/** Whether the person sees this account as a holder: a party who may manage its grants. */
export function isHolder(account: Pick<AccountSummary, 'role'>): boolean {
  return account.role === 'primary' || account.role === 'co_borrower' || account.role === 'co_lessee';
}

const SEEN_KEY = 'autofin.granteeContracts';

/**
 * The contracts this tab has seen as a grantee's. When one of them answers 404 the grant has ended
 * (revoked, left, expired), and the page says so instead of "not found".
 */
function rememberGrantee(accounts: AccountSummary[]): void {
  try {
    const seen = new Set(readSeen());
    for (const a of accounts) if (a.role === 'grantee') seen.add(a.contractNumber);
    sessionStorage.setItem(SEEN_KEY, JSON.stringify([...seen]));
  } catch {
    // Storage switched off: the page falls back to the generic not-found words.
  }
}

function readSeen(): string[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(SEEN_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function wasGrantee(contractNumber: string): boolean {
  return readSeen().includes(contractNumber);
}

/** The dashboard's list of accounts (one request, shared), remembering which are seen by a grant. */
export function useAccountList(options: { enabled?: boolean } = {}) {
  const list = useQuery({ queryKey: ACCOUNTS_QUERY_KEY, queryFn: fetchAccounts, ...options });
  useEffect(() => {
    if (list.data) rememberGrantee(list.data);
  }, [list.data]);
  return list;
}

/** This person's role on one account, from the list once it has loaded (undefined before). */
export function useAccountRole(contractNumber: string) {
  const list = useAccountList();
  return list.data?.find((a) => a.contractNumber === contractNumber);
}

/**
 * Whether the accounts the page last loaded include one shared with the person, for the
 * navigation's link: read from what the dashboard asked, never asked for itself.
 */
export function useHasSharedAccounts(): boolean {
  const list = useQuery({ queryKey: ACCOUNTS_QUERY_KEY, queryFn: fetchAccounts, enabled: false });
  return list.data?.some((account) => account.role === 'grantee') ?? false;
}
