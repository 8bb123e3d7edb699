import { and, eq, gte, lte, notInArray, sql } from 'drizzle-orm';
import { addDays, type CalendarDate, compareDates, dateParts, daysInMonth } from '../core/dates.ts';
import { DEFAULT_LATE_FEE_RULE, LATE_FEE_RULES, type LateFeeRule, lateFee } from '../core/late-fees.ts';
import { feeCharge } from '../core/ledger.ts';
import type { Db } from '../db/database.ts';
import { contracts, feeAssessments } from '../db/schema.ts';
import { settleMaturedPayments, writeAchFile } from './ach.ts';
import { recordAudit } from './audit.ts';
import { runAutopayStep } from './autopay.ts';
import { lastCycleDate, markCycleRun } from './business-date.ts';
import type { Clock } from './clock.ts';
import { postEntries } from './ledger.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { postDuePayments } from './payments.ts';
import type { SecretBox } from './secret-box.ts';
import { positionOf, requireContract } from './servicing.ts';

/**
 * The daily close-of-business cycle. The cycle of business date D runs once D is over, in this order:
 * scheduled payments effective by D post; the posted bank debits go out in D's ACH file; payments
 * past their return window settle; late fees are assessed, one per installment still unpaid when its
 * state's grace period has passed. Each step is safe to repeat: payments post under their contract's
 * lock and once per order, the file takes only debits not yet in a file, and a unique index makes
 * each fee happen once, so a crashed or repeated run, or several workers, never double anything.
 */
export type CycleDeps = {
  clock: Clock;
  box: SecretBox;
  achOutgoingDir: string;
  gateway?: PaymentGateway | undefined;
};

export type CycleResult = {
  date: CalendarDate;
  paymentsPosted: number;
  paymentsFailed: number;
  achFile: string | null;
  paymentsSettled: number;
  lateFees: number;
};

/** The contracts with an installment due on `dueDate` under `rule`'s states (due days 29–31 roll to month end). */
async function contractsDueOn(db: Db, dueDate: CalendarDate, states: { in?: string[]; notIn?: string[] }) {
  const { year, month, day } = dateParts(dueDate);
  const isMonthEnd = day === daysInMonth(year, month);
  const dueDayMatches = isMonthEnd ? sql`${contracts.dueDay} >= ${day}` : sql`${contracts.dueDay} = ${day}`;
  const stateFilter = states.in
    ? sql`${contracts.governingState} in (${sql.join(
        states.in.map((s) => sql`${s}`),
        sql`, `,
      )})`
    : states.notIn && states.notIn.length > 0
      ? notInArray(contracts.governingState, states.notIn)
      : undefined;
  return db
    .select({ contractNumber: contracts.contractNumber })
    .from(contracts)
    .where(
      and(
        eq(contracts.status, 'active'),
        lte(contracts.firstPaymentDate, dueDate),
        gte(contracts.maturityDate, dueDate),
        dueDayMatches,
        stateFilter,
      ),
    );
}

async function assessLateFee(
  db: Db,
  contractNumber: string,
  dueDate: CalendarDate,
  date: CalendarDate,
  rule: LateFeeRule,
) {
  return db.transaction(async (tx) => {
    const contract = await requireContract(tx, contractNumber, { forUpdate: true });
    const position = await positionOf(tx, contract, date);
    const installment = position.due.installments.find((i) => i.dueDate === dueDate);
    if (!installment || installment.unpaid === 0) return false;
    const cause = String(installment.number);
    const [already] = await tx
      .select({ id: feeAssessments.id })
      .from(feeAssessments)
      .where(
        and(
          eq(feeAssessments.contractId, contract.id),
          eq(feeAssessments.kind, 'late'),
          eq(feeAssessments.cause, cause),
        ),
      );
    if (already) return false;
    const amount = lateFee(installment.amount, rule);
    if (amount === 0) return false;
    const [entryId] = await postEntries(tx, [
      {
        contractId: contract.id,
        code: 'LATE_FEE',
        effectiveDate: date,
        memo: `Late fee: installment ${installment.number} due ${dueDate} unpaid after ${rule.graceDays} days`,
        postings: feeCharge(amount),
      },
    ]);
    await tx.insert(feeAssessments).values({
      contractId: contract.id,
      kind: 'late',
      cause,
      amountCents: amount,
      assessedOn: date,
      entryId: entryId!,
    });
    await recordAudit(tx, {
      actor: { type: 'system', id: 'daily-cycle' },
      action: 'fee.late',
      resource: { type: 'contract', id: contractNumber },
      details: { installment: installment.number, dueDate, amountCents: amount, rule: rule.source },
    });
    return true;
  });
}

export async function runDailyCycle(db: Db, deps: CycleDeps, date: CalendarDate): Promise<CycleResult> {
  await runAutopayStep(db, deps.clock, date);
  const due = await postDuePayments(db, deps.clock, date, deps.gateway);
  const file = await writeAchFile(db, deps.clock, deps.box, deps.achOutgoingDir, date);
  const paymentsSettled = await settleMaturedPayments(db, deps.clock, date);
  const lateFees = await assessLateFees(db, date);
  await markCycleRun(db, date);
  return {
    date,
    paymentsPosted: due.posted,
    paymentsFailed: due.failed,
    achFile: file?.fileName ?? null,
    paymentsSettled,
    lateFees,
  };
}

async function assessLateFees(db: Db, date: CalendarDate): Promise<number> {
  const specific = Object.keys(LATE_FEE_RULES);
  const rules: { rule: LateFeeRule; states: { in?: string[]; notIn?: string[] } }[] = [
    ...specific.map((state) => ({ rule: LATE_FEE_RULES[state]!, states: { in: [state] } })),
    { rule: DEFAULT_LATE_FEE_RULE, states: { notIn: specific } },
  ];
  let lateFees = 0;
  for (const { rule, states } of rules) {
    const dueDate = addDays(date, -(rule.graceDays + 1));
    for (const { contractNumber } of await contractsDueOn(db, dueDate, states)) {
      if (await assessLateFee(db, contractNumber, dueDate, date, rule)) lateFees += 1;
    }
  }
  return lateFees;
}

/**
 * Runs every cycle not yet run, in date order, through yesterday. The first run starts with yesterday:
 * what happened before the portal served a contract is the previous servicer's history.
 */
export async function catchUpDailyCycles(db: Db, deps: CycleDeps): Promise<CycleResult[]> {
  const through = addDays(deps.clock.today(), -1);
  const last = await lastCycleDate(db);
  const results: CycleResult[] = [];
  for (
    let date = last ? addDays(last, 1) : through;
    compareDates(date, through) <= 0;
    date = addDays(date, 1)
  ) {
    results.push(await runDailyCycle(db, deps, date));
  }
  return results;
}
