import { and, desc, eq, inArray, lt, lte, max, ne, sql } from 'drizzle-orm';
import { businessDayOnOrAfter, isBusinessDay, previousBusinessDay } from '../core/business-days.ts';
import { addDays, type CalendarDate, compareDates } from '../core/dates.ts';
import type { InstallmentStatus } from '../core/installments.ts';
import { type Cents, cents, formatUsd } from '../core/money.ts';
import { type ContractRange, inContractRange } from '../db/contract-range.ts';
import {
  type ContractRow,
  lockContract,
  type ServicedContract,
  toServicedContract,
} from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  autopayEnrollments,
  contracts,
  delinquencyHistory,
  paymentMethods,
  paymentOrders,
  users,
} from '../db/schema.ts';
import { notify, renderMail, sendMail } from '../notifications/index.ts';
import { type AuditActor, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { contractInstallments, leaseOutstanding, loanPayoff, positionOf } from '../servicing/index.ts';
import { newConfirmationNumber } from './payments.ts';

/**
 * The daily cycle's AutoPay step (issue 6): for each live enrolment, the next debit is scheduled
 * as a `payment_orders` row once its date comes within the notice period (10 days ahead), with an
 * "amount changed" notice when it differs from the one before; every debit due by the business date
 * is judged again under the contract's lock before it posts (the last one re-sized to the exact
 * payoff). The customer's side (enrol, change, pause, cancel) is payments/autopay.ts.
 */

/** A debit is scheduled when its date is at most this many days after the business date (the notice period). */
const AUTOPAY_SCHEDULE_DAYS_AHEAD = 10;

/** The states of an enrolment that is still there (one per contract): all but cancelled. */
export const LIVE = ['active', 'paused', 'suspended'] as const;

export type EnrollmentRow = typeof autopayEnrollments.$inferSelect;
export type OrderRow = typeof paymentOrders.$inferSelect;

export type AutopayRun = {
  scheduled: number;
  amountNotices: number;
  /** Final (or over-the-payoff) debits re-sized to the exact payoff before posting. */
  resized: number;
  /** Enrolments suspended because their method was removed or blocked. */
  suspended: number;
  /** Enrolments ended because their contract is paid off (or otherwise no longer active). */
  ended: number;
  /** Why nothing was debited: the installment was already paid, nothing is owed any more, or the method cannot be used. */
  skippedAlreadyPaid: number;
  skippedNothingOwed: number;
  skippedMethodUnusable: number;
};

/** The debit date for a due date: `daysBeforeDue` before it, moved back to a business day. */
export function autopayDebitDate(dueDate: CalendarDate, daysBeforeDue: number): CalendarDate {
  const date = addDays(dueDate, -daysBeforeDue);
  return isBusinessDay(date) ? date : previousBusinessDay(date);
}

/** Everything owed on `date`: a loan's payoff (interest to that date), a lease's outstanding installments and fees. */
async function owedOn(tx: Db, contract: ServicedContract, date: CalendarDate): Promise<Cents> {
  if (contract.kind === 'lease') return leaseOutstanding(await positionOf(tx, contract, date));
  return loanPayoff(contract, await positionOf(tx, contract, date), date, date).payoff;
}

type Occurrence = {
  installment: InstallmentStatus;
  debitDate: CalendarDate;
  effectiveDate: CalendarDate;
  amountCents: number;
  isFinal: boolean;
};

/**
 * The next debit for an enrolment as of the business date: the oldest installment not fully paid,
 * for what is still due of it plus the extra principal, on its debit date; when that has passed, on
 * the business date itself (or the next business day), as a payment cannot be dated back. When it
 * is the last installment, or would reach what is owed, the debit is exactly what is owed on its date.
 */
export async function nextOccurrence(
  tx: Db,
  contract: ServicedContract,
  enrollment: Pick<EnrollmentRow, 'extraPrincipalCents' | 'daysBeforeDue'>,
  businessDate: CalendarDate,
): Promise<Occurrence | undefined> {
  const position = await positionOf(tx, contract, businessDate);
  const installment = position.due.nextDue;
  if (!installment) return undefined;
  const debitDate = autopayDebitDate(installment.dueDate, enrollment.daysBeforeDue);
  const effectiveDate =
    compareDates(debitDate, businessDate) < 0 ? businessDayOnOrAfter(businessDate) : debitDate;
  const owed = await owedOn(tx, contract, effectiveDate);
  const wanted = installment.unpaid + enrollment.extraPrincipalCents;
  const isFinal = installment.number === contractInstallments(contract).length || wanted >= owed;
  return { installment, debitDate, effectiveDate, amountCents: isFinal ? owed : wanted, isFinal };
}

export const lastDueDate = (contract: ServicedContract) => contractInstallments(contract).at(-1)!.dueDate;

async function mailTo(tx: Db, userId: string) {
  const [user] = await tx
    .select({ email: users.email, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId));
  return user!;
}

export const methodLabel = (m: { nickname: string; last4: string }) => `${m.nickname} (…${m.last4})`;
export const usd = (amount: number) => formatUsd(cents(amount));
const SYSTEM: AuditActor = { type: 'system', id: 'autopay' };

/**
 * Suspends an enrolment and tells its owner why: its method can no longer be used (removed, or
 * blocked by a return or a decline). Its scheduled debits are cancelled, as they would fail.
 */
async function suspendAutopay(
  tx: Db,
  clock: Clock,
  enrollment: Pick<EnrollmentRow, 'id' | 'userId'>,
  contractNumber: string,
  reason: string,
): Promise<void> {
  const now = clock.now();
  await tx
    .update(autopayEnrollments)
    .set({ status: 'suspended', updatedAt: now })
    .where(eq(autopayEnrollments.id, enrollment.id));
  await tx
    .update(paymentOrders)
    .set({ status: 'cancelled', failureReason: `AutoPay suspended: ${reason}`, updatedAt: now })
    .where(and(eq(paymentOrders.autopayId, enrollment.id), eq(paymentOrders.status, 'scheduled')));
  await recordAudit(tx, {
    actor: SYSTEM,
    action: 'autopay.suspend',
    resource: { type: 'contract', id: contractNumber },
    details: { autopayId: enrollment.id, reason },
  });
  const user = await mailTo(tx, enrollment.userId);
  await sendMail(tx, clock, {
    to: user.email,
    ...renderMail('autopay-suspended', { displayName: user.displayName, contractNumber, reason }),
  });
}

const methodProblem = (method: { status: string; blockedReason: string | null }) =>
  method.status === 'removed'
    ? 'the payment method it used was removed.'
    : `the payment method it uses cannot be used any more${method.blockedReason ? ` (${method.blockedReason})` : ''}.`;

/**
 * Before the due AutoPay debits post (this step runs just before `postDuePayments` in each cycle,
 * for the same chunk): each one still scheduled is judged again against the contract as it is now,
 * under the contract's lock. Its installment already paid (by a payment made since it was scheduled)
 * or nothing owed: cancelled, not taken. The final debit (or any that would now exceed what is owed) is
 * re-sized to exactly what is owed on its date, less the other payments still to post on the contract
 * by then: a payment, fee or reversal after it was scheduled changes the balance, and the last debit
 * must bring it to zero, neither leaving cents nor failing as above the payoff. The other orders due
 * by then are effective on the same date (earlier ones posted in earlier cycles), and on one date a
 * payoff less a payment is the payoff after it, so the balance lands at exactly zero whichever posts first.
 */
async function settleDueOrders(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
  range: ContractRange | undefined,
  run: AutopayRun,
) {
  const due = await db
    .select({ id: paymentOrders.id, contractId: paymentOrders.contractId })
    .from(paymentOrders)
    .where(
      and(
        eq(paymentOrders.source, 'autopay'),
        eq(paymentOrders.status, 'scheduled'),
        lte(paymentOrders.effectiveDate, businessDate),
        inContractRange(paymentOrders.contractId, range),
      ),
    );
  for (const { id, contractId } of due) {
    await db.transaction(async (tx) => {
      const contract = await lockContract(tx, contractId);
      const [row] = await tx
        .select({ order: paymentOrders, enrollment: autopayEnrollments, method: paymentMethods })
        .from(paymentOrders)
        .innerJoin(autopayEnrollments, eq(autopayEnrollments.id, paymentOrders.autopayId))
        .innerJoin(paymentMethods, eq(paymentMethods.id, paymentOrders.paymentMethodId))
        .where(and(eq(paymentOrders.id, id), eq(paymentOrders.status, 'scheduled')))
        .for('update', { of: paymentOrders });
      if (!row) return;
      const { order, enrollment, method } = row;
      const effectiveDate = order.effectiveDate as CalendarDate;
      const cancel = async (reason: string) => {
        await tx
          .update(paymentOrders)
          .set({ status: 'cancelled', failureReason: reason, updatedAt: clock.now() })
          .where(eq(paymentOrders.id, order.id));
        await recordAudit(tx, {
          actor: SYSTEM,
          action: 'autopay.skip',
          resource: { type: 'contract', id: contract.contractNumber },
          details: { paymentOrderId: order.id, forDueDate: order.forDueDate, reason },
        });
      };
      if (method.status !== 'active') {
        run.skippedMethodUnusable++;
        if (enrollment.status === 'active') {
          await suspendAutopay(tx, clock, enrollment, contract.contractNumber, methodProblem(method));
          run.suspended++;
        } else await cancel(methodProblem(method));
        return;
      }
      if (enrollment.status === 'suspended') {
        // Suspended after returns (payments/ach.ts): its debits no longer go out.
        return cancel('AutoPay is suspended.');
      }
      if (contract.status !== 'active') {
        run.skippedNothingOwed++;
        return cancel('Nothing is owed on the account any more.');
      }
      const position = await positionOf(tx, contract, effectiveDate);
      const installment = position.due.installments.find((i) => i.dueDate === order.forDueDate);
      if (installment && installment.unpaid === 0) {
        run.skippedAlreadyPaid++;
        return cancel(`The installment due ${order.forDueDate} is already paid.`);
      }
      const [others] = await tx
        .select({ total: sql<string>`coalesce(sum(${paymentOrders.amountCents}), 0)` })
        .from(paymentOrders)
        .where(
          and(
            eq(paymentOrders.contractId, contract.id),
            eq(paymentOrders.status, 'scheduled'),
            lte(paymentOrders.effectiveDate, businessDate),
            ne(paymentOrders.id, order.id),
          ),
        );
      const remaining = (await owedOn(tx, contract, effectiveDate)) - Number(others?.total ?? 0);
      if (remaining <= 0) {
        run.skippedNothingOwed++;
        return cancel('Nothing is owed on the account any more.');
      }
      const isFinal = order.forDueDate === lastDueDate(contract);
      if ((isFinal || order.amountCents > remaining) && order.amountCents !== remaining) {
        await tx
          .update(paymentOrders)
          .set({ amountCents: remaining, updatedAt: clock.now() })
          .where(eq(paymentOrders.id, order.id));
        await recordAudit(tx, {
          actor: SYSTEM,
          action: 'autopay.resize',
          resource: { type: 'contract', id: contract.contractNumber },
          details: { paymentOrderId: order.id, fromCents: order.amountCents, toCents: remaining },
        });
        run.resized++;
      }
    });
  }
}

/** How far back an unpaid installment may fall due and still not be in the delinquency history. */
const NOT_YET_RECORDED_DAYS = 15;

/**
 * A sieve before the per-contract work, from the schedule alone (no ledger reads): an enrolment can
 * need a debit today only if the contract was delinquent at the last cycle (an installment past due
 * is debited at once), or if the first installment after both its latest AutoPay debit's due date and
 * the last couple of weeks has its debit date within the notice period. Every other enrolment (most
 * of them, on most days) is left alone, so the step costs a few queries per chunk, not a lock and a
 * position per enrolment.
 */
async function mayNeedADebit<
  T extends { id: string; contractId: string; daysBeforeDue: number; contract: ContractRow },
>(
  db: Db,
  businessDate: CalendarDate,
  horizon: CalendarDate,
  live: T[],
  range: ContractRange | undefined,
): Promise<T[]> {
  if (live.length === 0) return [];
  const latest = await db
    .select({ id: paymentOrders.autopayId, due: max(paymentOrders.forDueDate) })
    .from(paymentOrders)
    .where(and(eq(paymentOrders.source, 'autopay'), inContractRange(paymentOrders.contractId, range)))
    .groupBy(paymentOrders.autopayId);
  const lastDebitDue = new Map(latest.map((r) => [r.id, r.due]));
  const [lastRecord] = await db
    .select({ date: max(delinquencyHistory.businessDate) })
    .from(delinquencyHistory)
    .where(lt(delinquencyHistory.businessDate, businessDate));
  const delinquent = new Set(
    lastRecord?.date
      ? (
          await db
            .select({ id: delinquencyHistory.contractId })
            .from(delinquencyHistory)
            .where(
              and(
                eq(delinquencyHistory.businessDate, lastRecord.date),
                inContractRange(delinquencyHistory.contractId, range),
              ),
            )
        ).map((r) => r.id)
      : [],
  );
  const floor = addDays(businessDate, -NOT_YET_RECORDED_DAYS);
  return live.filter((e) => {
    if (delinquent.has(e.contractId)) return true;
    const lastDue = lastDebitDue.get(e.id);
    const after =
      lastDue && compareDates(lastDue as CalendarDate, floor) > 0 ? (lastDue as CalendarDate) : floor;
    const next = contractInstallments(toServicedContract(e.contract)).find(
      (i) => compareDates(i.dueDate, after) > 0,
    );
    return next !== undefined && compareDates(autopayDebitDate(next.dueDate, e.daysBeforeDue), horizon) <= 0;
  });
}

/**
 * Schedules the next debit of each active enrolment whose debit date has come within the notice
 * period, once per due date (the unique index on the enrolment and due date makes a rerun, or a second
 * worker, insert nothing), and emails the 10-day notice when its amount differs from the one before.
 */
async function scheduleDebits(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
  range: ContractRange | undefined,
  run: AutopayRun,
) {
  const horizon = addDays(businessDate, AUTOPAY_SCHEDULE_DAYS_AHEAD);
  // A paid-off (or terminated) contract takes no more debits: its AutoPay ends.
  const ended = await db
    .select({ id: autopayEnrollments.id, contractNumber: contracts.contractNumber })
    .from(autopayEnrollments)
    .innerJoin(contracts, eq(contracts.id, autopayEnrollments.contractId))
    .where(
      and(
        inArray(autopayEnrollments.status, [...LIVE]),
        ne(contracts.status, 'active'),
        inContractRange(autopayEnrollments.contractId, range),
      ),
    );
  for (const { id, contractNumber } of ended) {
    await db.transaction(async (tx) => {
      const [closed] = await tx
        .update(autopayEnrollments)
        .set({ status: 'cancelled', updatedAt: clock.now() })
        .where(and(eq(autopayEnrollments.id, id), inArray(autopayEnrollments.status, [...LIVE])))
        .returning({ id: autopayEnrollments.id });
      if (!closed) return;
      await recordAudit(tx, {
        actor: SYSTEM,
        action: 'autopay.end',
        resource: { type: 'contract', id: contractNumber },
        details: { autopayId: id, reason: 'The contract is no longer active.' },
      });
      run.ended++;
    });
  }
  const live = await db
    .select({
      id: autopayEnrollments.id,
      contractId: autopayEnrollments.contractId,
      daysBeforeDue: autopayEnrollments.daysBeforeDue,
      contract: contracts,
    })
    .from(autopayEnrollments)
    .innerJoin(contracts, eq(contracts.id, autopayEnrollments.contractId))
    .where(
      and(
        eq(autopayEnrollments.status, 'active'),
        eq(contracts.status, 'active'),
        inContractRange(autopayEnrollments.contractId, range),
      ),
    );
  for (const { id, contractId } of await mayNeedADebit(db, businessDate, horizon, live, range)) {
    await db.transaction(async (tx) => {
      const contract = await lockContract(tx, contractId);
      const [row] = await tx
        .select({ enrollment: autopayEnrollments, method: paymentMethods })
        .from(autopayEnrollments)
        .innerJoin(paymentMethods, eq(paymentMethods.id, autopayEnrollments.paymentMethodId))
        .where(and(eq(autopayEnrollments.id, id), eq(autopayEnrollments.status, 'active')));
      if (!row || contract.status !== 'active') return;
      const { enrollment, method } = row;
      if (method.status !== 'active') {
        await suspendAutopay(tx, clock, enrollment, contract.contractNumber, methodProblem(method));
        run.suspended++;
        run.skippedMethodUnusable++;
        return;
      }
      const next = await nextOccurrence(tx, contract, enrollment, businessDate);
      if (!next) {
        run.skippedAlreadyPaid++;
        return;
      }
      if (compareDates(next.debitDate, horizon) > 0) {
        // Paid ahead: the installment whose debit date has come is already paid, so nothing is taken for it.
        const position = await positionOf(tx, contract, businessDate);
        const inWindow = position.due.installments.find((i) => {
          const date = autopayDebitDate(i.dueDate, enrollment.daysBeforeDue);
          return compareDates(date, businessDate) > 0 && compareDates(date, horizon) <= 0;
        });
        if (inWindow && inWindow.unpaid === 0) run.skippedAlreadyPaid++;
        return;
      }
      const now = clock.now();
      const [order] = await tx
        .insert(paymentOrders)
        .values({
          confirmationNumber: newConfirmationNumber(),
          contractId: contract.id,
          paymentMethodId: method.id,
          payerUserId: enrollment.userId,
          source: 'autopay',
          autopayId: enrollment.id,
          amountCents: next.amountCents,
          intent: 'regular',
          effectiveDate: next.effectiveDate,
          forDueDate: next.installment.dueDate,
          status: 'scheduled',
          secCode: method.kind === 'bank_account' ? 'WEB' : null,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [paymentOrders.autopayId, paymentOrders.forDueDate] })
        .returning();
      if (!order) return;
      run.scheduled++;
      await recordAudit(tx, {
        actor: SYSTEM,
        action: 'autopay.schedule',
        resource: { type: 'contract', id: contract.contractNumber },
        details: {
          paymentOrderId: order.id,
          forDueDate: order.forDueDate,
          effectiveDate: order.effectiveDate,
          amountCents: order.amountCents,
          isFinal: next.isFinal,
        },
      });
      const [previous] = await tx
        .select({ amountCents: paymentOrders.amountCents })
        .from(paymentOrders)
        .where(
          and(
            eq(paymentOrders.autopayId, enrollment.id),
            lt(paymentOrders.forDueDate, next.installment.dueDate),
          ),
        )
        .orderBy(desc(paymentOrders.forDueDate))
        .limit(1);
      if (previous && previous.amountCents !== order.amountCents) {
        await notify(tx, clock, {
          userId: enrollment.userId,
          event: 'autopay_amount_changed',
          template: 'autopay-amount-changed',
          values: {
            contractNumber: contract.contractNumber,
            amount: usd(order.amountCents),
            previousAmount: usd(previous.amountCents),
            debitDate: order.effectiveDate,
            dueDate: next.installment.dueDate,
            method: methodLabel(method),
            reason: next.isFinal
              ? 'This is your last payment: it is exactly what you owe on the debit date, so your account will be paid in full.'
              : 'It is the amount still due for this installment plus the extra principal you chose.',
          },
        });
        run.amountNotices++;
      }
    });
  }
}

/**
 * The daily cycle's AutoPay step for one business date and chunk of contracts: the debits whose date
 * has come within the notice period are scheduled, then every debit due by that date (one scheduled
 * just now included) is judged again, the final one sized to the exact payoff, before they post.
 * Safe to repeat.
 */
export async function runAutopayStep(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
  range?: ContractRange,
): Promise<AutopayRun> {
  const run: AutopayRun = {
    scheduled: 0,
    amountNotices: 0,
    resized: 0,
    suspended: 0,
    ended: 0,
    skippedAlreadyPaid: 0,
    skippedNothingOwed: 0,
    skippedMethodUnusable: 0,
  };
  await scheduleDebits(db, clock, businessDate, range, run);
  await settleDueOrders(db, clock, businessDate, range, run);
  return run;
}
