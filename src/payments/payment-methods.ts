import { createHmac } from 'node:crypto';
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import {
  accountLastFour,
  type BankAccount,
  type BankAccountInput,
  type BankAccountProblem,
  checkBankAccount,
} from '../core/bank-account.ts';
import { compareDates } from '../core/dates.ts';
import { cardExpiryLastDay } from '../core/payment-card.ts';
import type { Db } from '../db/database.ts';
import { autopayEnrollments, organizations, paymentMethods, paymentOrders, users } from '../db/schema.ts';
import { type AuditActor, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError, type FieldReasons } from '../platform/errors.ts';
import { secretBox } from '../platform/secret-box.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import type {
  AddPaymentMethodRequest,
  PaymentMethod,
  UpdatePaymentMethodRequest,
} from './payments.schemas.ts';

/**
 * A customer's payment methods: bank accounts verified through the gateway before first use (NACHA
 * requires a commercially reasonable check of the account for WEB debits), and debit cards known
 * only by the gateway's token. Account numbers are sealed; only the last four are shown. The same
 * account or card twice is refused by its fingerprint (an HMAC under the portal's key, so a copy of
 * the table cannot be matched against known numbers). Changes to one user's methods run one at a
 * time (the user's row is locked), which keeps exactly one default.
 */

export type PaymentMethodsDeps = { db: Db; clock: Clock; gateway: PaymentGateway; secretKey: Buffer };

/** A refusal by the bank or the card network (HTTP 422): the request was well-formed, the answer is no. */
export type PaymentMethodRefusal = { code: string; message: string; reason: string; fields?: FieldReasons };
export type AddAnswer = { ok: true; method: PaymentMethod } | { ok: false; refusal: PaymentMethodRefusal };

type Row = typeof paymentMethods.$inferSelect;

/**
 * Whose methods: a user's, or an organization's (a fleet's bank account, which its admins manage
 * and its managers pay from). Every lookup is by owner, so another owner's method is a 404.
 */
export type MethodOwner = { userId: string } | { organizationId: string };

export const ownedBy = (owner: MethodOwner) =>
  'userId' in owner
    ? eq(paymentMethods.userId, owner.userId)
    : eq(paymentMethods.organizationId, owner.organizationId);

const notFound = () =>
  new DomainError('not_found', 'PAYMENT_METHODS.NOT_FOUND', 'There is no such payment method.');

function bankProblemMessage(problem: BankAccountProblem): string {
  switch (problem.field) {
    case 'routingNumber':
      return problem.reason === 'format'
        ? 'A routing number has 9 digits.'
        : 'This is not a valid routing number. Check it on a check or with your bank.';
    case 'accountNumber':
      return problem.reason === 'format'
        ? 'An account number has digits only.'
        : 'An account number has 4 to 17 digits.';
    case 'accountType':
      return 'Choose checking or savings.';
    case 'holderName':
      return {
        missing: 'Enter the name on the account.',
        too_long: 'The name on the account is too long.',
        characters: 'The name on the account has characters that are not allowed.',
      }[problem.reason];
  }
}

const actorOfUser = (userId: string): AuditActor => ({ type: 'user', id: userId });
/** Who changed a method: the user for their own; for an organization's, the member who asked. */
const actorFor = (owner: MethodOwner, actor?: AuditActor): AuditActor => {
  if (actor) return actor;
  if ('userId' in owner) return actorOfUser(owner.userId);
  throw new Error('a change to an organization’s payment method names the member who made it');
};
const ownerDetails = (owner: MethodOwner) =>
  'organizationId' in owner ? { organizationId: owner.organizationId } : {};

/** Methods used by a scheduled or pending payment, or by a live AutoPay, cannot be removed. */
async function methodsInUse(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const [orders, enrollments] = await Promise.all([
    db
      .selectDistinct({ id: paymentOrders.paymentMethodId })
      .from(paymentOrders)
      .where(
        and(
          inArray(paymentOrders.paymentMethodId, ids),
          inArray(paymentOrders.status, ['scheduled', 'pending']),
        ),
      ),
    db
      .selectDistinct({ id: autopayEnrollments.paymentMethodId })
      .from(autopayEnrollments)
      .where(
        and(
          inArray(autopayEnrollments.paymentMethodId, ids),
          inArray(autopayEnrollments.status, ['active', 'paused']),
        ),
      ),
  ]);
  return new Set([...orders, ...enrollments].map((r) => r.id));
}

function present(row: Row, inUse: boolean): PaymentMethod {
  return {
    id: row.id,
    kind: row.kind,
    nickname: row.nickname,
    holderName: row.holderName,
    last4: row.last4,
    accountType: row.accountType,
    bankName: row.bankName,
    cardBrand: row.cardBrand,
    expiryMonth: row.expiryMonth,
    expiryYear: row.expiryYear,
    isDefault: row.isDefault,
    status: row.status === 'blocked' ? 'blocked' : 'active',
    blockedReason: row.blockedReason,
    inUse,
  };
}

export async function listPaymentMethods(db: Db, owner: MethodOwner): Promise<PaymentMethod[]> {
  const rows = await db
    .select()
    .from(paymentMethods)
    .where(and(ownedBy(owner), ne(paymentMethods.status, 'removed')))
    .orderBy(desc(paymentMethods.isDefault), asc(paymentMethods.createdAt), asc(paymentMethods.id));
  const inUse = await methodsInUse(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => present(r, inUse.has(r.id)));
}

/** One of the user's live methods, or 404: another user's method answers as one that does not exist. */
async function ownMethod(db: Db, owner: MethodOwner, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, id), ownedBy(owner), ne(paymentMethods.status, 'removed')));
  if (!row) throw notFound();
  return row;
}

async function presentOne(db: Db, row: Row): Promise<PaymentMethod> {
  return present(row, (await methodsInUse(db, [row.id])).has(row.id));
}

/** Serializes changes to one owner's methods (duplicates, the single default). */
async function lockOwner(db: Db, owner: MethodOwner): Promise<void> {
  if ('userId' in owner)
    await db.select({ id: users.id }).from(users).where(eq(users.id, owner.userId)).for('update');
  else
    await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, owner.organizationId))
      .for('update');
}

async function findLive(db: Db, owner: MethodOwner, fingerprint: string): Promise<Row | undefined> {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(
      and(ownedBy(owner), eq(paymentMethods.fingerprint, fingerprint), ne(paymentMethods.status, 'removed')),
    );
  return row;
}

const duplicate = (row: Row) =>
  new DomainError(
    'conflict',
    'PAYMENT_METHODS.DUPLICATE',
    `This ${row.kind === 'bank_account' ? 'account' : 'card'} is already one of your payment methods (“${row.nickname}”).`,
  );

function gatewayUnavailable(message: string): DomainError {
  return new DomainError('unavailable', 'PAYMENT_METHODS.GATEWAY_UNAVAILABLE', message);
}

export type NewMethod = Omit<
  typeof paymentMethods.$inferInsert,
  'userId' | 'organizationId' | 'isDefault' | 'createdAt'
>;

/** Validated and verified methods are written here: duplicate check, default, audit, in one transaction. */
async function insertMethod(
  deps: PaymentMethodsDeps,
  owner: MethodOwner,
  method: NewMethod,
  makeDefault: boolean,
  meta: RequestMeta,
  actor?: AuditActor,
): Promise<PaymentMethod> {
  const row = await deps.db.transaction(async (tx) => {
    await lockOwner(tx, owner);
    const existing = await findLive(tx, owner, method.fingerprint);
    if (existing) throw duplicate(existing);
    const [current] = await tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(and(ownedBy(owner), eq(paymentMethods.isDefault, true), ne(paymentMethods.status, 'removed')));
    // An organization's accounts have no default: each bulk payment names its account.
    const isDefault = 'userId' in owner && (makeDefault || !current);
    if (isDefault && current) {
      await tx.update(paymentMethods).set({ isDefault: false }).where(eq(paymentMethods.id, current.id));
    }
    const [inserted] = await tx
      .insert(paymentMethods)
      .values({ ...method, ...owner, isDefault, createdAt: deps.clock.now() })
      .returning();
    await recordAudit(tx, {
      actor: actorFor(owner, actor),
      action: 'payment_method.add',
      resource: { type: 'payment_method', id: inserted!.id },
      requestId: meta.requestId,
      ip: meta.ip,
      details: {
        ...ownerDetails(owner),
        kind: method.kind,
        last4: method.last4,
        ...(method.bankName ? { bankName: method.bankName } : {}),
        ...(method.cardBrand ? { cardBrand: method.cardBrand } : {}),
        isDefault,
      },
    });
    return inserted!;
  });
  return present(row, false);
}

function bankFingerprint(secretKey: Buffer, routingNumber: string, accountNumber: string): string {
  return createHmac('sha256', secretKey).update(`bank:${routingNumber}:${accountNumber}`).digest('hex');
}

export async function addPaymentMethod(
  deps: PaymentMethodsDeps,
  userId: string,
  request: AddPaymentMethodRequest,
  meta: RequestMeta,
): Promise<AddAnswer> {
  return request.kind === 'bank_account'
    ? addBankAccount(deps, { userId }, request, meta)
    : addDebitCard(deps, userId, request, meta);
}

/** A bank account as typed, checked field by field (ABA checksum, 4–17 digits…): 400 with a reason per field. */
export function requireValidBankAccount(request: BankAccountInput): BankAccount {
  const checked = checkBankAccount(request);
  if (!checked.ok) {
    const fields: FieldReasons = {};
    for (const problem of checked.problems) fields[problem.field] ??= bankProblemMessage(problem);
    throw new DomainError(
      'invalid',
      'PAYMENT_METHODS.INVALID_BANK_ACCOUNT',
      'Check the bank account details.',
      fields,
    );
  }
  return checked.account;
}

/** The gateway's check of a bank account before its first debit: its bank's name, or the refusal (an outage: 503). */
export async function verifyBankAccount(
  gateway: PaymentGateway,
  account: BankAccount,
): Promise<{ ok: true; bankName: string | null } | { ok: false; refusal: PaymentMethodRefusal }> {
  const verification = await gateway.verifyBankAccount(account);
  if (verification.ok) return { ok: true, bankName: verification.bankName };
  if (verification.reason === 'unavailable') throw gatewayUnavailable(verification.message);
  return {
    ok: false,
    refusal: {
      code: 'PAYMENT_METHODS.BANK_ACCOUNT_REFUSED',
      message: verification.message,
      reason: verification.reason,
      fields: { accountNumber: verification.message },
    },
  };
}

/** The row of a verified bank account: the number sealed, only its last four in the clear. */
export function bankAccountMethod(
  deps: Pick<PaymentMethodsDeps, 'clock' | 'secretKey'>,
  account: BankAccount,
  bankName: string | null,
  nickname: string | undefined,
): NewMethod {
  return {
    kind: 'bank_account',
    nickname: nickname ?? (account.accountType === 'checking' ? 'Checking account' : 'Savings account'),
    holderName: account.holderName,
    last4: accountLastFour(account.accountNumber),
    fingerprint: bankFingerprint(deps.secretKey, account.routingNumber, account.accountNumber),
    accountType: account.accountType,
    routingNumber: account.routingNumber,
    bankName,
    accountNumberSealed: secretBox(deps.secretKey).seal(account.accountNumber),
    verifiedAt: deps.clock.now(),
  };
}

/**
 * Adds a bank account for a user or an organization: checked field by field, refused when already
 * on file, verified by the gateway (the sandbox's refusals included), then sealed and audited.
 */
export async function addBankAccount(
  deps: PaymentMethodsDeps,
  owner: MethodOwner,
  request: Omit<Extract<AddPaymentMethodRequest, { kind: 'bank_account' }>, 'kind'>,
  meta: RequestMeta,
  actor?: AuditActor,
): Promise<AddAnswer> {
  const account = requireValidBankAccount(request);
  const fingerprint = bankFingerprint(deps.secretKey, account.routingNumber, account.accountNumber);
  // Refuse a duplicate before asking the bank: verifications cost, and the answer would not change.
  const existing = await findLive(deps.db, owner, fingerprint);
  if (existing) throw duplicate(existing);
  const verified = await verifyBankAccount(deps.gateway, account);
  if (!verified.ok) return verified;
  const method = await insertMethod(
    deps,
    owner,
    bankAccountMethod(deps, account, verified.bankName, request.nickname),
    request.makeDefault ?? false,
    meta,
    actor,
  );
  return { ok: true, method };
}

async function addDebitCard(
  deps: PaymentMethodsDeps,
  userId: string,
  request: Extract<AddPaymentMethodRequest, { kind: 'debit_card' }>,
  meta: RequestMeta,
): Promise<AddAnswer> {
  const card = await deps.gateway.describeCard(request.cardToken);
  const refuse = (code: string, reason: string, message: string): AddAnswer => ({
    ok: false,
    refusal: { code, reason, message, fields: { cardToken: message } },
  });
  if (!card.ok) {
    if (card.reason === 'unavailable') throw gatewayUnavailable(card.message);
    return refuse('PAYMENT_METHODS.CARD_TOKEN_INVALID', card.reason, card.message);
  }
  if (card.funding !== 'debit') {
    return refuse(
      'PAYMENT_METHODS.NOT_DEBIT_CARD',
      card.funding,
      `Only debit cards can pay a loan or lease; this is a ${card.funding} card. Use a debit card or a bank account.`,
    );
  }
  const expiry = { month: card.expiryMonth, year: card.expiryYear };
  if (compareDates(cardExpiryLastDay(expiry), deps.clock.today()) < 0) {
    return refuse(
      'PAYMENT_METHODS.CARD_EXPIRED',
      'expired',
      'This card has expired. Use a card that is still valid.',
    );
  }
  const method = await insertMethod(
    deps,
    { userId },
    {
      kind: 'debit_card',
      nickname: request.nickname ?? `${card.brand} debit card`,
      holderName: card.holderName,
      last4: card.last4,
      fingerprint: `card:${card.fingerprint}`,
      gatewayToken: request.cardToken,
      cardBrand: card.brand,
      expiryMonth: card.expiryMonth,
      expiryYear: card.expiryYear,
      verifiedAt: deps.clock.now(),
    },
    request.makeDefault ?? false,
    meta,
  );
  return { ok: true, method };
}

export async function updatePaymentMethod(
  deps: PaymentMethodsDeps,
  userId: string,
  id: string,
  change: UpdatePaymentMethodRequest,
  meta: RequestMeta,
): Promise<PaymentMethod> {
  const row = await deps.db.transaction(async (tx) => {
    await lockOwner(tx, { userId });
    const method = await ownMethod(tx, { userId }, id);
    const audit = { actor: actorOfUser(userId), resource: { type: 'payment_method', id }, ...meta };
    if (change.nickname !== undefined && change.nickname !== method.nickname) {
      await tx.update(paymentMethods).set({ nickname: change.nickname }).where(eq(paymentMethods.id, id));
      await recordAudit(tx, {
        ...audit,
        action: 'payment_method.rename',
        details: { from: method.nickname, to: change.nickname },
      });
    }
    if (change.makeDefault && !method.isDefault) {
      if (method.status === 'blocked') {
        throw new DomainError(
          'conflict',
          'PAYMENT_METHODS.BLOCKED',
          `This payment method cannot be used (${method.blockedReason ?? 'blocked'}), so it cannot be the default.`,
        );
      }
      const [previous] = await tx
        .update(paymentMethods)
        .set({ isDefault: false })
        .where(
          and(
            eq(paymentMethods.userId, userId),
            eq(paymentMethods.isDefault, true),
            ne(paymentMethods.status, 'removed'),
          ),
        )
        .returning({ id: paymentMethods.id });
      await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, id));
      await recordAudit(tx, {
        ...audit,
        action: 'payment_method.default',
        details: { previousDefault: previous?.id ?? null },
      });
    }
    return ownMethod(tx, { userId }, id);
  });
  return presentOne(deps.db, row);
}

/**
 * Removes a method (kept, marked `removed`, for the payments that used it). A method a scheduled
 * payment or AutoPay still uses stays. When the default goes, the oldest active method takes over.
 */
export async function removePaymentMethod(
  deps: Pick<PaymentMethodsDeps, 'db' | 'clock'>,
  owner: MethodOwner,
  id: string,
  meta: RequestMeta,
  actor?: AuditActor,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await lockOwner(tx, owner);
    const method = await ownMethod(tx, owner, id);
    if ((await methodsInUse(tx, [id])).has(id)) {
      throw new DomainError(
        'conflict',
        'PAYMENT_METHODS.IN_USE',
        'A scheduled payment or AutoPay uses this payment method. Change or cancel them first, then remove it.',
      );
    }
    await tx
      .update(paymentMethods)
      .set({ status: 'removed', isDefault: false, removedAt: deps.clock.now() })
      .where(eq(paymentMethods.id, id));
    let newDefault: string | null = null;
    if (method.isDefault) {
      const [next] = await tx
        .select({ id: paymentMethods.id })
        .from(paymentMethods)
        .where(and(ownedBy(owner), eq(paymentMethods.status, 'active')))
        .orderBy(asc(paymentMethods.createdAt), asc(paymentMethods.id))
        .limit(1);
      if (next) {
        await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, next.id));
        newDefault = next.id;
      }
    }
    await recordAudit(tx, {
      actor: actorFor(owner, actor),
      action: 'payment_method.remove',
      resource: { type: 'payment_method', id },
      ...meta,
      details: {
        ...ownerDetails(owner),
        kind: method.kind,
        last4: method.last4,
        wasDefault: method.isDefault,
        newDefault,
      },
    });
  });
}
