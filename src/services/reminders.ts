import { and, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { addDays, type CalendarDate } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
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
import { DEFAULT_PREFERENCES, MAX_REMINDER_DAYS, MIN_REMINDER_DAYS } from '../schemas/preferences.ts';
import type { Clock } from './clock.ts';
import type { ContractRange } from './contract-range.ts';
import { contractsDueOn } from './contracts-due.ts';
import { sendMail } from './mail.ts';
import { renderMail } from './mail-templates/render.ts';
import { positionOf } from './servicing.ts';

/** Parties who owe the payments (a guarantor is only called on when they are not made). */
const OWING_ROLES = ['primary', 'co_borrower', 'co_lessee', 'co_signer'] as const;

/**
 * The daily cycle's reminder step: to each signed-up party who wants payment-due reminders by email,
 * the reminder `dueReminderDays` before each due date (their preference, 5 by default), when some of
 * that installment is unpaid. `payment_reminders` holds one row per contract, due date and person, so
 * a rerun sends nothing twice. (Text messages join when notifications get their outbox, issue 7.)
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
      .select({
        contractId: contractParties.contractId,
        userId: users.id,
        email: users.email,
        displayName: users.displayName,
        channels: userPreferences.channels,
      })
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
    const wanting = people.filter(
      (p) => (p.channels?.payment_due ?? DEFAULT_PREFERENCES.channels.payment_due).email,
    );
    for (const contractId of new Set(wanting.map((p) => p.contractId))) {
      sent += await remindOf(
        db,
        clock,
        date,
        dueDate,
        days,
        contractId,
        wanting.filter((p) => p.contractId === contractId),
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
  people: { userId: string; email: string; displayName: string }[],
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
    for (const person of people) {
      const [first] = await tx
        .insert(paymentReminders)
        .values({ contractId, dueDate, userId: person.userId, sentAt: clock.now() })
        .onConflictDoNothing()
        .returning({ userId: paymentReminders.userId });
      if (!first) continue;
      await sendMail(tx, clock, {
        to: person.email,
        ...renderMail('payment-due-reminder', {
          displayName: person.displayName,
          amount: formatUsd(cents(amount)),
          dueDate,
          contractNumber: contract.contractNumber,
          scheduledNote:
            scheduledCents > 0
              ? `You already have ${formatUsd(cents(scheduledCents))} scheduled to pay by then; nothing more is needed if that covers it.`
              : '',
          days: days === 1 ? '1 day' : `${days} days`,
        }),
      });
      sent += 1;
    }
    return sent;
  });
}
