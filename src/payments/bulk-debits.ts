import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { CalendarDate } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { returnReason } from '../core/nacha.ts';
import type { Db } from '../db/database.ts';
import {
  bulkPayments,
  contracts,
  customers,
  organizationMembers,
  organizations,
  paymentMethods,
  paymentOrders,
  users,
} from '../db/schema.ts';
import { type MailTemplate, renderMail, sendMail, type TemplateValues } from '../notifications/index.ts';
import { type AuditActor, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { reversePayment } from '../servicing/index.ts';

/**
 * A fleet's bulk payment at the bank (issue 15): its lines post one by one to their contracts, but
 * the business's account sees one CCD debit for the total. Here: the bulk payments a day's ACH file
 * carries, their settlement, and the return of the one entry, which reverses every line.
 */

type OrganizationMail = 'bulk-payment-failed' | 'bulk-payment-returned';

/** Mail to every admin of an organization: a bulk payment that could not post, or that came back. */
export async function mailOrganizationAdmins<T extends OrganizationMail & MailTemplate>(
  tx: Db,
  clock: Clock,
  organizationId: string,
  template: T,
  values: Omit<TemplateValues<T>, 'displayName' | 'organizationName'>,
): Promise<void> {
  const admins = await tx
    .select({ email: users.email, displayName: users.displayName, organizationName: customers.businessName })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .innerJoin(customers, eq(customers.id, organizations.customerId))
    .where(
      and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.role, 'admin')),
    );
  for (const admin of admins) {
    await sendMail(tx, clock, {
      to: admin.email,
      ...renderMail(template, {
        ...values,
        displayName: admin.displayName,
        organizationName: admin.organizationName ?? '',
      } as TemplateValues<T>),
    });
  }
}

/** The posted bulk payments effective by `businessDate` that no file carries yet, locked for this one. */
export function dueBulkDebits(tx: Db, businessDate: CalendarDate) {
  return tx
    .select({
      bulkPaymentId: bulkPayments.id,
      confirmationNumber: bulkPayments.confirmationNumber,
      amountCents: bulkPayments.totalCents,
      routingNumber: paymentMethods.routingNumber,
      accountNumberSealed: paymentMethods.accountNumberSealed,
      accountType: paymentMethods.accountType,
      holderName: paymentMethods.holderName,
    })
    .from(bulkPayments)
    .innerJoin(paymentMethods, eq(paymentMethods.id, bulkPayments.paymentMethodId))
    .where(
      and(
        eq(bulkPayments.status, 'pending'),
        isNull(bulkPayments.achFileId),
        lte(bulkPayments.effectiveDate, businessDate),
      ),
    )
    .orderBy(asc(bulkPayments.createdAt), asc(bulkPayments.id))
    .for('update', { of: bulkPayments, skipLocked: true });
}

/** Records which file and trace number carry a bulk payment, on it and on each of its lines. */
export async function markBulkDebitSent(
  tx: Db,
  clock: Clock,
  bulkPaymentId: string,
  achFileId: number,
  traceNumber: string,
): Promise<void> {
  const now = clock.now();
  await tx
    .update(bulkPayments)
    .set({ achFileId, traceNumber, updatedAt: now })
    .where(eq(bulkPayments.id, bulkPaymentId));
  await tx
    .update(paymentOrders)
    .set({ achFileId, traceNumber, secCode: 'CCD', updatedAt: now })
    .where(eq(paymentOrders.bulkPaymentId, bulkPaymentId));
}

/** Bulk payments whose lines have all settled (settleMaturedPayments settles the lines). */
export async function settleBulkPayments(tx: Db, clock: Clock): Promise<void> {
  await tx
    .update(bulkPayments)
    .set({ status: 'settled', updatedAt: clock.now() })
    .where(
      and(
        eq(bulkPayments.status, 'pending'),
        sql`not exists (select 1 from ${paymentOrders} where ${paymentOrders.bulkPaymentId} = ${bulkPayments.id}
          and ${paymentOrders.status} <> 'settled')`,
      ),
    );
}

export type BulkReturn = { confirmationNumber: string; feeCents: number; alreadyReturned: boolean };

/**
 * The bank sent a bulk payment's one entry back: every line's posting is reversed exactly (each
 * with its own contract's returned-payment fee rule), the lines and the bulk payment are marked
 * returned, the account is blocked when the reason says so, and the organization's admins are told.
 * The caller's transaction holds the line it found by trace number; a second import finds it returned.
 */
export async function returnBulkDebit(
  tx: Db,
  clock: Clock,
  bulkPaymentId: string,
  reasonCode: string,
  traceNumber: string,
  audit: { actor: AuditActor },
): Promise<BulkReturn> {
  const [bulk] = await tx.select().from(bulkPayments).where(eq(bulkPayments.id, bulkPaymentId)).for('update');
  if (!bulk) throw new Error(`no bulk payment ${bulkPaymentId}`);
  if (bulk.status === 'returned') {
    return { confirmationNumber: bulk.confirmationNumber, feeCents: 0, alreadyReturned: true };
  }
  const lines = await tx
    .select({ order: paymentOrders, contractNumber: contracts.contractNumber })
    .from(paymentOrders)
    .innerJoin(contracts, eq(contracts.id, paymentOrders.contractId))
    .where(eq(paymentOrders.bulkPaymentId, bulkPaymentId))
    .orderBy(asc(contracts.id))
    .for('update', { of: paymentOrders });
  const reason = returnReason(reasonCode);
  let feeCents = 0;
  for (const { order, contractNumber } of lines) {
    if (!order.postedPaymentId) continue;
    const reversed = await reversePayment(
      tx,
      clock,
      contractNumber,
      order.postedPaymentId,
      'returned',
      audit,
    );
    feeCents += reversed.returnedPaymentFeeCents;
  }
  const now = clock.now();
  await tx
    .update(paymentOrders)
    .set({ status: 'returned', returnCode: reasonCode, updatedAt: now })
    .where(eq(paymentOrders.bulkPaymentId, bulkPaymentId));
  await tx
    .update(bulkPayments)
    .set({ status: 'returned', returnCode: reasonCode, updatedAt: now })
    .where(eq(bulkPayments.id, bulkPaymentId));
  if (reason.blocksMethod) {
    await tx
      .update(paymentMethods)
      .set({ status: 'blocked', blockedReason: `${reasonCode}: ${reason.description}`, isDefault: false })
      .where(and(eq(paymentMethods.id, bulk.paymentMethodId), eq(paymentMethods.status, 'active')));
  }
  await recordAudit(tx, {
    actor: audit.actor,
    action: 'bulk_payment.ach_return',
    resource: { type: 'organization', id: bulk.organizationId },
    details: {
      bulkPaymentId,
      confirmationNumber: bulk.confirmationNumber,
      traceNumber,
      reasonCode,
      lines: lines.length,
      feeCents,
      methodBlocked: reason.blocksMethod,
    },
  });
  await mailOrganizationAdmins(tx, clock, bulk.organizationId, 'bulk-payment-returned', {
    number: bulk.confirmationNumber,
    count: String(lines.length),
    amount: formatUsd(cents(bulk.totalCents)),
    reason: `${reasonCode}: ${reason.description}`,
    fee:
      feeCents > 0
        ? `Returned-payment fees of ${formatUsd(cents(feeCents))} in all were charged, each as its contract allows.`
        : 'No returned-payment fee was charged.',
    methodNote: reason.blocksMethod
      ? 'That bank account can no longer be used for payments; an admin can add another one.'
      : '',
  });
  return { confirmationNumber: bulk.confirmationNumber, feeCents, alreadyReturned: false };
}
