import { and, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { addDays, type CalendarDate } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import type { ContractRange } from '../db/contract-range.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  contractParties,
  contracts,
  paymentOrders,
  paymentReminders,
  userPreferences,
  users,
} from '../db/schema.ts';
import { DEFAULT_PREFERENCES, MAX_REMINDER_DAYS, MIN_REMINDER_DAYS, notify } from '../notifications/index.ts';
import type { Clock } from '../platform/clock.ts';
import { contractsDueOn, positionOf } from '../servicing/index.ts';

/** Parties who owe the payments (a guarantor is only called on when they are not made). */
const OWING_ROLES = ['primary', 'co_borrower', 'co_lessee', 'co_signer'] as const;

/**
 * The daily cycle's reminder step: to each signed-up party, the reminder `dueReminderDays` before
 * each due date (their preference, 5 by default), when some of that installment is unpaid, by the
 * channels they chose for payment-due notices (`notify`). `payment_reminders` holds one row per
 * contract, due date and person, so a rerun sends nothing twice.
 */
export async function sendDueReminders(
  db: Db,
  clock: Clock,
  date: CalendarDate,
  range?: ContractRange,
): Promise<number> {
  let sent = 0;
  for (let days = MIN_REMINDER_DAYS; days <= MAX_REMINDER_DAYS; days++) {
    const dueDate = addDays(date, days);
    const due = await contractsDueOn(db, dueDate, { range, signedBy: date });
    if (due.length === 0) continue;
    const people = await db
      .select({ contractId: contractParties.contractId, userId: users.id })
      .from(contractParties)
      .innerJoin(users, eq(users.customerId, contractParties.customerId))
      .leftJoin(userPreferences, eq(userPreferences.userId, users.id))
      .where(
        and(
          inArray(
            contractParties.contractId,
            due.map((c) => c.id),
          ),
          inArray(contractParties.role, [...OWING_ROLES]),
          eq(sql`coalesce(${userPreferences.dueReminderDays}, ${DEFAULT_PREFERENCES.dueReminderDays})`, days),
        ),
      );
    for (const contractId of new Set(people.map((p) => p.contractId))) {
      sent += await remindOf(
        db,
        clock,
        date,
        dueDate,
        days,
        contractId,
        people.filter((p) => p.contractId === contractId).map((p) => p.userId),
      );
    }
  }
  return sent;
}

async function remindOf(
  db: Db,
  clock: Clock,
  date: CalendarDate,
  dueDate: CalendarDate,
  days: number,
  contractId: string,
  userIds: string[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(contracts).where(eq(contracts.id, contractId));
    const contract = toServicedContract(row!);
    const { due } = await positionOf(tx, contract, date);
    const installment = due.installments.find((i) => i.dueDate === dueDate);
    if (!installment || installment.unpaid === 0) return 0;
    const amount = due.pastDue + installment.unpaid;
    // A payment already on its way by the due date is worth saying, so nobody pays twice.
    const [scheduled] = await tx
      .select({ total: sql<string>`coalesce(sum(${paymentOrders.amountCents}), 0)` })
      .from(paymentOrders)
      .where(
        and(
          eq(paymentOrders.contractId, contractId),
          eq(paymentOrders.status, 'scheduled'),
          gte(paymentOrders.effectiveDate, date),
          lte(paymentOrders.effectiveDate, dueDate),
          ne(paymentOrders.intent, 'principal_only'),
        ),
      );
    const scheduledCents = Number(scheduled?.total ?? 0);
    let sent = 0;
    for (const userId of userIds) {
      const [first] = await tx
        .insert(paymentReminders)
        .values({ contractId, dueDate, userId, sentAt: clock.now() })
        .onConflictDoNothing()
        .returning({ userId: paymentReminders.userId });
      if (!first) continue;
      const went = await notify(tx, clock, {
        userId,
        event: 'payment_due',
        template: 'payment-due-reminder',
        values: {
          amount: formatUsd(cents(amount)),
          dueDate,
          contractNumber: contract.contractNumber,
          scheduledNote:
            scheduledCents > 0
              ? `You already have ${formatUsd(cents(scheduledCents))} scheduled to pay by then; nothing more is needed if that covers it.`
              : '',
          days: days === 1 ? '1 day' : `${days} days`,
        },
      });
      if (went.email || went.sms) sent += 1;
    }
    return sent;
  });
}
