import { z } from 'zod';
import { STAFF_CAPABILITY_NAMES } from '../../core/policy.ts';
import {
  type LedgerCheckResponse,
  ledgerCheckResponse,
  type verifyCallerBody,
} from '../../staff/staff.schemas.ts';
import { secondFactors } from './auth.ts';
import { getJson, postJson } from './client.ts';

// The support console's API (`src/staff/staff.routes.ts`): every route answers 404 to anyone but staff.

const isoInstant = z.iso.datetime({ offset: true });

export const staffCapability = z.enum(STAFF_CAPABILITY_NAMES);
export type StaffCapability = z.infer<typeof staffCapability>;

export const staffProfile = z.object({
  role: z.enum(['agent', 'supervisor', 'admin']),
  capabilities: z.array(staffCapability),
});
export type StaffProfile = z.infer<typeof staffProfile>;

/** `GET /api/v1/staff/profile`: the signed-in staff member's role; 404 for anyone else. */
export function fetchStaffProfile(): Promise<StaffProfile> {
  return getJson('/api/v1/staff/profile', staffProfile);
}

const customerSummary = z.object({
  id: z.uuid(),
  kind: z.enum(['person', 'business']),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  contractNumbers: z.array(z.string()),
});
export type CustomerSummary = z.infer<typeof customerSummary>;

/** `GET /api/v1/staff/customers?q=`: up to 25 customers, contact details masked. */
export async function searchCustomers(q: string): Promise<CustomerSummary[]> {
  const answer = await getJson(
    `/api/v1/staff/customers?${new URLSearchParams({ q })}`,
    z.object({ customers: z.array(customerSummary) }),
  );
  return answer.customers;
}

const customerLogin = z.object({
  loginId: z.string(),
  displayName: z.string(),
  email: z.string(),
  lockedUntil: isoInstant.nullable(),
  failedSignIns: z.number(),
  factors: z.array(secondFactors),
});
export type CustomerLogin = z.infer<typeof customerLogin>;

export const verifiableItem = z.enum(['dateOfBirth', 'taxIdLast4', 'zip']);

const customerDetail = z.object({
  id: z.uuid(),
  kind: z.enum(['person', 'business']),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  verifiable: z.array(verifiableItem),
  contracts: z.array(
    z.object({
      contractNumber: z.string(),
      kind: z.enum(['retail_installment', 'lease']),
      status: z.enum(['active', 'paid_off', 'terminated']),
      role: z.enum(['primary', 'co_borrower', 'co_lessee', 'co_signer', 'guarantor']),
    }),
  ),
  logins: z.array(customerLogin),
  /** Until when this staff member may act on the customer's logins; null: verify the caller first. */
  callerVerifiedUntil: isoInstant.nullable(),
});
export type CustomerDetail = z.infer<typeof customerDetail>;

/** `GET /api/v1/staff/customers/:id`. */
export function fetchCustomer(customerId: string): Promise<CustomerDetail> {
  return getJson(`/api/v1/staff/customers/${encodeURIComponent(customerId)}`, customerDetail);
}

export type VerifyCallerRequest = z.infer<typeof verifyCallerBody>;

const verifyCallerResponse = z.object({
  verified: z.boolean(),
  checks: z.object({ taxIdLast4: z.boolean(), zip: z.boolean(), dateOfBirth: z.boolean().nullable() }),
  verifiedUntil: isoInstant.optional(),
});
export type VerifyCallerResponse = z.infer<typeof verifyCallerResponse>;

export function verifyCaller(
  customerId: string,
  request: VerifyCallerRequest,
): Promise<VerifyCallerResponse> {
  return postJson(
    `/api/v1/staff/customers/${encodeURIComponent(customerId)}/verify`,
    request,
    verifyCallerResponse,
  );
}

/** The three things an agent may do to a verified caller's login; each answers 204. */
export const loginActions = {
  unlock: 'unlock',
  sendResetLink: 'password-reset',
  resetFactors: 'reset-factors',
} as const;
export type LoginAction = keyof typeof loginActions;

export async function actOnLogin(action: LoginAction, loginId: string): Promise<void> {
  await postJson(
    `/api/v1/staff/users/${encodeURIComponent(loginId)}/${loginActions[action]}`,
    undefined,
    z.unknown(),
  );
}

const auditEvent = z.object({
  id: z.number(),
  occurredAt: isoInstant,
  actorType: z.enum(['user', 'staff', 'api_key', 'system']),
  actorId: z.string(),
  actorName: z.string().nullable(),
  actorLoginId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  resourceName: z.string().nullable(),
  resourceLoginId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEvent>;

/** The filters of `GET /api/v1/staff/audit`, as the audit page keeps them in its address. */
export const AUDIT_FILTERS = ['actor', 'action', 'resource'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

export async function fetchAuditLog(
  filters: AuditFilters,
  page: { before?: string | undefined; limit: number },
): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
  const params = new URLSearchParams({ limit: String(page.limit) });
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (page.before) params.set('before', page.before);
  return getJson(
    `/api/v1/staff/audit?${params}`,
    z.object({ events: z.array(auditEvent), nextBefore: z.number().nullable() }),
  );
}

const cycleStage = z.enum(['payments', 'ach', 'servicing', 'close']);
export type CycleStage = z.infer<typeof cycleStage>;

const dailyCycle = z.object({
  date: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  chunkCount: z.number(),
  contractCount: z.number(),
  startedAt: isoInstant,
  finishedAt: isoInstant.nullable(),
  stages: z.array(
    z.object({
      stage: cycleStage,
      done: z.number(),
      total: z.number(),
      failing: z.number(),
      counts: z.record(z.string(), z.number()),
    }),
  ),
  errors: z.array(
    z.object({ stage: cycleStage, chunk: z.number(), attempts: z.number(), error: z.string() }),
  ),
});
export type DailyCycle = z.infer<typeof dailyCycle>;

/** `GET /api/v1/staff/daily-cycle`: the latest business dates' cycles (supervisors and admins). */
export function fetchDailyCycle(): Promise<{ cycles: DailyCycle[] }> {
  return getJson('/api/v1/staff/daily-cycle', z.object({ cycles: z.array(dailyCycle) }));
}

const printBatch = z.object({
  businessDate: z.string(),
  fileName: z.string(),
  statementCount: z.number(),
  createdAt: isoInstant,
});
export type PrintBatch = z.infer<typeof printBatch>;

/** `GET /api/v1/staff/print-queue`: paper statements waiting, and the latest print files. */
export function fetchPrintQueue(): Promise<{ waiting: number; batches: PrintBatch[] }> {
  return getJson(
    '/api/v1/staff/print-queue',
    z.object({ waiting: z.number(), batches: z.array(printBatch) }),
  );
}

const outboxMessage = z.object({
  id: z.number(),
  channel: z.enum(['email', 'sms']),
  to: z.string(),
  template: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: isoInstant,
  nextAttemptAt: isoInstant,
});
export type OutboxMessage = z.infer<typeof outboxMessage>;

/** `GET /api/v1/staff/outbox?state=dead`: messages delivery gave up on, addresses masked. */
export function fetchDeadLetters(): Promise<{ total: number; messages: OutboxMessage[] }> {
  return getJson(
    '/api/v1/staff/outbox?state=dead',
    z.object({ total: z.number(), messages: z.array(outboxMessage) }),
  );
}

export function retryOutboxMessage(id: number): Promise<OutboxMessage> {
  return postJson(`/api/v1/staff/outbox/${id}/retry`, undefined, outboxMessage);
}

export type LedgerCheck = NonNullable<LedgerCheckResponse['check']>;

/** `GET /api/v1/staff/ledger-check`: the latest proof of the ledger, from the console or the CLI. */
export function fetchLedgerCheck(): Promise<LedgerCheckResponse> {
  return getJson('/api/v1/staff/ledger-check', ledgerCheckResponse);
}

/** `POST /api/v1/staff/ledger-check`: proves the ledger now (supervisors and admins; audited). */
export function runLedgerCheck(): Promise<LedgerCheckResponse> {
  return postJson('/api/v1/staff/ledger-check', undefined, ledgerCheckResponse);
}
