import { and, eq } from 'drizzle-orm';
import { addDays, type CalendarDate } from '../core/dates.ts';
import { DEFAULT_LATE_FEE_RULE, LATE_FEE_RULES, type LateFeeRule, lateFee } from '../core/late-fees.ts';
import { feeCharge } from '../core/ledger.ts';
import type { ContractRange } from '../db/contract-range.ts';
import type { Db } from '../db/database.ts';
import { feeAssessments } from '../db/schema.ts';
import { recordAudit } from '../platform/audit.ts';
import { contractsDueOn, type StateFilter } from './contracts-due.ts';
import { postEntries } from './ledger.ts';
import { positionOf, requireContract, writePositions } from './servicing.ts';

/**
 * The daily cycle's late-fee step: one fee per installment still unpaid when its state's grace
 * period has passed. A unique cause per installment, checked under the contract's lock, makes each
 * fee happen once however often the step runs. A contract charged a fee gets its stored position as
 * of `today`, the business date the cycle runs on (by default the day after `date`).
 */
export async function assessLateFees(
  db: Db,
  date: CalendarDate,
  range?: ContractRange,
  today: CalendarDate = addDays(date, 1),
): Promise<number> {
  const specific = Object.keys(LATE_FEE_RULES);
  const rules: { rule: LateFeeRule; states: StateFilter }[] = [
    ...specific.map((state) => ({ rule: LATE_FEE_RULES[state]!, states: { in: [state] } })),
    { rule: DEFAULT_LATE_FEE_RULE, states: { notIn: specific } },
  ];
  let lateFees = 0;
  for (const { rule, states } of rules) {
    const dueDate = addDays(date, -(rule.graceDays + 1));
    for (const { contractNumber } of await contractsDueOn(db, dueDate, { states, range })) {
      if (await assessLateFee(db, contractNumber, dueDate, date, today, rule)) lateFees += 1;
    }
  }
  return lateFees;
}

async function assessLateFee(
  db: Db,
  contractNumber: string,
  dueDate: CalendarDate,
  date: CalendarDate,
  today: CalendarDate,
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
    await writePositions(tx, [contract], today);
    await recordAudit(tx, {
      actor: { type: 'system', id: 'daily-cycle' },
      action: 'fee.late',
      resource: { type: 'contract', id: contractNumber },
      details: { installment: installment.number, dueDate, amountCents: amount, rule: rule.source },
    });
    return true;
  });
}
