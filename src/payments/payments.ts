import { randomBytes } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNull, lt, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import { contractNotFound, contractResource, requireContractFor } from '../access/index.ts';
import { addDays, type CalendarDate, compareDates } from '../core/dates.ts';
import { type Cents, cents, formatUsd } from '../core/money.ts';
import {
  type BusinessNow,
  changeWindowEnd,
  choosePaymentDate,
  cutoffInstant,
  dateInZone,
  judgedInstant,
  type PaymentCutoff,
} from '../core/payment-dates.ts';
import { type Action, type Actor, type ContractRole, can } from '../core/policy.ts';
import { type ContractRange, inContractRange } from '../db/contract-range.ts';
import { findContract, lockContract, type ServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  contractGrants,
  contractParties,
  contracts,
  paymentMethods,
  paymentOrders,
  payments,
  users,
} from '../db/schema.ts';
import { formatMailInstant, notify, postNotice, renderMail, sendMail } from '../notifications/index.ts';
import { type AuditActor, auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type Answer, once } from '../platform/idempotency.ts';
import {
  leaseOwed,
  type PaymentInput,
  type PositionSummary,
  positionSummaries,
  postPayment,
  postPayments,
  splitLeasePayment,
  splitLoanPayment,
} from '../servicing/index.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { type MethodOwner, ownedBy } from './payment-methods.ts';
import { renderPaymentReceipt } from './payment-receipt-pdf.ts';
import type {
  ChangePaymentRequest,
  PaidBy,
  PaymentOrder,
  PaymentPreview,
  PaymentRequest,
  PaymentSplit,
} from './payments.schemas.ts';

/**
 * One-time and scheduled payments (issue 6): a customer's payment order on a contract, from the
 * review step to its posting. A payment for today (a business day, before the cut-off) posts at once
 * in the transaction that records the order; a later one is `scheduled` and `postDuePayments` posts
 * it on its effective date. Every rule is judged again on each create or change.
 */
export type PaymentSettings = {
  cutoff: PaymentCutoff;
  /** As configured ("20:00"), for the review page to explain. */
  cutoffTime: string;
  dailyMaxCents: number;
  gateway?: PaymentGateway | undefined;
};

export type Payer = { actor: Actor; userId: string; email: string; displayName: string };
type Intent = PaymentOrder['intent'];
type OrderRow = typeof paymentOrders.$inferSelect;
type MethodRow = typeof paymentMethods.$inferSelect;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** "P" and 10 Crockford base32 characters (50 random bits): easy to read out, hard to guess. */
export function newConfirmationNumber(): string {
  return `P${[...randomBytes(10)].map((b) => CROCKFORD[b & 31]).join('')}`;
}

/** Now as the date rules take it (core/payment-dates.ts `judgedInstant`): the instant and the business date. */
export function businessNow(clock: Clock): BusinessNow {
  return { instant: clock.now(), businessDate: clock.today() };
}

const usd = (amount: number) => formatUsd(cents(amount));

function unprocessable(code: string, message: string, fields?: Record<string, string>): DomainError {
  return new DomainError('unprocessable', code, message, fields);
}

const methodNotFound = () =>
  new DomainError('not_found', 'PAYMENTS.METHOD_NOT_FOUND', 'There is no such payment method of yours.', {
    paymentMethodId: 'Choose one of your payment methods.',
  });

const paymentNotFound = () =>
  new DomainError('not_found', 'PAYMENTS.NOT_FOUND', 'There is no such payment that you can see.');

export async function requireUsableMethod(tx: Db, owner: MethodOwner, methodId: string): Promise<MethodRow> {
  const [method] = await tx
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, methodId), ownedBy(owner), ne(paymentMethods.status, 'removed')));
  if (!method) throw methodNotFound();
  if (method.status !== 'active') {
    throw new DomainError(
      'conflict',
      'PAYMENTS.METHOD_BLOCKED',
      `This payment method cannot be used${method.blockedReason ? ` (${method.blockedReason})` : ''}. Choose another one.`,
      { paymentMethodId: 'Choose another payment method.' },
    );
  }
  return method;
}

/** What each way of paying asks of the policy: a one-time payment is open to grants, AutoPay is the parties'. */
const PAYING = {
  once: { view: 'contract.view_account', pay: 'contract.pay_once' },
  autopay: { view: 'contract.view', pay: 'contract.pay' },
} as const satisfies Record<string, { view: Action; pay: Action }>;

/** The contract, if the actor may see it (else 404) and pay on it this way (else 403). */
export async function requirePayableContract(
  tx: Db,
  actor: Actor,
  contractNumber: string,
  way: keyof typeof PAYING,
) {
  const contract = await requireContractFor(tx, actor, PAYING[way].view, contractNumber);
  const resource = await contractResource(tx, contract.id);
  if (!can(actor, PAYING[way].pay, resource)) {
    // A party who may not pay is told so; a grant that does not pay finds nothing to pay here.
    if (!can(actor, 'contract.view', resource)) throw contractNotFound(contractNumber);
    throw new DomainError(
      'forbidden',
      'PAYMENTS.NOT_ALLOWED',
      `You can see account ${contractNumber} but not make payments on it.`,
    );
  }
  if (contract.status !== 'active') {
    throw new DomainError(
      'conflict',
      'CONTRACTS.NOT_ACTIVE',
      `Contract ${contractNumber} is ${contract.status.replace('_', ' ')}.`,
    );
  }
  return contract;
}

/** The grant a payer pays through, as the holders wrote it: its id and the name they gave. */
type PayingGrant = { id: string; name: string };

/**
 * The grant a one-time payment is made through: none when the actor may pay on the contract in
 * their own right (a party, a member of the business), else their live grant of view and pay on it.
 * Judged by the policy itself, asked again without the actor's grants.
 */
async function payingGrantOf(tx: Db, actor: Actor, contractId: string): Promise<PayingGrant | null> {
  if (actor.kind !== 'customer' || !actor.grants?.some((g) => g.contractId === contractId)) return null;
  const resource = await contractResource(tx, contractId);
  if (can({ ...actor, grants: [] }, PAYING.once.pay, resource)) return null;
  const [grant] = await tx
    .select({ id: contractGrants.id, name: contractGrants.inviteeName })
    .from(contractGrants)
    .where(
      and(
        eq(contractGrants.contractId, contractId),
        eq(contractGrants.granteeId, actor.userId),
        eq(contractGrants.status, 'active'),
        eq(contractGrants.permission, 'view_and_pay'),
      ),
    )
    .orderBy(desc(contractGrants.acceptedAt))
    .limit(1);
  return grant ?? null;
}

/** A payment order's payer as the API names them: the grant's name, or null for a party's own payment. */
const paidByOf = (grantName: string | null): PaidBy =>
  grantName === null ? null : { name: grantName, authorizedPayer: true };

/**
 * Who paid each of these ledger entries, when it was an authorized payer (a grant's payment): one
 * query whatever their number, for the activity and the statement.
 */
export async function paidByOfEntries(db: Db, entryIds: readonly number[]): Promise<Map<number, PaidBy>> {
  if (entryIds.length === 0) return new Map();
  const rows = await db
    .select({ entryId: payments.entryId, name: contractGrants.inviteeName })
    .from(payments)
    .innerJoin(paymentOrders, eq(paymentOrders.postedPaymentId, payments.id))
    .innerJoin(contractGrants, eq(contractGrants.id, paymentOrders.grantId))
    .where(inArray(payments.entryId, [...entryIds]));
  return new Map(rows.map((r) => [r.entryId, paidByOf(r.name)]));
}

/** The parties who hold the account (and may grant access to it): they hear of an authorized payer's payments. */
const HOLDER_ROLES: readonly ContractRole[] = ['primary', 'co_borrower', 'co_lessee'];

/**
 * Tells each holder with a login of a payment an authorized payer made: a notice on their
 * dashboard and a message by the channel they chose for payments, in the payment's transaction.
 */
async function tellHolders(
  tx: Db,
  clock: Clock,
  contract: { id: string; contractNumber: string },
  grant: PayingGrant,
  order: PaymentOrder,
) {
  const holders = await tx
    .selectDistinct({ userId: users.id })
    .from(contractParties)
    .innerJoin(users, eq(users.customerId, contractParties.customerId))
    .where(
      and(eq(contractParties.contractId, contract.id), inArray(contractParties.role, [...HOLDER_ROLES])),
    );
  const posted = order.status !== 'scheduled';
  for (const { userId } of holders) {
    await postNotice(tx, clock, {
      contractId: contract.id,
      userId,
      kind: 'grantee_payment',
      cause: `${order.id}:${userId}`,
      occurredOn: clock.today(),
      details: {
        name: grant.name,
        amountCents: order.amountCents,
        effectiveDate: order.effectiveDate,
        status: posted ? 'posted' : 'scheduled',
      },
    });
    await notify(tx, clock, {
      userId,
      event: 'payment_posted',
      template: 'grantee-payment',
      values: {
        payerName: grant.name,
        amount: usd(order.amountCents),
        contractNumber: contract.contractNumber,
        status: posted
          ? `It applies to the account on ${order.effectiveDate}.`
          : `It is scheduled for ${order.effectiveDate}.`,
        number: order.confirmationNumber,
      },
    });
  }
}

export type Plan = {
  requestedDate: CalendarDate;
  effectiveDate: CalendarDate;
  intent: Intent;
  payoffCents: number;
  split: PaymentSplit;
};

export type PaymentDates = Pick<Plan, 'requestedDate' | 'effectiveDate'>;

/**
 * A payment's dates: the one asked for (today in the cut-off's zone when none is) and the one it
 * takes effect, judged against the window and the cut-off; a date outside the window is refused.
 */
export function paymentDates(clock: Clock, settings: PaymentSettings, date?: string): PaymentDates {
  const now = judgedInstant(businessNow(clock), settings.cutoff);
  const requestedDate = (date ?? dateInZone(now, settings.cutoff.timeZone)) as CalendarDate;
  const choice = choosePaymentDate(requestedDate, now, settings.cutoff);
  if (!choice.ok) {
    const reason =
      choice.reason === 'past'
        ? `The date is in the past; choose ${choice.today} or later.`
        : `Choose a date no later than ${choice.latestDate} (30 days from today).`;
    throw unprocessable('PAYMENTS.DATE_OUT_OF_RANGE', reason, { date: reason });
  }
  return { requestedDate, effectiveDate: choice.effectiveDate };
}

/**
 * The one-time payment's rule, on the contract's position as of the effective date (pure: a single
 * payment and each line of a bulk payment are judged by it): the payoff (for a lease, everything
 * owed) as the ceiling, and the intent. Answers the split the payment would make.
 */
export function planOn(
  contract: ServicedContract,
  position: PositionSummary,
  dates: PaymentDates,
  request: { amountCents: number; intent?: Intent | undefined },
): Plan {
  const { effectiveDate } = dates;
  const amount = request.amountCents;
  if (contract.kind === 'lease') {
    if (request.intent && request.intent !== 'regular') {
      throw unprocessable('PAYMENTS.INTENT_NOT_FOR_LEASE', 'A lease takes regular payments only.', {
        intent: 'A lease takes regular payments only; a buyout is a purchase quote.',
      });
    }
    const owed = leaseOwed(contract, position);
    checkCeiling(amount, owed, effectiveDate);
    const s = splitLeasePayment(contract, position, amount);
    return { ...dates, intent: 'regular', payoffCents: owed, split: splitAnswer(s) };
  }
  // The position's payoff is a loan's good through its own date, the effective date.
  const payoff = position.payoff;
  checkCeiling(amount, payoff, effectiveDate);
  if (request.intent === 'payoff' && amount !== payoff) {
    const message = `A payoff on ${effectiveDate} is exactly ${usd(payoff)}.`;
    throw unprocessable('PAYMENTS.NOT_PAYOFF_AMOUNT', message, { amountCents: message });
  }
  const intent: Intent =
    amount === payoff ? 'payoff' : request.intent === 'principal_only' ? 'principal_only' : 'regular';
  const s = splitLoanPayment(contract, position, cents(amount), intent);
  return {
    ...dates,
    intent,
    payoffCents: payoff,
    split: splitAnswer({ ...s, leaseReceivable: 0, salesTax: 0 }),
  };
}

/**
 * Judges a payment request against the contract as of its effective date, writing nothing: the
 * date window and cut-off, then `planOn` on the contract's position then (the stored one when it is
 * as of that date).
 */
export async function planPayment(
  tx: Db,
  clock: Clock,
  settings: PaymentSettings,
  contract: ServicedContract,
  request: { amountCents: number; date?: string | undefined; intent?: Intent | undefined },
): Promise<Plan> {
  const dates = paymentDates(clock, settings, request.date);
  const positions = await positionSummaries(tx, [contract], dates.effectiveDate);
  return planOn(contract, positions.get(contract.id)!, dates, request);
}

function checkCeiling(amount: number, ceiling: Cents, on: CalendarDate) {
  if (amount > ceiling) {
    const message = `The amount is more than the payoff amount on ${on}, ${usd(ceiling)}.`;
    throw unprocessable('PAYMENTS.ABOVE_PAYOFF', message, { amountCents: message });
  }
}

function splitAnswer(s: {
  interest: number;
  principal: number;
  fees: number;
  unapplied: number;
  leaseReceivable: number;
  salesTax: number;
}): PaymentSplit {
  return {
    interestCents: s.interest,
    principalCents: s.principal,
    feesCents: s.fees,
    unappliedCents: s.unapplied,
    leaseReceivableCents: s.leaseReceivable,
    salesTaxCents: s.salesTax,
  };
}

/**
 * The payer's online payments made on `day` (in the cut-off's zone), cancelled and failed ones aside;
 * a guest's are counted per contract (guest payments on it), as a guest has no identity of their own.
 * The caller holds the payer's row lock (a guest's: the contract's), so two payments at once cannot
 * both slip under the limit.
 */
export async function checkDailyLimit(
  tx: Db,
  settings: PaymentSettings,
  payer: { userId: string } | { guestContractId: string },
  day: CalendarDate,
  amount: number,
  except?: string,
) {
  const midnight = { ...settings.cutoff, hour: 0, minute: 0 };
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${paymentOrders.amountCents}), 0)` })
    .from(paymentOrders)
    .where(
      and(
        'userId' in payer
          ? // A bulk payment counts against its organization's limits, not its maker's own.
            and(eq(paymentOrders.payerUserId, payer.userId), ne(paymentOrders.source, 'bulk'))
          : and(eq(paymentOrders.contractId, payer.guestContractId), eq(paymentOrders.source, 'guest')),
        notInArray(paymentOrders.status, ['cancelled', 'failed']),
        gte(paymentOrders.createdAt, cutoffInstant(day, midnight)),
        lt(paymentOrders.createdAt, cutoffInstant(addDays(day, 1), midnight)),
        except ? ne(paymentOrders.id, except) : undefined,
      ),
    );
  const total = Number(row?.total ?? 0) + amount;
  if (total > settings.dailyMaxCents) {
    const message = `Online payments are limited to ${usd(settings.dailyMaxCents)} a day; with this one yours would be ${usd(total)}.`;
    throw unprocessable('PAYMENTS.DAILY_LIMIT', message, { amountCents: message });
  }
}

const lockUser = (tx: Db, userId: string) =>
  tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');

const methodSummary = (m: Pick<MethodRow, 'id' | 'kind' | 'nickname' | 'last4'>) => ({
  id: m.id,
  kind: m.kind,
  nickname: m.nickname,
  last4: m.last4,
});

/** The review step: effective date, split and payoff for a payment, without writing anything. */
export async function previewPayment(
  db: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  contractNumber: string,
  request: PaymentRequest,
): Promise<PaymentPreview> {
  const contract = await requirePayableContract(db, payer.actor, contractNumber, 'once');
  const method = await requireUsableMethod(db, { userId: payer.userId }, request.paymentMethodId);
  const plan = await planPayment(db, clock, settings, contract, request);
  await checkDailyLimit(
    db,
    settings,
    { userId: payer.userId },
    dateInZone(clock.now(), settings.cutoff.timeZone),
    request.amountCents,
  );
  return {
    contractNumber,
    amountCents: request.amountCents,
    requestedDate: plan.requestedDate,
    effectiveDate: plan.effectiveDate,
    movedToNextBusinessDay: plan.effectiveDate !== plan.requestedDate,
    cutoff: { time: settings.cutoffTime, timeZone: settings.cutoff.timeZone },
    intent: plan.intent,
    split: plan.split,
    payoffCents: plan.payoffCents,
    method: methodSummary(method),
  };
}

type Outcome = { declined?: string };

/** The payment an order posts: its amount on its effective date, by its method, under its confirmation number. */
function orderPayment(order: OrderRow, method: MethodRow): PaymentInput {
  return {
    amountCents: order.amountCents,
    receivedOn: order.effectiveDate as CalendarDate,
    channel: method.kind === 'debit_card' ? 'card' : 'ach',
    reference: order.confirmationNumber,
    intent: order.intent,
  };
}

/** A bank debit is pending until it settles; an approved card charge is final. */
const postedStatus = (method: MethodRow) => (method.kind === 'debit_card' ? 'settled' : 'pending');

/**
 * Posts an order now when its effective date has come (the business date has reached it): a card is
 * charged first (a decline fails the order, nothing posts), then the payment posts to the ledger in
 * a savepoint of the caller's transaction, once per order.
 */
export async function postOrder(
  tx: Db,
  clock: Clock,
  gateway: PaymentGateway | undefined,
  order: OrderRow,
  method: MethodRow,
  contractNumber: string,
  audit: { actor: AuditActor } & RequestMeta,
): Promise<Outcome> {
  let gatewayReference: string | null = null;
  if (method.kind === 'debit_card') {
    if (!gateway) throw new Error('A card payment needs a payment gateway.');
    const charge = await gateway.chargeCard({
      token: method.gatewayToken ?? '',
      amountCents: order.amountCents,
      idempotencyKey: `payment-order:${order.id}`,
    });
    if (!charge.ok) {
      await tx
        .update(paymentOrders)
        .set({ status: 'failed', failureReason: charge.message, updatedAt: clock.now() })
        .where(eq(paymentOrders.id, order.id));
      return { declined: charge.message };
    }
    gatewayReference = charge.reference;
  }
  const posted = await postPayment(
    tx,
    clock,
    contractNumber,
    orderPayment(order, method),
    { scope: 'payment-order', key: order.id },
    audit,
  );
  await tx
    .update(paymentOrders)
    .set({
      status: postedStatus(method),
      postedPaymentId: posted.body.paymentId,
      gatewayReference,
      updatedAt: clock.now(),
    })
    .where(eq(paymentOrders.id, order.id));
  return {};
}

/**
 * Posts the orders of one bank debit together (a bulk payment's lines, each on its own contract,
 * whose row locks the caller holds), in the caller's transaction: all or none, a fixed number of
 * statements however many (servicing `postPayments`). The debit's own status under its lock, not
 * a key per order, keeps them from posting twice.
 */
export async function postBankOrders(
  tx: Db,
  clock: Clock,
  orders: readonly { order: OrderRow; contract: ServicedContract }[],
  method: MethodRow,
  audit: { actor: AuditActor } & RequestMeta,
): Promise<void> {
  if (method.kind !== 'bank_account') throw new Error('postBankOrders posts bank debits only');
  const posted = await postPayments(
    tx,
    clock,
    orders.map(({ order, contract }) => ({ contract, input: orderPayment(order, method) })),
    audit,
  );
  const pairs = sql.join(
    orders.map(({ order }, i) => sql`(${order.id}::uuid, ${posted[i]!.paymentId}::uuid)`),
    sql`, `,
  );
  await tx
    .update(paymentOrders)
    .set({
      status: postedStatus(method),
      postedPaymentId: sql`posted.payment_id`,
      updatedAt: clock.now(),
    })
    .from(sql`(values ${pairs}) as posted (order_id, payment_id)`)
    .where(sql`${paymentOrders.id} = posted.order_id`);
}

async function confirmByMail(
  tx: Db,
  clock: Clock,
  payer: Payer,
  order: PaymentOrder,
  what: 'made' | 'changed' | 'cancelled',
) {
  const status =
    order.status === 'scheduled'
      ? `It is scheduled for ${order.effectiveDate}. You can change or cancel it until ${formatMailInstant(new Date(order.changeableUntil!))}.`
      : order.status === 'cancelled'
        ? 'It is cancelled: no money will be taken for it.'
        : `It applies to your account on ${order.effectiveDate}.`;
  await sendMail(tx, clock, {
    to: payer.email,
    ...renderMail('payment-confirmation', {
      displayName: payer.displayName,
      what,
      number: order.confirmationNumber,
      contractNumber: order.contractNumber,
      amount: usd(order.amountCents),
      method: `${order.method.nickname} (…${order.method.last4})`,
      status,
    }),
  });
}

/**
 * Makes a payment (one `Idempotency-Key` per payment, scoped to the payer): the order and, when it
 * is due today, its posting commit together with the audit event and the confirmation mail. A card
 * decline is an answer too (422, the order recorded as failed), so a retry with the key replays it.
 */
export async function makePayment(
  db: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  contractNumber: string,
  request: PaymentRequest,
  idempotencyKey: string,
  meta: RequestMeta,
): Promise<Answer<PaymentOrder | { error: { code: string; message: string } }>> {
  return db.transaction((tx) =>
    once<PaymentOrder | { error: { code: string; message: string } }>(
      tx,
      `payments:${payer.userId}`,
      idempotencyKey,
      { contractNumber, ...request },
      async () => {
        // The payer's lock keeps the daily limit; the contract's, its position until this posts.
        await lockUser(tx, payer.userId);
        await findContract(tx, contractNumber, { forUpdate: true });
        const contract = await requirePayableContract(tx, payer.actor, contractNumber, 'once');
        const grant = await payingGrantOf(tx, payer.actor, contract.id);
        const method = await requireUsableMethod(tx, { userId: payer.userId }, request.paymentMethodId);
        const plan = await planPayment(tx, clock, settings, contract, request);
        const now = clock.now();
        await checkDailyLimit(
          tx,
          settings,
          { userId: payer.userId },
          dateInZone(now, settings.cutoff.timeZone),
          request.amountCents,
        );
        const [order] = await tx
          .insert(paymentOrders)
          .values({
            confirmationNumber: newConfirmationNumber(),
            contractId: contract.id,
            paymentMethodId: method.id,
            payerUserId: payer.userId,
            grantId: grant?.id ?? null,
            source: 'one_time',
            amountCents: request.amountCents,
            intent: plan.intent,
            effectiveDate: plan.effectiveDate,
            status: 'scheduled',
            secCode: method.kind === 'bank_account' ? 'WEB' : null,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        const audit = { actor: auditActorOf(payer.actor), ...meta };
        const outcome =
          compareDates(plan.effectiveDate, clock.today()) <= 0
            ? await postOrder(tx, clock, settings.gateway, order!, method, contractNumber, audit)
            : {};
        await recordAudit(tx, {
          actor: audit.actor,
          action: 'payment_order.create',
          resource: { type: 'contract', id: contractNumber },
          requestId: meta.requestId,
          ip: meta.ip,
          details: {
            paymentOrderId: order!.id,
            confirmationNumber: order!.confirmationNumber,
            amountCents: request.amountCents,
            effectiveDate: plan.effectiveDate,
            paymentMethodId: method.id,
            ...(grant ? { grantId: grant.id, paidBy: `${grant.name}, authorized payer` } : {}),
            ...(outcome.declined ? { declined: outcome.declined } : {}),
          },
        });
        if (outcome.declined) {
          return {
            statusCode: 422,
            body: {
              error: { code: 'PAYMENTS.DECLINED', message: `The card was declined: ${outcome.declined}` },
            },
          };
        }
        const answer = await orderAnswer(tx, clock, settings, payer.userId, order!.id);
        await confirmByMail(tx, clock, payer, answer, 'made');
        if (grant) await tellHolders(tx, clock, contract, grant, answer);
        return { statusCode: 201, body: answer };
      },
    ),
  );
}

/**
 * Payment orders with their contract, method and (once posted) split, shaped for the API; a
 * scheduled one with the end of its change window as of `now`, the instant the change and cancel
 * paths refuse from (`requireChangeableOrder`).
 */
async function selectOrders(
  tx: Db,
  settings: PaymentSettings,
  now: BusinessNow,
  viewerId: string,
  where: ReturnType<typeof and>,
): Promise<PaymentOrder[]> {
  const rows = await tx
    .select({
      order: paymentOrders,
      contractNumber: contracts.contractNumber,
      grantName: contractGrants.inviteeName,
      method: {
        id: paymentMethods.id,
        kind: paymentMethods.kind,
        nickname: paymentMethods.nickname,
        last4: paymentMethods.last4,
      },
      posted: {
        interestCents: payments.interestCents,
        principalCents: payments.principalCents,
        feesCents: payments.feesCents,
        unappliedCents: payments.unappliedCents,
        leaseReceivableCents: payments.leaseReceivableCents,
        salesTaxCents: payments.salesTaxCents,
      },
    })
    .from(paymentOrders)
    .innerJoin(contracts, eq(contracts.id, paymentOrders.contractId))
    .innerJoin(paymentMethods, eq(paymentMethods.id, paymentOrders.paymentMethodId))
    .leftJoin(payments, eq(payments.id, paymentOrders.postedPaymentId))
    .leftJoin(contractGrants, eq(contractGrants.id, paymentOrders.grantId))
    .where(where)
    .orderBy(desc(paymentOrders.createdAt), desc(paymentOrders.id));
  return rows.map(({ order, contractNumber, grantName, method, posted }) => ({
    id: order.id,
    confirmationNumber: order.confirmationNumber,
    contractNumber,
    amountCents: order.amountCents,
    effectiveDate: order.effectiveDate,
    status: order.status,
    source: order.source,
    intent: order.intent,
    method: methodSummary(method),
    split: order.postedPaymentId && posted ? (posted as PaymentSplit) : null,
    changeableUntil:
      order.status === 'scheduled'
        ? changeWindowEnd(order.effectiveDate as CalendarDate, settings.cutoff, now).toISOString()
        : null,
    madeByMe: order.payerUserId === viewerId,
    paidBy: paidByOf(grantName),
    returnCode: order.returnCode,
    createdAt: order.createdAt.toISOString(),
  }));
}

async function orderAnswer(tx: Db, clock: Clock, settings: PaymentSettings, viewerId: string, id: string) {
  const [answer] = await selectOrders(
    tx,
    settings,
    businessNow(clock),
    viewerId,
    and(eq(paymentOrders.id, id)),
  );
  return answer!;
}

/** The contracts a customer is a party to (any role may see a contract's payments). */
function visibleContractIds(tx: Db, actor: Actor) {
  return tx
    .select({ id: contractParties.contractId })
    .from(contractParties)
    .where(
      eq(contractParties.customerId, actor.kind === 'customer' ? (actor.customerId ?? sql`null`) : sql`null`),
    );
}

/**
 * The payments on the contracts the user may see, newest first: their own, and a co-borrower's on a
 * shared contract (`madeByMe` false). Staff see the payments they took.
 */
export async function listPayments(
  db: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  filter: { status?: PaymentOrder['status'] | undefined; contractNumber?: string | undefined },
): Promise<PaymentOrder[]> {
  return selectOrders(
    db,
    settings,
    businessNow(clock),
    payer.userId,
    and(
      or(
        // A fleet member's bulk payments are the business's: they are listed on the fleet's pages.
        and(eq(paymentOrders.payerUserId, payer.userId), ne(paymentOrders.source, 'bulk')),
        inArray(paymentOrders.contractId, visibleContractIds(db, payer.actor)),
      ),
      filter.status ? eq(paymentOrders.status, filter.status) : undefined,
      filter.contractNumber ? eq(contracts.contractNumber, filter.contractNumber) : undefined,
    ),
  );
}

/** The receipt (PDF) of a payment the user may see (as in `listPayments`); 404 for any other. */
export async function paymentReceipt(
  db: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  id: string,
): Promise<{ pdf: Buffer; filename: string }> {
  const [order] = await selectOrders(
    db,
    settings,
    businessNow(clock),
    payer.userId,
    and(
      eq(paymentOrders.id, id),
      or(
        eq(paymentOrders.payerUserId, payer.userId),
        inArray(paymentOrders.contractId, visibleContractIds(db, payer.actor)),
      ),
    ),
  );
  if (!order) throw paymentNotFound();
  const madeOn = dateInZone(new Date(order.createdAt), settings.cutoff.timeZone);
  return {
    pdf: await renderPaymentReceipt(order, madeOn),
    filename: `receipt-${order.confirmationNumber}.pdf`,
  };
}

/**
 * A scheduled order the payer may still change: someone who cannot see it gets 404, another party
 * to the contract 403, and once its change window has closed (the cut-off of the file that carries
 * it, core `changeWindowEnd`, the same instant the API answers as `changeableUntil`), 409.
 */
async function requireChangeableOrder(
  tx: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  id: string,
) {
  // Locks in the order every payment path takes them (payer, contract, order), so none deadlock.
  await lockUser(tx, payer.userId);
  const [found] = await tx
    .select({ contractId: paymentOrders.contractId })
    .from(paymentOrders)
    .where(eq(paymentOrders.id, id));
  if (!found) throw paymentNotFound();
  const contract = await lockContract(tx, found.contractId);
  const [order] = await tx.select().from(paymentOrders).where(eq(paymentOrders.id, id)).for('update');
  if (!order) throw paymentNotFound();
  if (order.payerUserId !== payer.userId) {
    const visible = await tx
      .select({ id: contractParties.contractId })
      .from(contractParties)
      .where(
        and(
          eq(contractParties.contractId, order.contractId),
          eq(
            contractParties.customerId,
            payer.actor.kind === 'customer' ? (payer.actor.customerId ?? sql`null`) : sql`null`,
          ),
        ),
      );
    if (visible.length === 0) throw paymentNotFound();
    throw new DomainError(
      'forbidden',
      'PAYMENTS.PAYER_ONLY',
      'Only the person who made this payment can change or cancel it.',
    );
  }
  if (order.bulkPaymentId) {
    throw new DomainError(
      'conflict',
      'PAYMENTS.PART_OF_BULK',
      'This payment is one line of a bulk payment: it is paid, or not, with the others.',
    );
  }
  if (order.status !== 'scheduled') {
    throw new DomainError(
      'conflict',
      'PAYMENTS.NOT_SCHEDULED',
      `This payment is ${order.status}; only a scheduled payment can be changed or cancelled.`,
    );
  }
  const now = businessNow(clock);
  const deadline = changeWindowEnd(order.effectiveDate as CalendarDate, settings.cutoff, now);
  if (now.instant.getTime() >= deadline.getTime()) {
    throw new DomainError(
      'conflict',
      'PAYMENTS.PAST_CUTOFF',
      `This payment could be changed or cancelled until ${formatMailInstant(deadline)}; it is on its way.`,
    );
  }
  return { order, contractNumber: contract.contractNumber };
}

/** Changes a scheduled payment's amount, method or date, judged by the same rules as a new one. */
export async function changePayment(
  db: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  id: string,
  change: ChangePaymentRequest,
  meta: RequestMeta,
): Promise<PaymentOrder> {
  return db.transaction(async (tx) => {
    const { order, contractNumber } = await requireChangeableOrder(tx, clock, settings, payer, id);
    const contract = await requirePayableContract(tx, payer.actor, contractNumber, 'once');
    const method = await requireUsableMethod(
      tx,
      { userId: payer.userId },
      change.paymentMethodId ?? order.paymentMethodId,
    );
    const amountCents = change.amountCents ?? order.amountCents;
    const plan = await planPayment(tx, clock, settings, contract, {
      amountCents,
      date: change.date ?? order.effectiveDate,
      intent: order.intent === 'payoff' ? undefined : order.intent,
    });
    await checkDailyLimit(
      tx,
      settings,
      { userId: payer.userId },
      dateInZone(order.createdAt, settings.cutoff.timeZone),
      amountCents,
      order.id,
    );
    const [updated] = await tx
      .update(paymentOrders)
      .set({
        amountCents,
        paymentMethodId: method.id,
        effectiveDate: plan.effectiveDate,
        intent: plan.intent,
        secCode: method.kind === 'bank_account' ? 'WEB' : null,
        updatedAt: clock.now(),
      })
      .where(eq(paymentOrders.id, order.id))
      .returning();
    const audit = { actor: auditActorOf(payer.actor), ...meta };
    const outcome =
      compareDates(plan.effectiveDate, clock.today()) <= 0
        ? await postOrder(tx, clock, settings.gateway, updated!, method, contractNumber, audit)
        : {};
    if (outcome.declined)
      throw unprocessable('PAYMENTS.DECLINED', `The card was declined: ${outcome.declined}`);
    await recordAudit(tx, {
      actor: audit.actor,
      action: 'payment_order.change',
      resource: { type: 'contract', id: contractNumber },
      requestId: meta.requestId,
      ip: meta.ip,
      details: {
        paymentOrderId: order.id,
        before: {
          amountCents: order.amountCents,
          effectiveDate: order.effectiveDate,
          paymentMethodId: order.paymentMethodId,
        },
        after: { amountCents, effectiveDate: plan.effectiveDate, paymentMethodId: method.id },
      },
    });
    const answer = await orderAnswer(tx, clock, settings, payer.userId, order.id);
    await confirmByMail(tx, clock, payer, answer, 'changed');
    return answer;
  });
}

/** Cancels a scheduled payment (the payer only, before its cut-off). */
export async function cancelPayment(
  db: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  id: string,
  meta: RequestMeta,
): Promise<PaymentOrder> {
  return db.transaction(async (tx) => {
    const { order, contractNumber } = await requireChangeableOrder(tx, clock, settings, payer, id);
    await tx
      .update(paymentOrders)
      .set({ status: 'cancelled', updatedAt: clock.now() })
      .where(eq(paymentOrders.id, order.id));
    await recordAudit(tx, {
      actor: auditActorOf(payer.actor),
      action: 'payment_order.cancel',
      resource: { type: 'contract', id: contractNumber },
      requestId: meta.requestId,
      ip: meta.ip,
      details: {
        paymentOrderId: order.id,
        amountCents: order.amountCents,
        effectiveDate: order.effectiveDate,
      },
    });
    const answer = await orderAnswer(tx, clock, settings, payer.userId, order.id);
    await confirmByMail(tx, clock, payer, answer, 'cancelled');
    return answer;
  });
}

/** What posting the due orders did: posted, failed (declined, no longer allowed), cancelled (the grant they were made through has ended). */
export type DuePaymentsRun = { posted: number; failed: number; cancelled: number };

const GRANT_ENDED = 'The access this payment was made through has ended.';

/** Whether a grant still allows its grantee's payments on `date` (as the session reads grants). */
const grantLiveOn = (grant: { status: string; endsOn: string | null }, date: CalendarDate) =>
  grant.status === 'active' &&
  (grant.endsOn === null || compareDates(grant.endsOn as CalendarDate, date) >= 0);

/**
 * Posts every scheduled order effective on or before `businessDate`: one transaction per contract,
 * holding the contract's row lock, posting its orders oldest effective date first (a later posting
 * moves the contract's interest date past an earlier one). The orders are read again under the lock
 * and the posting is idempotent per order, so concurrent or repeated runs post each order once. An
 * order that can no longer post (a decline, above the payoff by now) is marked failed with the reason.
 */
export async function postDuePayments(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
  gateway?: PaymentGateway,
  range?: ContractRange,
): Promise<DuePaymentsRun> {
  // Effective by D is exactly what core `changeWindowEnd` has closed by D's cut-off: the cycle of D
  // runs only once D is over, when the judged instant is on a later business date, so nothing posted
  // here can still be changed, and a payment whose window has closed posts in its date's cycle.
  const due = and(
    eq(paymentOrders.status, 'scheduled'),
    lte(paymentOrders.effectiveDate, businessDate),
    // A bulk payment's lines post together (organizations' postDueBulkPayments), never one by one.
    isNull(paymentOrders.bulkPaymentId),
    inContractRange(paymentOrders.contractId, range),
  );
  const dueContracts = await db
    .selectDistinct({ id: paymentOrders.contractId })
    .from(paymentOrders)
    .where(due);
  const run: DuePaymentsRun = { posted: 0, failed: 0, cancelled: 0 };
  const audit = { actor: { type: 'system', id: 'payments.post-due' } as AuditActor };
  for (const { id: contractId } of dueContracts) {
    await db.transaction(async (tx) => {
      const contract = await lockContract(tx, contractId);
      const orders = await tx
        .select({ order: paymentOrders, method: paymentMethods, grant: contractGrants })
        .from(paymentOrders)
        .innerJoin(paymentMethods, eq(paymentMethods.id, paymentOrders.paymentMethodId))
        .leftJoin(contractGrants, eq(contractGrants.id, paymentOrders.grantId))
        .where(and(due, eq(paymentOrders.contractId, contractId)))
        .orderBy(paymentOrders.effectiveDate, paymentOrders.createdAt)
        .for('update', { of: paymentOrders });
      for (const { order, method, grant } of orders) {
        if (grant && !grantLiveOn(grant, businessDate)) {
          // The grantee can no longer see the account, so cannot cancel it themselves: it must not post.
          await tx
            .update(paymentOrders)
            .set({ status: 'cancelled', failureReason: GRANT_ENDED, updatedAt: clock.now() })
            .where(eq(paymentOrders.id, order.id));
          await recordAudit(tx, {
            ...audit,
            action: 'payment_order.cancel',
            resource: { type: 'contract', id: contract.contractNumber },
            details: { paymentOrderId: order.id, grantId: grant.id, reason: GRANT_ENDED },
          });
          run.cancelled++;
          continue;
        }
        try {
          const outcome = await tx.transaction((sp) =>
            postOrder(sp, clock, gateway, order, method, contract.contractNumber, audit),
          );
          run[outcome.declined ? 'failed' : 'posted']++;
          if (!outcome.declined && order.payerUserId) {
            // A payment the cycle made (scheduled or AutoPay) is news; one made today had its confirmation.
            await notify(tx, clock, {
              userId: order.payerUserId,
              event: 'payment_posted',
              template: 'payment-posted',
              values: {
                kind: order.source === 'autopay' ? 'AutoPay payment' : 'scheduled payment',
                amount: usd(order.amountCents),
                method: `${method.nickname} (…${method.last4})`,
                contractNumber: contract.contractNumber,
                postedOn: order.effectiveDate,
                number: order.confirmationNumber,
              },
            });
          }
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          await tx
            .update(paymentOrders)
            .set({ status: 'failed', failureReason: error.message, updatedAt: clock.now() })
            .where(eq(paymentOrders.id, order.id));
          run.failed++;
        }
      }
    });
  }
  return run;
}
