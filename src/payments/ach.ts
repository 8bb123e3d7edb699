import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { nextBusinessDay, previousBusinessDay } from '../core/business-days.ts';
import type { CalendarDate } from '../core/dates.ts';
import { LENDER } from '../core/lender.ts';
import { cents, formatUsd } from '../core/money.ts';
import {
  type AchBatch,
  type AchEntry,
  buildAchFile,
  parseAchFile,
  returnReason,
  type SecCode,
} from '../core/nacha.ts';
import type { Db } from '../db/database.ts';
import {
  achFiles,
  autopayEnrollments,
  contractParties,
  contracts,
  customers,
  paymentMethods,
  paymentOrders,
  payments,
} from '../db/schema.ts';
import { notify, renderMail, sendMail } from '../notifications/index.ts';
import { type AuditActor, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { writeFileAtomically } from '../platform/files.ts';
import type { SecretBox } from '../platform/secret-box.ts';
import { reversePayment } from '../servicing/index.ts';
import { dueBulkDebits, markBulkDebitSent, returnBulkDebit, settleBulkPayments } from './bulk-debits.ts';

/**
 * ACH origination and returns. At the cut-off, bank debits that posted become one NACHA file (PPD,
 * WEB for debits authorised online, CCD for businesses) written to the outgoing folder; a return file
 * from the bank reverses each returned payment exactly, charges the returned-payment fee, tells the
 * payer and blocks the method when the reason says it cannot be used again.
 */

/** After this many returns AutoPay stops and the customer is told (issue 6: "suspended after two returns"). */
export const AUTOPAY_RETURNS_BEFORE_SUSPENSION = 2;

const FILE_ID_MODIFIERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export type WrittenAchFile = { fileName: string; entryCount: number; totalDebitCents: number };

/**
 * Puts every posted bank debit not yet sent into one file for `businessDate` and records it, then
 * writes it to `outgoingDir`. Rows are locked and marked in the transaction that records the file,
 * so a second run (or a second worker) finds nothing left to send; `null` when there was nothing.
 */
export async function writeAchFile(
  db: Db,
  clock: Clock,
  box: SecretBox,
  outgoingDir: string,
  businessDate: CalendarDate,
): Promise<WrittenAchFile | null> {
  const written = await db.transaction(async (tx) => {
    const due = await tx
      .select({
        orderId: paymentOrders.id,
        amountCents: paymentOrders.amountCents,
        source: paymentOrders.source,
        contractNumber: contracts.contractNumber,
        contractId: contracts.id,
        routingNumber: paymentMethods.routingNumber,
        accountNumberSealed: paymentMethods.accountNumberSealed,
        accountType: paymentMethods.accountType,
        holderName: paymentMethods.holderName,
      })
      .from(paymentOrders)
      .innerJoin(paymentMethods, eq(paymentMethods.id, paymentOrders.paymentMethodId))
      .innerJoin(contracts, eq(contracts.id, paymentOrders.contractId))
      .where(
        and(
          eq(paymentOrders.status, 'pending'),
          eq(paymentMethods.kind, 'bank_account'),
          isNull(paymentOrders.achFileId),
          // A bulk payment's lines go out as its one entry (dueBulkDebits).
          isNull(paymentOrders.bulkPaymentId),
          // D's file carries what is effective by D (posted by D's cycle, or at once when made for
          // today): its cut-off, D's, is where their change window ends (core `changeWindowEnd`).
          lte(paymentOrders.effectiveDate, businessDate),
        ),
      )
      .orderBy(asc(paymentOrders.createdAt), asc(paymentOrders.id))
      .for('update', { of: paymentOrders, skipLocked: true });
    const bulkDue = await dueBulkDebits(tx, businessDate);
    if (due.length === 0 && bulkDue.length === 0) return null;

    const businessContracts = new Set(
      (
        await tx
          .select({ contractId: contractParties.contractId })
          .from(contractParties)
          .innerJoin(customers, eq(customers.id, contractParties.customerId))
          .where(
            and(
              inArray(
                contractParties.contractId,
                due.map((d) => d.contractId),
              ),
              eq(contractParties.role, 'primary'),
              eq(customers.kind, 'business'),
            ),
          )
      ).map((r) => r.contractId),
    );
    const traceSeqs = await tx
      .select({ seq: sql<string>`nextval('ach_trace_numbers')` })
      .from(sql`generate_series(1, ${due.length + bulkDue.length})`);
    const [{ sent }] = (await tx
      .select({ sent: sql<number>`count(*)::int` })
      .from(achFiles)
      .where(eq(achFiles.businessDate, businessDate))) as [{ sent: number }];
    const fileIdModifier = FILE_ID_MODIFIERS[sent];
    if (!fileIdModifier)
      throw new Error(`more than ${FILE_ID_MODIFIERS.length} ACH files on ${businessDate}`);

    const odfi8 = LENDER.ach.odfiRoutingNumber.slice(0, 8);
    const effectiveEntryDate = nextBusinessDay(businessDate);
    const bySec = new Map<SecCode, AchEntry[]>();
    const traceNumberOf = (traceSeq: number) => `${odfi8}${String(traceSeq).padStart(7, '0')}`;
    const add = (secCode: SecCode, entry: AchEntry) =>
      bySec.set(secCode, [...(bySec.get(secCode) ?? []), entry]);
    const traceOf = new Map<string, { traceNumber: string; secCode: SecCode }>();
    due.forEach((order, i) => {
      const traceSeq = Number(traceSeqs[i]!.seq);
      const secCode: SecCode = businessContracts.has(order.contractId) ? 'CCD' : 'WEB';
      add(secCode, {
        direction: 'debit',
        accountType: order.accountType ?? 'checking',
        routingNumber: order.routingNumber!,
        accountNumber: box.open(order.accountNumberSealed!),
        amountCents: cents(order.amountCents),
        individualId: order.contractNumber,
        individualName: order.holderName,
        // WEB debits say whether they recur: AutoPay is a standing authorisation.
        discretionaryData: secCode === 'WEB' ? (order.source === 'autopay' ? 'R' : 'S') : '',
        traceSeq,
      });
      traceOf.set(order.orderId, { traceNumber: traceNumberOf(traceSeq), secCode });
    });
    // A bulk payment is one CCD entry for its total, named by its confirmation number.
    const bulkTraces = bulkDue.map((bulk, i) => {
      const traceSeq = Number(traceSeqs[due.length + i]!.seq);
      add('CCD', {
        direction: 'debit',
        accountType: bulk.accountType ?? 'checking',
        routingNumber: bulk.routingNumber!,
        accountNumber: box.open(bulk.accountNumberSealed!),
        amountCents: cents(bulk.amountCents),
        individualId: bulk.confirmationNumber,
        individualName: bulk.holderName,
        discretionaryData: '',
        traceSeq,
      });
      return { bulkPaymentId: bulk.bulkPaymentId, traceNumber: traceNumberOf(traceSeq) };
    });
    const batches: AchBatch[] = [...bySec].map(([secCode, entries]) => ({
      secCode,
      companyName: LENDER.ach.companyName,
      companyId: LENDER.ach.companyId,
      companyEntryDescription: LENDER.ach.entryDescription,
      companyDiscretionaryData: '',
      companyDescriptiveDate: '',
      effectiveEntryDate,
      entries,
    }));
    const now = clock.now();
    const content = buildAchFile({
      origin: {
        immediateDestination: LENDER.ach.odfiRoutingNumber,
        immediateDestinationName: LENDER.ach.bankName,
        immediateOrigin: LENDER.ach.companyId,
        immediateOriginName: LENDER.ach.companyName,
        odfiRoutingNumber: LENDER.ach.odfiRoutingNumber,
        referenceCode: '',
      },
      fileCreation: { date: businessDate, time: now.toISOString().slice(11, 16) },
      fileIdModifier,
      batches,
    });
    const entryCount = due.length + bulkDue.length;
    const totalDebitCents = [...due, ...bulkDue].reduce((sum, d) => sum + d.amountCents, 0);
    const fileName = `ACH-${businessDate.replaceAll('-', '')}-${fileIdModifier}.ach`;
    const [file] = await tx
      .insert(achFiles)
      .values({
        businessDate,
        fileIdModifier,
        fileName,
        entryCount,
        totalDebitCents,
        content,
        createdAt: now,
      })
      .returning({ id: achFiles.id });
    for (const order of due) {
      const { traceNumber, secCode } = traceOf.get(order.orderId)!;
      await tx
        .update(paymentOrders)
        .set({ achFileId: file!.id, traceNumber, secCode, updatedAt: now })
        .where(eq(paymentOrders.id, order.orderId));
    }
    for (const bulk of bulkTraces) {
      await markBulkDebitSent(tx, clock, bulk.bulkPaymentId, file!.id, bulk.traceNumber);
    }
    return { fileName, entryCount, totalDebitCents };
  });
  await deliverAchFiles(db, outgoingDir);
  return written;
}

/** Writes any recorded file that is not in the outgoing folder yet (after a crash between commit and write). */
export async function deliverAchFiles(db: Db, outgoingDir: string): Promise<string[]> {
  await mkdir(outgoingDir, { recursive: true });
  // Names first: the contents of files already delivered are never read again.
  const recorded = await db.select({ id: achFiles.id, fileName: achFiles.fileName }).from(achFiles);
  const delivered: string[] = [];
  for (const file of recorded) {
    const target = path.join(outgoingDir, file.fileName);
    if (await stat(target).catch(() => null)) continue;
    const [row] = await db
      .select({ content: achFiles.content })
      .from(achFiles)
      .where(eq(achFiles.id, file.id));
    await writeFileAtomically(target, row!.content);
    delivered.push(file.fileName);
  }
  return delivered;
}

/**
 * Marks pending payments settled once no ordinary return can come any more: bank debits two business
 * days after their file's effective entry date, card payments the business day after they posted.
 * (An unauthorised-debit return, R10, can still arrive for 60 days and is handled the same way.)
 */
export async function settleMaturedPayments(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
): Promise<number> {
  const bankCutoff = previousBusinessDay(previousBusinessDay(previousBusinessDay(businessDate)));
  const cardCutoff = previousBusinessDay(businessDate);
  const settled = await db
    .update(paymentOrders)
    .set({ status: 'settled', updatedAt: clock.now() })
    .where(
      and(
        eq(paymentOrders.status, 'pending'),
        sql`(
          (${paymentOrders.achFileId} is not null and ${paymentOrders.effectiveDate} <= ${bankCutoff})
          or (${paymentOrders.gatewayReference} is not null and ${paymentOrders.effectiveDate} <= ${cardCutoff})
        )`,
      ),
    )
    .returning({ id: paymentOrders.id });
  await settleBulkPayments(db, clock);
  return settled.length;
}

export type ReturnOutcome =
  | {
      traceNumber: string;
      outcome: 'returned';
      confirmationNumber: string;
      reasonCode: string;
      feeCents: number;
    }
  | { traceNumber: string; outcome: 'already_returned' | 'unmatched'; reasonCode: string };

/**
 * Reads a NACHA return file and, for each returned entry, reverses its payment exactly once (the
 * order is locked, and a second import finds it already returned), charges the returned-payment fee,
 * blocks the method when the reason says so, counts the return against AutoPay, and writes to the payer.
 */
export async function importAchReturns(
  db: Db,
  clock: Clock,
  fileText: string,
  audit: { actor: AuditActor },
): Promise<ReturnOutcome[]> {
  const parsed = parseAchFile(fileText);
  if (!parsed.ok) {
    const first = parsed.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`);
    throw new Error(`not a valid NACHA file:\n${first.join('\n')}`);
  }
  const outcomes: ReturnOutcome[] = [];
  for (const batch of parsed.file.batches) {
    for (const entry of batch.entries) {
      if (!entry.return) continue;
      outcomes.push(
        await applyReturn(db, clock, entry.return.originalTraceNumber, entry.return.reasonCode, audit),
      );
    }
  }
  return outcomes;
}

async function applyReturn(
  db: Db,
  clock: Clock,
  traceNumber: string,
  reasonCode: string,
  audit: { actor: AuditActor },
): Promise<ReturnOutcome> {
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.traceNumber, traceNumber))
      .orderBy(sql`${paymentOrders.createdAt} desc`)
      .limit(1)
      .for('update');
    if (order?.bulkPaymentId) {
      const bulk = await returnBulkDebit(tx, clock, order.bulkPaymentId, reasonCode, traceNumber, audit);
      return bulk.alreadyReturned
        ? { traceNumber, outcome: 'already_returned', reasonCode }
        : {
            traceNumber,
            outcome: 'returned',
            confirmationNumber: bulk.confirmationNumber,
            reasonCode,
            feeCents: bulk.feeCents,
          };
    }
    if (!order?.postedPaymentId) return { traceNumber, outcome: 'unmatched', reasonCode };
    if (order.status === 'returned') return { traceNumber, outcome: 'already_returned', reasonCode };
    const [contract] = await tx
      .select({ contractNumber: contracts.contractNumber })
      .from(contracts)
      .where(eq(contracts.id, order.contractId));
    const reason = returnReason(reasonCode);
    const reversed = await reversePayment(
      tx,
      clock,
      contract!.contractNumber,
      order.postedPaymentId,
      'returned',
      audit,
    );
    const now = clock.now();
    await tx
      .update(paymentOrders)
      .set({ status: 'returned', returnCode: reasonCode, updatedAt: now })
      .where(eq(paymentOrders.id, order.id));
    if (reason.blocksMethod) {
      await tx
        .update(paymentMethods)
        .set({ status: 'blocked', blockedReason: `${reasonCode}: ${reason.description}`, isDefault: false })
        .where(and(eq(paymentMethods.id, order.paymentMethodId), eq(paymentMethods.status, 'active')));
    }
    let autopaySuspended = false;
    if (order.autopayId) {
      const [enrolment] = await tx
        .update(autopayEnrollments)
        .set({ returnsCount: sql`${autopayEnrollments.returnsCount} + 1`, updatedAt: now })
        .where(eq(autopayEnrollments.id, order.autopayId))
        .returning({ returnsCount: autopayEnrollments.returnsCount, status: autopayEnrollments.status });
      if (
        enrolment &&
        enrolment.returnsCount >= AUTOPAY_RETURNS_BEFORE_SUSPENSION &&
        enrolment.status === 'active'
      ) {
        await tx
          .update(autopayEnrollments)
          .set({ status: 'suspended', updatedAt: now })
          .where(eq(autopayEnrollments.id, order.autopayId));
        autopaySuspended = true;
      }
    }
    await recordAudit(tx, {
      actor: audit.actor,
      action: 'payment.ach_return',
      resource: { type: 'contract', id: contract!.contractNumber },
      details: {
        confirmationNumber: order.confirmationNumber,
        traceNumber,
        reasonCode,
        methodBlocked: reason.blocksMethod,
        autopaySuspended,
      },
    });
    // A guest is told at the address they gave with the payment; anyone else as they chose (notify).
    if (order.payerUserId || order.source === 'guest') {
      const [posted] = await tx
        .select({ receivedOn: payments.receivedOn })
        .from(payments)
        .where(eq(payments.id, order.postedPaymentId));
      const values = {
        amount: formatUsd(cents(order.amountCents)),
        paidOn: posted!.receivedOn,
        contractNumber: contract!.contractNumber,
        reason: `${reasonCode}: ${reason.description}`,
        fee:
          reversed.returnedPaymentFeeCents > 0
            ? `A returned-payment fee of ${formatUsd(cents(reversed.returnedPaymentFeeCents))} was charged, as your contract allows.`
            : '',
        methodNote: [
          reason.blocksMethod
            ? 'That bank account can no longer be used for payments; please add another one.'
            : '',
          autopaySuspended
            ? `AutoPay is suspended after ${AUTOPAY_RETURNS_BEFORE_SUSPENSION} returned payments; turn it on again once the account can pay.`
            : '',
        ]
          .filter(Boolean)
          .join(' '),
      };
      if (order.payerUserId) {
        await notify(tx, clock, {
          userId: order.payerUserId,
          event: 'payment_returned',
          template: 'payment-returned',
          values,
        });
      } else {
        await sendMail(tx, clock, {
          to: order.guestEmail!,
          ...renderMail('payment-returned', { displayName: order.guestName ?? '', ...values }),
        });
      }
    }
    return {
      traceNumber,
      outcome: 'returned',
      confirmationNumber: order.confirmationNumber,
      reasonCode,
      feeCents: reversed.returnedPaymentFeeCents,
    };
  });
}
