import { and, asc, desc, eq, gte, lt, lte, ne, sql } from 'drizzle-orm';
import { addDays, type CalendarDate, compareDates } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { cutoffInstant, dateInZone } from '../core/payment-dates.ts';
import type { Actor } from '../core/policy.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  bulkPayments,
  contracts,
  customers,
  fleetVehicles,
  organizations,
  paymentMethods,
  paymentOrders,
  payments,
  users,
  vehicles,
} from '../db/schema.ts';
import { renderMail, sendMail } from '../notifications/index.ts';
import {
  mailOrganizationAdmins,
  newConfirmationNumber,
  type Payer,
  type PaymentSettings,
  postBankOrders,
  requireUsableMethod,
} from '../payments/index.ts';
import { type AuditActor, auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type Answer, once } from '../platform/idempotency.ts';
import { PaymentLineRefused } from '../servicing/index.ts';
import { judgeLines, type Selection, selectionLines, vehicleName } from './bulk-payment-lines.ts';
import { bulkPaymentReceiptCsv, renderBulkPaymentReceipt } from './bulk-payment-receipt.ts';
import type {
  BulkPaymentDetail,
  BulkPaymentPreview,
  BulkPaymentPreviewRequest,
  BulkPaymentRequest,
  BulkPaymentSummary,
} from './bulk-payments.schemas.ts';
import { requireOrganization } from './organizations.ts';

/**
 * A fleet's bulk payment (issue 15 item 4): one debit from the business's bank account for many
 * contracts. Each contract gets its own payment order (source `bulk`) and its own posting, all in
 * the transaction that records the bulk payment, so either every contract is paid or none is. At
 * the cut-off the ACH file carries the bulk payment as ONE CCD entry for the total (payments/ach.ts);
 * a return of that entry reverses every contract's posting, each with its own contract's fee rules.
 * Judging is the one-time payment's rule applied to every line (bulk-payment-lines.ts), and the
 * posting the single payment's, set-based (payments `postBankOrders`).
 */

export type BulkPaymentDeps = { db: Db; clock: Clock; settings: PaymentSettings };

const notFound = () =>
  new DomainError('not_found', 'BULK_PAYMENTS.NOT_FOUND', 'There is no such bulk payment.');

const usd = (amount: number) => formatUsd(cents(amount));

async function organizationOf(db: Db, organizationId: string) {
  const [org] = await db
    .select({
      id: organizations.id,
      customerId: organizations.customerId,
      name: customers.businessName,
      bulkPaymentMaxCents: organizations.bulkPaymentMaxCents,
      dailyPaymentMaxCents: organizations.dailyPaymentMaxCents,
    })
    .from(organizations)
    .innerJoin(customers, eq(customers.id, organizations.customerId))
    .where(eq(organizations.id, organizationId));
  if (!org) throw notFound();
  return { ...org, name: org.name ?? '' };
}
type Organization = Awaited<ReturnType<typeof organizationOf>>;

/**
 * The limits of one bulk payment and of a day's, per organization (`organizations` columns, set by
 * the lender). The caller holds the organization's row lock, so two payments at once cannot both
 * slip under the daily limit.
 */
async function checkLimits(tx: Db, deps: BulkPaymentDeps, org: Organization, totalCents: number) {
  if (totalCents > org.bulkPaymentMaxCents) {
    const message = `One bulk payment is limited to ${usd(org.bulkPaymentMaxCents)}; this one is ${usd(totalCents)}.`;
    throw new DomainError('unprocessable', 'BULK_PAYMENTS.LIMIT', message, { lines: message });
  }
  const day = dateInZone(deps.clock.now(), deps.settings.cutoff.timeZone);
  const midnight = { ...deps.settings.cutoff, hour: 0, minute: 0 };
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${bulkPayments.totalCents}), 0)` })
    .from(bulkPayments)
    .where(
      and(
        eq(bulkPayments.organizationId, org.id),
        ne(bulkPayments.status, 'failed'),
        gte(bulkPayments.createdAt, cutoffInstant(day, midnight)),
        lt(bulkPayments.createdAt, cutoffInstant(addDays(day, 1), midnight)),
      ),
    );
  const dayTotal = Number(row?.total ?? 0) + totalCents;
  if (dayTotal > org.dailyPaymentMaxCents) {
    const message = `The business’s payments are limited to ${usd(org.dailyPaymentMaxCents)} a day; with this one they would be ${usd(dayTotal)}.`;
    throw new DomainError('unprocessable', 'BULK_PAYMENTS.DAILY_LIMIT', message, { lines: message });
  }
}

async function requireBankAccount(tx: Db, organizationId: string, paymentMethodId: string) {
  const method = await requireUsableMethod(tx, { organizationId }, paymentMethodId);
  if (method.kind !== 'bank_account') throw new Error('an organization pays by bank account only');
  return method;
}

/** The review step: each contract's amount and split on the effective date, and the total; writes nothing. */
export async function previewBulkPayment(
  deps: BulkPaymentDeps,
  actor: Actor,
  organizationId: string,
  request: Omit<BulkPaymentPreviewRequest, 'selection'> & { selection: Selection },
): Promise<BulkPaymentPreview> {
  requireOrganization(actor, organizationId, 'organization.pay');
  const { db } = deps;
  const org = await organizationOf(db, organizationId);
  const method = await requireBankAccount(db, organizationId, request.paymentMethodId);
  const { lines, fieldOf } = await selectionLines(db, deps.clock, org.customerId, request.selection);
  const judged = await judgeLines(db, deps, org.customerId, lines, request.date, fieldOf);
  const totalCents = judged.reduce((sum, j) => sum + j.amountCents, 0);
  await checkLimits(db, deps, org, totalCents);
  const first = judged[0]!.plan;
  return {
    requestedDate: first.requestedDate,
    effectiveDate: first.effectiveDate,
    movedToNextBusinessDay: first.effectiveDate !== first.requestedDate,
    cutoff: { time: deps.settings.cutoffTime, timeZone: deps.settings.cutoff.timeZone },
    method: { id: method.id, nickname: method.nickname, last4: method.last4 },
    totalCents,
    lines: judged.map((j) => ({
      contractNumber: j.contract.contractNumber,
      vehicle: j.vehicle,
      unitNumber: j.unitNumber,
      amountCents: j.amountCents,
      intent: j.plan.intent,
      split: j.plan.split,
      payoffCents: j.plan.payoffCents,
    })),
  };
}

/**
 * Makes the bulk payment (one `Idempotency-Key` per bulk payment, scoped to the organization): the
 * bulk payment, one order per contract and, when its date has come, every posting commit together
 * with the audit event and the maker's confirmation. Locks: the organization (its limits), then the
 * contracts in id order.
 */
export async function makeBulkPayment(
  deps: BulkPaymentDeps,
  payer: Payer,
  organizationId: string,
  request: BulkPaymentRequest,
  idempotencyKey: string,
  meta: RequestMeta,
): Promise<Answer<BulkPaymentDetail>> {
  requireOrganization(payer.actor, organizationId, 'organization.pay');
  const { clock } = deps;
  return deps.db.transaction((tx) =>
    once<BulkPaymentDetail>(tx, `bulk-payments:${organizationId}`, idempotencyKey, request, async () => {
      await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.id, organizationId))
        .for('update');
      const org = await organizationOf(tx, organizationId);
      const method = await requireBankAccount(tx, organizationId, request.paymentMethodId);
      const judged = await judgeLines(
        tx,
        deps,
        org.customerId,
        request.lines,
        request.date,
        (i, f) => `lines.${i}.${f}`,
        { forUpdate: true },
      );
      const totalCents = judged.reduce((sum, j) => sum + j.amountCents, 0);
      await checkLimits(tx, deps, org, totalCents);
      const effectiveDate = judged[0]!.plan.effectiveDate;
      const now = clock.now();
      const [bulk] = await tx
        .insert(bulkPayments)
        .values({
          confirmationNumber: `B${newConfirmationNumber().slice(1)}`,
          organizationId,
          paymentMethodId: method.id,
          createdBy: payer.userId,
          idempotencyKey,
          effectiveDate,
          totalCents,
          lineCount: judged.length,
          status: 'scheduled',
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const orders = await tx
        .insert(paymentOrders)
        .values(
          judged.map((j) => ({
            confirmationNumber: newConfirmationNumber(),
            contractId: j.contract.id,
            paymentMethodId: method.id,
            payerUserId: payer.userId,
            source: 'bulk' as const,
            bulkPaymentId: bulk!.id,
            amountCents: j.amountCents,
            intent: j.plan.intent,
            effectiveDate,
            status: 'scheduled' as const,
            secCode: 'CCD' as const,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning();
      const audit = { actor: auditActorOf(payer.actor), ...meta };
      if (compareDates(effectiveDate, clock.today()) <= 0) {
        const contractOf = new Map(judged.map((j) => [j.contract.id, j.contract]));
        await postBankOrders(
          tx,
          clock,
          orders.map((order) => ({ order, contract: contractOf.get(order.contractId)! })),
          method,
          audit,
        );
        await tx
          .update(bulkPayments)
          .set({ status: 'pending', updatedAt: now })
          .where(eq(bulkPayments.id, bulk!.id));
      }
      await recordAudit(tx, {
        actor: audit.actor,
        action: 'bulk_payment.create',
        resource: { type: 'organization', id: organizationId },
        requestId: meta.requestId,
        ip: meta.ip,
        details: {
          bulkPaymentId: bulk!.id,
          confirmationNumber: bulk!.confirmationNumber,
          totalCents,
          lineCount: judged.length,
          effectiveDate,
          paymentMethodId: method.id,
        },
      });
      const answer = await bulkPaymentAnswer(tx, organizationId, bulk!.id);
      await sendMail(tx, clock, {
        to: payer.email,
        ...renderMail('bulk-payment-confirmation', {
          displayName: payer.displayName,
          organizationName: org.name,
          number: answer.confirmationNumber,
          count: String(answer.lineCount),
          amount: usd(answer.totalCents),
          method: `${method.nickname} (…${method.last4})`,
          status:
            answer.status === 'scheduled'
              ? `It is scheduled for ${answer.effectiveDate}.`
              : `It applies to every account on ${answer.effectiveDate}.`,
        }),
      });
      return { statusCode: 201, body: answer };
    }),
  );
}

const summaryColumns = {
  id: bulkPayments.id,
  confirmationNumber: bulkPayments.confirmationNumber,
  effectiveDate: bulkPayments.effectiveDate,
  status: bulkPayments.status,
  totalCents: bulkPayments.totalCents,
  lineCount: bulkPayments.lineCount,
  methodId: paymentMethods.id,
  methodNickname: paymentMethods.nickname,
  methodLast4: paymentMethods.last4,
  madeBy: users.displayName,
  returnCode: bulkPayments.returnCode,
  failureReason: bulkPayments.failureReason,
  createdAt: bulkPayments.createdAt,
};

type SummaryRow = Awaited<ReturnType<typeof summaries>>[number];

function summaryOf(row: SummaryRow): BulkPaymentSummary {
  const { methodId, methodNickname, methodLast4, createdAt, ...rest } = row;
  return {
    ...rest,
    method: { id: methodId, nickname: methodNickname, last4: methodLast4 },
    createdAt: createdAt.toISOString(),
  };
}

function summaries(db: Db) {
  return db
    .select(summaryColumns)
    .from(bulkPayments)
    .innerJoin(paymentMethods, eq(paymentMethods.id, bulkPayments.paymentMethodId))
    .innerJoin(users, eq(users.id, bulkPayments.createdBy));
}

/** One bulk payment of the organization with every line (two queries whatever its size), or 404. */
async function bulkPaymentAnswer(db: Db, organizationId: string, id: string): Promise<BulkPaymentDetail> {
  const [row] = await summaries(db).where(
    and(eq(bulkPayments.id, id), eq(bulkPayments.organizationId, organizationId)),
  );
  if (!row) throw notFound();
  const lines = await db
    .select({
      contractNumber: contracts.contractNumber,
      vehicle: vehicleName,
      unitNumber: fleetVehicles.unitNumber,
      amountCents: paymentOrders.amountCents,
      intent: paymentOrders.intent,
      status: paymentOrders.status,
      posted: payments.id,
      split: {
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
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(payments, eq(payments.id, paymentOrders.postedPaymentId))
    .where(eq(paymentOrders.bulkPaymentId, id))
    .orderBy(asc(contracts.contractNumber));
  return {
    ...summaryOf(row),
    lines: lines.map(({ posted, split, ...line }) => ({ ...line, split: posted ? split : null })),
  };
}

export async function bulkPaymentDetail(db: Db, actor: Actor, organizationId: string, id: string) {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  return bulkPaymentAnswer(db, organizationId, id);
}

/** The organization's bulk payments, newest first (the last 100). */
export async function listBulkPayments(
  db: Db,
  actor: Actor,
  organizationId: string,
): Promise<BulkPaymentSummary[]> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const rows = await summaries(db)
    .where(eq(bulkPayments.organizationId, organizationId))
    .orderBy(desc(bulkPayments.createdAt), desc(bulkPayments.id))
    .limit(100);
  return rows.map(summaryOf);
}

export type DueBulkPaymentsRun = { posted: number; failed: number };

/**
 * Posts the scheduled bulk payments effective on or before `businessDate`, each in one transaction
 * holding its contracts' locks (in id order): every line posts, or (when one can no longer post, a
 * contract paid off since, say, or the bank account was blocked) none does and the bulk payment
 * fails with what stopped it, and the organization's admins are told. Re-read under the lock, so
 * concurrent or repeated runs post each once.
 */
export async function postDueBulkPayments(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
): Promise<DueBulkPaymentsRun> {
  const due = await db
    .select({ id: bulkPayments.id })
    .from(bulkPayments)
    .where(and(eq(bulkPayments.status, 'scheduled'), lte(bulkPayments.effectiveDate, businessDate)));
  const run: DueBulkPaymentsRun = { posted: 0, failed: 0 };
  const audit = { actor: { type: 'system', id: 'payments.post-due' } as AuditActor };
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [bulk] = await tx.select().from(bulkPayments).where(eq(bulkPayments.id, id)).for('update');
      if (bulk?.status !== 'scheduled') return;
      const lines = await tx
        .select({ order: paymentOrders, contract: contracts })
        .from(paymentOrders)
        .innerJoin(contracts, eq(contracts.id, paymentOrders.contractId))
        .where(eq(paymentOrders.bulkPaymentId, id))
        .orderBy(asc(contracts.id))
        .for('update', { of: [paymentOrders, contracts] });
      const [method] = await tx
        .select()
        .from(paymentMethods)
        .where(eq(paymentMethods.id, bulk.paymentMethodId));
      const now = clock.now();
      let stopped: string | null = null;
      if (method?.status === 'active') {
        try {
          await tx.transaction((sp) =>
            postBankOrders(
              sp,
              clock,
              lines.map(({ order, contract }) => ({ order, contract: toServicedContract(contract) })),
              method,
              audit,
            ),
          );
        } catch (error) {
          if (!(error instanceof PaymentLineRefused)) throw error;
          stopped = `${lines[error.line]!.contract.contractNumber}: ${error.message}`;
        }
      } else {
        // An account blocked or removed since stops the bulk payment before anything posts.
        stopped = `The bank account cannot be used (${method?.blockedReason ?? 'removed'}).`;
      }
      if (stopped !== null) {
        await tx
          .update(paymentOrders)
          .set({ status: 'failed', failureReason: stopped, updatedAt: now })
          .where(eq(paymentOrders.bulkPaymentId, id));
        await tx
          .update(bulkPayments)
          .set({ status: 'failed', failureReason: stopped, updatedAt: now })
          .where(eq(bulkPayments.id, id));
        await mailOrganizationAdmins(tx, clock, bulk.organizationId, 'bulk-payment-failed', {
          number: bulk.confirmationNumber,
          amount: usd(bulk.totalCents),
          reason: stopped,
        });
        run.failed++;
        return;
      }
      await tx.update(bulkPayments).set({ status: 'pending', updatedAt: now }).where(eq(bulkPayments.id, id));
      run.posted++;
    });
  }
  return run;
}

/** The receipt of one of the organization's bulk payments, as PDF or CSV; 404 for any other. */
export async function bulkPaymentReceipt(
  db: Db,
  settings: PaymentSettings,
  actor: Actor,
  organizationId: string,
  id: string,
  format: 'pdf' | 'csv',
): Promise<{ body: Buffer | string; filename: string }> {
  const bulk = await bulkPaymentDetail(db, actor, organizationId, id);
  const filename = `bulk-payment-${bulk.confirmationNumber}.${format}`;
  if (format === 'csv') return { body: bulkPaymentReceiptCsv(bulk), filename };
  const org = await organizationOf(db, organizationId);
  const madeOn = dateInZone(new Date(bulk.createdAt), settings.cutoff.timeZone);
  return { body: await renderBulkPaymentReceipt(bulk, org.name, madeOn), filename };
}
