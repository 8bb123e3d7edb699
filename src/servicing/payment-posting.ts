import { eq } from 'drizzle-orm';
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
import { type AuditActor, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type Answer, once } from '../platform/idempotency.ts';
import { type NewJournalEntry, postEntries } from './ledger.ts';
import {
  checkServicingDate,
  contractInstallments,
  type LeasePosition,
  type LoanPosition,
  leaseOutstanding,
  loanPayoff,
  positionOf,
  requireContract,
  unappliedOf,
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

/**
 * How a loan payment of `amount` on the position's date applies, for the posting and for the preview
 * a customer reviews first: money held for the customer (a principal-only payment beyond the
 * principal, or an overpayment left when an earlier payment was reversed) joins it, as the payoff
 * quote counts it, so a payoff leaves nothing owed and nothing held; then the contract's waterfall,
 * or principal only when asked. A negative `unapplied` is money held that this payment used.
 */
export function splitLoanPayment(
  loan: ServicedLoan,
  position: LoanPosition,
  amount: Cents,
  intent: PaymentInput['intent'],
) {
  const orderName: AllocationOrderName =
    intent === 'principal_only' ? 'principal_only' : (loan.allocationOrder as AllocationOrderName);
  const held = unappliedOf(position.balances);
  const allocation = allocatePayment(
    cents(amount + held),
    {
      interest: position.accruedInterest,
      fees: position.balances.fees,
      principal: position.balances.principal,
      billDue: position.due.billDue,
    },
    ALLOCATION_ORDERS[orderName] ?? ALLOCATION_ORDERS.standard,
  );
  return { ...allocation, unapplied: cents(allocation.unapplied - held) };
}

/** Accrues interest to the payment date, then splits the payment by the contract's waterfall. */
async function allocateLoanPayment(
  tx: Db,
  loan: ServicedLoan,
  input: PaymentInput,
  entries: NewJournalEntry[],
) {
  if (compareDates(input.receivedOn, loan.interestPostedThrough) < 0) {
    throw new DomainError(
      'invalid',
      'PAYMENTS.BEFORE_LAST_POSTING',
      `Interest is already posted through ${loan.interestPostedThrough}; a payment cannot be dated before that.`,
      { receivedOn: `Must be on or after ${loan.interestPostedThrough}, the date of the last posting.` },
    );
  }
  const position = await positionOf(tx, loan, input.receivedOn);
  const payoff = loanPayoff(loan, position, input.receivedOn, input.receivedOn).payoff;
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
      position.balances.principal,
      loan.aprPercent,
      loan.interestPostedThrough,
      input.receivedOn,
      loan.dayCount,
    ),
  );
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
  const owedAfter =
    position.balances.principal -
    split.principal +
    (position.balances.interest + accrued - split.interest) +
    (position.balances.fees - split.fees);
  return {
    accrued,
    split: { ...split, leaseReceivable: cents(0), salesTax: cents(0) },
    paidOff: owedAfter === 0,
  };
}

/**
 * A lease payment pays the installments due (tax first within each, as billed), then fees, then
 * installments ahead; the base part reduces the lease receivable, the tax part is owed to the state.
 */
async function allocateLeasePayment(tx: Db, lease: ServicedLease, input: PaymentInput) {
  if (input.intent !== 'regular') {
    throw new DomainError(
      'invalid',
      'PAYMENTS.INTENT_NOT_FOR_LEASE',
      'A lease takes regular payments only; a buyout is a purchase quote.',
      {
        intent: 'Use "regular" for a lease.',
      },
    );
  }
  const position = await positionOf(tx, lease, input.receivedOn);
  const outstanding = leaseOutstanding(position);
  if (input.amountCents > outstanding) {
    throw rejectAmount(
      'PAYMENTS.AMOUNT_EXCEEDS_BALANCE',
      `The amount is more than everything owed on the lease, ${formatUsd(outstanding)}.`,
    );
  }
  return { accrued: cents(0), split: splitLeasePayment(lease, position, input.amountCents), paidOff: false };
}

/**
 * How `amount` applies to a lease in `position` (pure: the preview and the posting share it): the
 * installments due, then fees, then installments ahead, then unapplied. Within each installment tax
 * is paid first, as billed, so the tax credited is a function of the total credited.
 */
export function splitLeasePayment(lease: ServicedLease, position: LeasePosition, amount: number): Allocated {
  let left = amount;
  const toBill = Math.min(left, position.due.billDue);
  left -= toBill;
  const fees = Math.min(left, position.balances.fees);
  left -= fees;
  const unpaidInstallments = position.due.installments.reduce((sum, i) => sum + i.unpaid, 0);
  const ahead = Math.min(left, unpaidInstallments - toBill);
  left -= ahead;
  const taxCredited = (credited: number) => {
    let remaining = credited;
    let tax = 0;
    for (const inst of contractInstallments(lease)) {
      const paid = Math.min(remaining, inst.amount);
      tax += Math.min(paid, lease.monthlyTax);
      remaining -= paid;
    }
    return tax;
  };
  const creditedBefore = position.due.installments.reduce((sum, i) => sum + i.paid, 0);
  const toInstallments = toBill + ahead;
  const salesTax = taxCredited(creditedBefore + toInstallments) - taxCredited(creditedBefore);
  return {
    interest: cents(0),
    principal: cents(0),
    fees: cents(fees),
    unapplied: cents(left),
    leaseReceivable: cents(toInstallments - salesTax),
    salesTax: cents(salesTax),
  };
}

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
      checkActive(contract);
      checkServicingDate(contract, input.receivedOn, clock.today(), 'receivedOn');
      const entries: NewJournalEntry[] = [];
      const { accrued, split, paidOff } =
        contract.kind === 'retail_installment'
          ? await allocateLoanPayment(tx, contract, input, entries)
          : await allocateLeasePayment(tx, contract, input);
      const code = input.intent === 'payoff' || paidOff ? 'PAYOFF' : 'PAYMENT';
      entries.push({
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
      const entryIds = await postEntries(tx, entries);
      const allocation = {
        interestCents: split.interest,
        principalCents: split.principal,
        feesCents: split.fees,
        unappliedCents: split.unapplied,
        leaseReceivableCents: split.leaseReceivable,
        salesTaxCents: split.salesTax,
      };
      const [row] = await tx
        .insert(payments)
        .values({
          contractId: contract.id,
          amountCents: input.amountCents,
          receivedOn: input.receivedOn,
          channel: input.channel,
          reference: input.reference ?? null,
          intent: input.intent,
          ...allocation,
          entryId: entryIds.at(-1)!,
        })
        .returning({ id: payments.id });
      const contractStatus = paidOff ? 'paid_off' : contract.status;
      await tx
        .update(contracts)
        .set({
          status: contractStatus,
          ...(paidOff ? { paidOffOn: input.receivedOn } : {}),
          ...(contract.kind === 'retail_installment' ? { interestPostedThrough: input.receivedOn } : {}),
        })
        .where(eq(contracts.id, contract.id));
      // After the payment row: the position counts what it credited to installments.
      await writePositions(tx, [contract], clock.today());
      await recordAudit(tx, {
        actor: audit.actor,
        action: 'payment.post',
        resource: { type: 'contract', id: contractNumber },
        requestId: audit.requestId,
        ip: audit.ip,
        details: {
          paymentId: row!.id,
          amountCents: input.amountCents,
          receivedOn: input.receivedOn,
          channel: input.channel,
          intent: input.intent,
        },
      });
      if (paidOff && contract.status !== 'paid_off') {
        // Everyone on the account who signs in hears it, by the channels they chose for payments.
        const people = await tx
          .select({ userId: users.id })
          .from(contractParties)
          .innerJoin(users, eq(users.customerId, contractParties.customerId))
          .where(eq(contractParties.contractId, contract.id));
        for (const { userId } of people) {
          await notify(tx, clock, {
            userId,
            event: 'payment_posted',
            template: 'payoff-complete',
            values: { contractNumber, paidOn: input.receivedOn },
          });
        }
      }
      const body: PostedPayment = {
        paymentId: row!.id,
        contractNumber,
        amountCents: input.amountCents,
        receivedOn: input.receivedOn,
        intent: input.intent,
        status: 'posted',
        allocation,
        interestAccruedCents: accrued,
        contractStatus,
      };
      return { statusCode: 201, body };
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
