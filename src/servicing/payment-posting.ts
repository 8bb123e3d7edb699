import { eq, inArray } from 'drizzle-orm';
import { ALLOCATION_ORDERS, type AllocationOrderName, allocatePayment } from '../core/allocation.ts';
import { type CalendarDate, compareDates } from '../core/dates.ts';
import { returnedPaymentFeeFor } from '../core/late-fees.ts';
import {
  feeCharge,
  interestAccrual,
  type Posting,
  paymentReceived,
  reversePostings,
} from '../core/ledger.ts';
import { type Cents, cents, formatUsd } from '../core/money.ts';
import { roundAccruedInterest } from '../core/rounding.ts';
import { accrueInterest } from '../core/simple-interest.ts';
import type { ServicedContract, ServicedLease, ServicedLoan } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { contractParties, contracts, feeAssessments, payments, postings, users } from '../db/schema.ts';
import { notify, postNotice } from '../notifications/index.ts';
import { type AuditActor, type AuditEvent, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type Answer, once } from '../platform/idempotency.ts';
import { type NewJournalEntry, postEntries } from './ledger.ts';
import type { PositionSummary } from './position-store.ts';
import {
  checkServicingDate,
  contractInstallments,
  positionSummaries,
  requireContract,
  writePositions,
} from './servicing.ts';

/**
 * Posting money received on a contract, and reversing it. Each posting runs in one transaction that
 * holds the contract's row lock, so two postings on one contract take turns and both balance.
 */
export const PAYMENT_CHANNELS = ['check', 'lockbox', 'wire', 'phone', 'ach', 'card'] as const;
export const PAYMENT_INTENTS = ['regular', 'principal_only', 'payoff'] as const;

export type PaymentInput = {
  amountCents: number;
  receivedOn: CalendarDate;
  channel: (typeof PAYMENT_CHANNELS)[number];
  reference?: string | undefined;
  intent: (typeof PAYMENT_INTENTS)[number];
};

export type PostedPayment = {
  paymentId: string;
  contractNumber: string;
  amountCents: number;
  receivedOn: string;
  intent: string;
  status: 'posted' | 'reversed';
  allocation: {
    interestCents: number;
    principalCents: number;
    feesCents: number;
    unappliedCents: number;
    leaseReceivableCents: number;
    salesTaxCents: number;
  };
  /** Interest that accrued since the last posting and was posted with this payment. */
  interestAccruedCents: number;
  contractStatus: 'active' | 'paid_off' | 'terminated';
};

type Allocated = {
  interest: Cents;
  principal: Cents;
  fees: Cents;
  unapplied: Cents;
  leaseReceivable: Cents;
  salesTax: Cents;
};

function rejectAmount(code: string, message: string): DomainError {
  return new DomainError('invalid', code, message, { amountCents: message });
}

function checkActive(contract: ServicedContract): void {
  if (contract.status !== 'active') {
    throw new DomainError(
      'conflict',
      'CONTRACTS.NOT_ACTIVE',
      `Contract ${contract.contractNumber} is ${contract.status.replace('_', ' ')}.`,
    );
  }
}

/** The current bill of a position: its amount due is the bill plus the fees (`summarizePosition`). */
const billDueOf = (position: PositionSummary) => cents(position.amountDue - position.fees);

/**
 * How a loan payment of `amount` on the position's date applies, for the posting and for the preview
 * a customer reviews first: money held for the customer (a principal-only payment beyond the
 * principal, or an overpayment left when an earlier payment was reversed) joins it, as the payoff
 * quote counts it, so a payoff leaves nothing owed and nothing held; then the contract's waterfall,
 * or principal only when asked. A negative `unapplied` is money held that this payment used.
 */
export function splitLoanPayment(
  loan: ServicedLoan,
  position: PositionSummary,
  amount: Cents,
  intent: PaymentInput['intent'],
) {
  const orderName: AllocationOrderName =
    intent === 'principal_only' ? 'principal_only' : (loan.allocationOrder as AllocationOrderName);
  const held = position.unapplied;
  const allocation = allocatePayment(
    cents(amount + held),
    {
      interest: position.accruedInterest,
      fees: position.fees,
      principal: position.principal,
      billDue: billDueOf(position),
    },
    ALLOCATION_ORDERS[orderName] ?? ALLOCATION_ORDERS.standard,
  );
  return { ...allocation, unapplied: cents(allocation.unapplied - held) };
}

/**
 * A position's installments, still owed and credited, read from its next one due: installments are
 * paid oldest first (core `dueStatus`), so those before it are paid, it is owed `nextDueAmount`,
 * and those after it are owed whole.
 */
export function installmentsOwed(contract: ServicedContract, position: PositionSummary) {
  const installments = contractInstallments(contract);
  const total = installments.reduce<number>((sum, i) => sum + i.amount, 0);
  if (position.nextDueDate === null) return { owed: 0, credited: total };
  const next = installments.findIndex((i) => i.dueDate === position.nextDueDate);
  if (next < 0) throw new Error(`${contract.contractNumber} has no installment due ${position.nextDueDate}`);
  const owed = installments
    .slice(next + 1)
    .reduce<number>((sum, i) => sum + i.amount, position.nextDueAmount);
  return { owed, credited: total - owed };
}

/** Everything still owed on a lease if every remaining installment were paid: the ceiling of a payment. */
export function leaseOwed(lease: ServicedLease, position: PositionSummary): Cents {
  return cents(installmentsOwed(lease, position).owed + position.fees - position.unapplied);
}

/**
 * How `amount` applies to a lease in `position` (pure: the preview and the posting share it): the
 * installments due, then fees, then installments ahead, then unapplied. Within each installment tax
 * is paid first, as billed, so the tax credited is a function of the total credited.
 */
export function splitLeasePayment(
  lease: ServicedLease,
  position: PositionSummary,
  amount: number,
): Allocated {
  const { owed, credited } = installmentsOwed(lease, position);
  const billDue = billDueOf(position);
  let left = amount;
  const toBill = Math.min(left, billDue);
  left -= toBill;
  const fees = Math.min(left, position.fees);
  left -= fees;
  const ahead = Math.min(left, owed - toBill);
  left -= ahead;
  const taxCredited = (total: number) => {
    let remaining = total;
    let tax = 0;
    for (const inst of contractInstallments(lease)) {
      const paid = Math.min(remaining, inst.amount);
      tax += Math.min(paid, lease.monthlyTax);
      remaining -= paid;
    }
    return tax;
  };
  const toInstallments = toBill + ahead;
  const salesTax = taxCredited(credited + toInstallments) - taxCredited(credited);
  return {
    interest: cents(0),
    principal: cents(0),
    fees: cents(fees),
    unapplied: cents(left),
    leaseReceivable: cents(toInstallments - salesTax),
    salesTax: cents(salesTax),
  };
}

/** What a payment can be refused for before its contract's position is read. */
function checkPayable(contract: ServicedContract, input: PaymentInput, today: CalendarDate): void {
  checkActive(contract);
  checkServicingDate(contract, input.receivedOn, today, 'receivedOn');
  if (contract.kind === 'lease' && input.intent !== 'regular') {
    throw new DomainError(
      'invalid',
      'PAYMENTS.INTENT_NOT_FOR_LEASE',
      'A lease takes regular payments only; a buyout is a purchase quote.',
      {
        intent: 'Use "regular" for a lease.',
      },
    );
  }
  if (
    contract.kind === 'retail_installment' &&
    compareDates(input.receivedOn, contract.interestPostedThrough) < 0
  ) {
    throw new DomainError(
      'invalid',
      'PAYMENTS.BEFORE_LAST_POSTING',
      `Interest is already posted through ${contract.interestPostedThrough}; a payment cannot be dated before that.`,
      { receivedOn: `Must be on or after ${contract.interestPostedThrough}, the date of the last posting.` },
    );
  }
}

/**
 * A loan payment on its position as of the payment date: the payoff as its ceiling, the interest
 * accrued since the last posting (an entry of its own), then the contract's waterfall.
 */
function allocateLoanPayment(loan: ServicedLoan, input: PaymentInput, position: PositionSummary) {
  // The position's payoff is good through its own date, the payment date.
  const payoff = position.payoff;
  if (input.amountCents > payoff) {
    throw rejectAmount(
      'PAYMENTS.AMOUNT_EXCEEDS_PAYOFF',
      `The amount is more than the payoff amount on ${input.receivedOn}, ${formatUsd(payoff)}.`,
    );
  }
  if (input.intent === 'payoff' && input.amountCents !== payoff) {
    throw rejectAmount(
      'PAYMENTS.NOT_PAYOFF_AMOUNT',
      `A payoff on ${input.receivedOn} is exactly ${formatUsd(payoff)}.`,
    );
  }
  const accrued = roundAccruedInterest(
    accrueInterest(
      position.principal,
      loan.aprPercent,
      loan.interestPostedThrough,
      input.receivedOn,
      loan.dayCount,
    ),
  );
  const entries: NewJournalEntry[] = [];
  if (accrued > 0) {
    entries.push({
      contractId: loan.id,
      code: 'INTEREST',
      effectiveDate: input.receivedOn,
      memo: 'Interest accrued to the payment date',
      postings: interestAccrual(accrued),
    });
  }
  const split = splitLoanPayment(loan, position, cents(input.amountCents), input.intent);
  // The position's accrued interest is the interest posted plus `accrued`: both run from the last posting.
  const owedAfter =
    position.principal -
    split.principal +
    (position.accruedInterest - split.interest) +
    (position.fees - split.fees);
  return {
    accrued,
    entries,
    split: { ...split, leaseReceivable: cents(0), salesTax: cents(0) },
    paidOff: owedAfter === 0,
  };
}

/**
 * A lease payment pays the installments due (tax first within each, as billed), then fees, then
 * installments ahead; the base part reduces the lease receivable, the tax part is owed to the state.
 */
function allocateLeasePayment(lease: ServicedLease, input: PaymentInput, position: PositionSummary) {
  const outstanding = leaseOwed(lease, position);
  if (input.amountCents > outstanding) {
    throw rejectAmount(
      'PAYMENTS.AMOUNT_EXCEEDS_BALANCE',
      `The amount is more than everything owed on the lease, ${formatUsd(outstanding)}.`,
    );
  }
  return {
    accrued: cents(0),
    entries: [] as NewJournalEntry[],
    split: splitLeasePayment(lease, position, input.amountCents),
    paidOff: false,
  };
}

/** A refusal of one line of `postPayments`, which then posts none of them. */
export class PaymentLineRefused extends DomainError {
  readonly line: number;
  constructor(line: number, refusal: DomainError) {
    super(refusal.kind, refusal.code, refusal.message, refusal.fields, refusal.details);
    this.line = line;
  }
}

/** Runs a line's check, naming the line when it refuses. */
function onLine<T>(line: number, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError) throw new PaymentLineRefused(line, error);
    throw error;
  }
}

/** Rows per insert, inside PostgreSQL's 65,535 parameters for a bulk payment's 5,000 lines. */
const INSERT_BATCH = 1_000;

async function insertInBatches<T, R>(rows: readonly T[], insert: (batch: T[]) => Promise<R[]>) {
  const inserted: R[] = [];
  for (let from = 0; from < rows.length; from += INSERT_BATCH)
    inserted.push(...(await insert(rows.slice(from, from + INSERT_BATCH))));
  return inserted;
}

export type PaymentLine = { contract: ServicedContract; input: PaymentInput };

/**
 * Posts payments on distinct contracts whose row locks the caller holds, in its transaction, all or
 * none: each is judged on its contract's position as of its date (the stored one when it is as of
 * that date), then the journal entries, payments, contracts, stored positions and audit events of
 * all of them are written together, a fixed number of statements however many lines (a bulk
 * payment's). A line refused throws `PaymentLineRefused`, naming it.
 */
export async function postPayments(
  tx: Db,
  clock: Clock,
  lines: readonly PaymentLine[],
  audit: { actor: AuditActor; requestId?: string | undefined; ip?: string | undefined },
): Promise<PostedPayment[]> {
  const today = clock.today();
  const byDate = new Map<CalendarDate, ServicedContract[]>();
  for (const [i, { contract, input }] of lines.entries()) {
    onLine(i, () => checkPayable(contract, input, today));
    const group = byDate.get(input.receivedOn) ?? [];
    group.push(contract);
    byDate.set(input.receivedOn, group);
  }
  if (new Set(lines.map((l) => l.contract.id)).size !== lines.length)
    throw new Error('postPayments takes one payment per contract: a second needs the first one’s position');
  const positions = new Map<string, PositionSummary>();
  for (const [date, group] of byDate)
    for (const [id, position] of await positionSummaries(tx, group, date)) positions.set(id, position);
  const allocated = lines.map(({ contract, input }, i) =>
    onLine(i, () => {
      const position = positions.get(contract.id)!;
      return contract.kind === 'retail_installment'
        ? allocateLoanPayment(contract, input, position)
        : allocateLeasePayment(contract, input, position);
    }),
  );
  const entries: NewJournalEntry[] = [];
  /** Where each line's payment entry is among `entries`, after the interest it posts first. */
  const paymentEntries: number[] = [];
  for (const [i, { contract, input }] of lines.entries()) {
    const { split, paidOff, entries: interest } = allocated[i]!;
    entries.push(...interest);
    const code = input.intent === 'payoff' || paidOff ? 'PAYOFF' : 'PAYMENT';
    const at = entries.push({
      contractId: contract.id,
      code,
      effectiveDate: input.receivedOn,
      memo: `${input.channel} payment${input.reference ? ` ${input.reference}` : ''}`,
      postings: paymentReceived(cents(input.amountCents), {
        interest: split.interest,
        principal: split.principal,
        fees: split.fees,
        unapplied: split.unapplied,
        lease_receivable: split.leaseReceivable,
        sales_tax_payable: split.salesTax,
      }),
    });
    paymentEntries.push(at - 1);
  }
  const entryIds = await insertInBatches(entries, (batch) => postEntries(tx, batch));
  const allocations = allocated.map(({ split }) => ({
    interestCents: split.interest,
    principalCents: split.principal,
    feesCents: split.fees,
    unappliedCents: split.unapplied,
    leaseReceivableCents: split.leaseReceivable,
    salesTaxCents: split.salesTax,
  }));
  const rows = await insertInBatches(
    lines.map(({ contract, input }, i) => ({
      contractId: contract.id,
      amountCents: input.amountCents,
      receivedOn: input.receivedOn,
      channel: input.channel,
      reference: input.reference ?? null,
      intent: input.intent,
      ...allocations[i]!,
      entryId: entryIds[paymentEntries[i]!]!,
    })),
    (batch) => tx.insert(payments).values(batch).returning({ id: payments.id }),
  );
  for (const [date, group] of byDate) {
    const loans = group.filter((c) => c.kind === 'retail_installment').map((c) => c.id);
    if (loans.length > 0)
      await tx.update(contracts).set({ interestPostedThrough: date }).where(inArray(contracts.id, loans));
    const paidOff = lines
      .filter((l, i) => l.input.receivedOn === date && allocated[i]!.paidOff)
      .map((l) => l.contract.id);
    if (paidOff.length > 0)
      await tx
        .update(contracts)
        .set({ status: 'paid_off', paidOffOn: date })
        .where(inArray(contracts.id, paidOff));
  }
  // After the payment rows: the positions count what they credited to installments.
  await writePositions(
    tx,
    lines.map((l) => l.contract),
    today,
  );
  await recordAudit(
    tx,
    ...lines.map(
      ({ contract, input }, i): AuditEvent => ({
        actor: audit.actor,
        action: 'payment.post',
        resource: { type: 'contract', id: contract.contractNumber },
        requestId: audit.requestId,
        ip: audit.ip,
        details: {
          paymentId: rows[i]!.id,
          amountCents: input.amountCents,
          receivedOn: input.receivedOn,
          channel: input.channel,
          intent: input.intent,
        },
      }),
    ),
  );
  await notifyPaidOff(
    tx,
    clock,
    lines.filter((_, i) => allocated[i]!.paidOff),
  );
  return lines.map(({ contract, input }, i) => ({
    paymentId: rows[i]!.id,
    contractNumber: contract.contractNumber,
    amountCents: input.amountCents,
    receivedOn: input.receivedOn,
    intent: input.intent,
    status: 'posted',
    allocation: allocations[i]!,
    interestAccruedCents: allocated[i]!.accrued,
    contractStatus: allocated[i]!.paidOff ? 'paid_off' : contract.status,
  }));
}

/** Everyone on a paid-off account who signs in hears it, by the channels they chose for payments. */
async function notifyPaidOff(tx: Db, clock: Clock, lines: readonly PaymentLine[]): Promise<void> {
  if (lines.length === 0) return;
  const people = await tx
    .select({ contractId: contractParties.contractId, userId: users.id })
    .from(contractParties)
    .innerJoin(users, eq(users.customerId, contractParties.customerId))
    .where(
      inArray(
        contractParties.contractId,
        lines.map((l) => l.contract.id),
      ),
    );
  for (const { contract, input } of lines) {
    for (const { userId } of people.filter((p) => p.contractId === contract.id)) {
      await notify(tx, clock, {
        userId,
        event: 'payment_posted',
        template: 'payoff-complete',
        values: { contractNumber: contract.contractNumber, paidOn: input.receivedOn },
      });
    }
  }
}

/** One payment, in its own transaction (a savepoint of the caller's), once per idempotency key. */
export async function postPayment(
  db: Db,
  clock: Clock,
  contractNumber: string,
  input: PaymentInput,
  idempotency: { scope: string; key: string },
  audit: { actor: AuditActor; requestId?: string; ip?: string },
): Promise<Answer<PostedPayment>> {
  return db.transaction(async (tx) =>
    once(tx, idempotency.scope, idempotency.key, { contractNumber, ...input }, async () => {
      const contract = await requireContract(tx, contractNumber, { forUpdate: true });
      const [body] = await postPayments(tx, clock, [{ contract, input }], audit);
      return { statusCode: 201, body: body! };
    }),
  );
}

export const REVERSAL_REASONS = ['returned', 'posted_in_error'] as const;
export type ReversalReason = (typeof REVERSAL_REASONS)[number];

export type ReversedPayment = {
  paymentId: string;
  reversedOn: string;
  reason: ReversalReason;
  /** Interest the restored principal earned between the payment date and the last posting. */
  interestAdjustmentCents: number;
  returnedPaymentFeeCents: number;
};

/**
 * Reverses a payment exactly (every leg of its entry negated, effective today), restores the interest
 * the reversed principal would have earned since, and, for a returned payment, charges the state's
 * returned-payment fee once.
 */
export async function reversePayment(
  db: Db,
  clock: Clock,
  contractNumber: string,
  paymentId: string,
  reason: ReversalReason,
  audit: { actor: AuditActor; requestId?: string; ip?: string },
): Promise<ReversedPayment> {
  return db.transaction(async (tx) => {
    const contract = await requireContract(tx, contractNumber, { forUpdate: true });
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId));
    if (!payment || payment.contractId !== contract.id) {
      throw new DomainError(
        'not_found',
        'PAYMENTS.NOT_FOUND',
        `There is no payment ${paymentId} on contract ${contractNumber}.`,
      );
    }
    if (payment.status === 'reversed') {
      throw new DomainError(
        'conflict',
        'PAYMENTS.ALREADY_REVERSED',
        `Payment ${paymentId} was already reversed on ${payment.reversedOn}.`,
      );
    }
    const today = clock.today();
    const legs = await tx
      .select({ account: postings.account, amount: postings.amountCents })
      .from(postings)
      .where(eq(postings.entryId, payment.entryId));
    const entries: NewJournalEntry[] = [
      {
        contractId: contract.id,
        code: 'PAYMENT_RETURN',
        effectiveDate: today,
        memo: `Reversal of the payment received ${payment.receivedOn} (${reason.replace(/_/g, ' ')})`,
        reversesEntryId: payment.entryId,
        postings: reversePostings(
          legs.map((l) => ({ account: l.account, amount: cents(l.amount) })) as Posting[],
        ),
      },
    ];
    let interestAdjustment = cents(0);
    if (contract.kind === 'retail_installment' && payment.principalCents > 0) {
      interestAdjustment = roundAccruedInterest(
        accrueInterest(
          cents(payment.principalCents),
          contract.aprPercent,
          payment.receivedOn as CalendarDate,
          contract.interestPostedThrough,
          contract.dayCount,
        ),
      );
      if (interestAdjustment > 0) {
        entries.push({
          contractId: contract.id,
          code: 'INTEREST',
          effectiveDate: today,
          memo: 'Interest on principal restored by a reversal, from the payment date to the last posting',
          postings: interestAccrual(interestAdjustment),
        });
      }
    }
    const fee = reason === 'returned' ? returnedPaymentFeeFor(contract.governingState) : cents(0);
    if (fee > 0)
      entries.push({
        contractId: contract.id,
        code: 'RETURN_FEE',
        effectiveDate: today,
        memo: 'Returned payment fee',
        postings: feeCharge(fee),
      });
    const entryIds = await postEntries(tx, entries);
    if (fee > 0) {
      await tx.insert(feeAssessments).values({
        contractId: contract.id,
        kind: 'returned_payment',
        cause: payment.id,
        amountCents: fee,
        assessedOn: today,
        entryId: entryIds.at(-1)!,
      });
    }
    await tx
      .update(payments)
      .set({ status: 'reversed', reversalEntryId: entryIds[0]!, reversalReason: reason, reversedOn: today })
      .where(eq(payments.id, payment.id));
    if (contract.status === 'paid_off')
      await tx
        .update(contracts)
        .set({ status: 'active', paidOffOn: null })
        .where(eq(contracts.id, contract.id));
    await writePositions(tx, [contract], today);
    if (reason === 'returned')
      await postNotice(tx, clock, {
        contractId: contract.id,
        kind: 'payment_returned',
        cause: payment.id,
        occurredOn: today,
        details: {
          paymentReceivedOn: payment.receivedOn,
          amountCents: payment.amountCents,
          returnedPaymentFeeCents: fee,
        },
      });
    await recordAudit(tx, {
      actor: audit.actor,
      action: 'payment.reverse',
      resource: { type: 'contract', id: contractNumber },
      requestId: audit.requestId,
      ip: audit.ip,
      details: {
        paymentId,
        reason,
        interestAdjustmentCents: interestAdjustment,
        returnedPaymentFeeCents: fee,
      },
    });
    return {
      paymentId,
      reversedOn: today,
      reason,
      interestAdjustmentCents: interestAdjustment,
      returnedPaymentFeeCents: fee,
    };
  });
}
