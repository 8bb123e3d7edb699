import { and, asc, desc, eq, gte, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import { addDays, type CalendarDate, compareDates } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { cutoffInstant, dateInZone } from '../core/payment-dates.ts';
import type { Actor } from '../core/policy.ts';
import { findContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  bulkPayments,
  contractParties,
  contractPositions,
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
  planPayment,
  postOrder,
  requireUsableMethod,
} from '../payments/index.ts';
import { type AuditActor, auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError, type FieldReasons } from '../platform/errors.ts';
import { type Answer, once } from '../platform/idempotency.ts';
import { bulkPaymentReceiptCsv, renderBulkPaymentReceipt } from './bulk-payment-receipt.ts';
import type {
  BulkPaymentDetail,
  BulkPaymentPreview,
  BulkPaymentPreviewRequest,
  BulkPaymentRequest,
  BulkPaymentSummary,
} from './bulk-payments.schemas.ts';
import { bulkPaymentLine } from './bulk-payments.schemas.ts';
import { type CsvRowError, readCsvUpload, refuseCsvRows } from './csv-upload.ts';
import { dueThisMonthCents, monthEnd } from './due-this-month.ts';
import { requireOrganization } from './organizations.ts';

/**
 * A fleet's bulk payment (issue 15 item 4): one debit from the business's bank account for many
 * contracts. Each contract gets its own payment order (source `bulk`) and its own posting, all in
 * the transaction that records the bulk payment, so either every contract is paid or none is. At
 * the cut-off the ACH file carries the bulk payment as ONE CCD entry for the total (payments/ach.ts);
 * a return of that entry reverses every contract's posting, each with its own contract's fee rules.
 * Judging is the one-time payment's (`planPayment`: date window, cut-off, payoff ceiling, split),
 * applied line by line, so a line is refused exactly as the same payment alone would be.
 */

export type BulkPaymentDeps = { db: Db; clock: Clock; settings: PaymentSettings };

type Line = { contractNumber: string; amountCents: number };
/** What to pay: the request's selection, or an uploaded CSV file's bytes. */
type Selection = BulkPaymentPreviewRequest['selection'] | { kind: 'csv'; file: Buffer };
type FleetContract = { id: string; contractNumber: string; vehicle: string; unitNumber: string | null };

const notFound = () =>
  new DomainError('not_found', 'BULK_PAYMENTS.NOT_FOUND', 'There is no such bulk payment.');

const usd = (amount: number) => formatUsd(cents(amount));

function refuseLines(fields: FieldReasons, count: number): DomainError {
  return new DomainError(
    'unprocessable',
    'BULK_PAYMENTS.LINES_INVALID',
    `${count} problem${count === 1 ? '' : 's'} with the contracts to pay; nothing was paid.`,
    fields,
  );
}

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

const vehicleName = sql<string>`concat_ws(' ', ${vehicles.year}, ${vehicles.make}, ${vehicles.model})`;

/** The business's contracts among `numbers`, in one query; a number of anyone else's is simply absent. */
async function fleetContractsByNumber(
  db: Db,
  org: Organization,
  numbers: string[],
  options: { forUpdate?: boolean } = {},
): Promise<Map<string, FleetContract & { status: string }>> {
  if (numbers.length === 0) return new Map();
  const query = db
    .select({
      id: contracts.id,
      contractNumber: contracts.contractNumber,
      status: contracts.status,
      vehicle: vehicleName,
      unitNumber: fleetVehicles.unitNumber,
    })
    .from(contractParties)
    .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .where(and(eq(contractParties.customerId, org.customerId), inArray(contracts.contractNumber, numbers)))
    // Locks in contract id order, the one order every multi-contract path takes, so none deadlock.
    .orderBy(asc(contracts.id));
  const rows = options.forUpdate ? await query.for('update', { of: contracts }) : await query;
  return new Map(rows.map((r) => [r.contractNumber, r]));
}

type Judged = {
  contract: FleetContract;
  amountCents: number;
  plan: Awaited<ReturnType<typeof planPayment>>;
};

/**
 * Every line judged before anything is written: in this business's fleet, active, not twice, and
 * payable as a one-time payment of that amount on that date. All the problems are reported at once,
 * each under its line's field (`lines.3.amountCents`), or its CSV row when the lines came from a file.
 */
async function judgeLines(
  tx: Db,
  deps: BulkPaymentDeps,
  org: Organization,
  lines: readonly Line[],
  date: string | undefined,
  fieldOf: (index: number, field: string) => string,
  options: { forUpdate?: boolean } = {},
): Promise<Judged[]> {
  const found = await fleetContractsByNumber(
    tx,
    org,
    lines.map((l) => l.contractNumber),
    options,
  );
  const fields: FieldReasons = {};
  let problems = 0;
  const problem = (index: number, field: string, message: string) => {
    fields[fieldOf(index, field)] = message;
    problems++;
  };
  const seen = new Map<string, number>();
  const judged: Judged[] = [];
  for (const [index, line] of lines.entries()) {
    const first = seen.get(line.contractNumber);
    if (first !== undefined) {
      problem(index, 'contractNumber', `${line.contractNumber} is already on ${fieldOf(first, 'line')}.`);
      continue;
    }
    seen.set(line.contractNumber, index);
    const contract = found.get(line.contractNumber);
    if (!contract) {
      // Unknown and another business's look the same: the answer tells nothing about other fleets.
      problem(index, 'contractNumber', `${line.contractNumber} is not a contract of this business.`);
      continue;
    }
    if (contract.status !== 'active') {
      problem(index, 'contractNumber', `${line.contractNumber} is ${contract.status.replace('_', ' ')}.`);
      continue;
    }
    try {
      const serviced = (await findContract(tx, contract.contractNumber))!;
      const plan = await planPayment(tx, deps.clock, deps.settings, serviced, { ...line, date });
      judged.push({ contract, amountCents: line.amountCents, plan });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The date is the whole payment's, not a line's: refuse it once, as a one-time payment would.
      if (error.code === 'PAYMENTS.DATE_OUT_OF_RANGE') throw error;
      problem(index, 'amountCents', error.fields?.amountCents ?? error.message);
    }
  }
  if (problems > 0) throw refuseLines(fields, problems);
  return judged;
}

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

/** The lines of a selection: as given, everything due this month (from the stored positions), or a CSV. */
async function selectionLines(
  db: Db,
  clock: Clock,
  org: Organization,
  selection: Selection,
): Promise<{ lines: Line[]; fieldOf: (index: number, field: string) => string }> {
  if (selection.kind === 'lines') {
    return { lines: selection.lines, fieldOf: (i, field) => `lines.${i}.${field}` };
  }
  if (selection.kind === 'due_this_month') {
    const due = dueThisMonthCents(contractPositions, monthEnd(clock.today()));
    const rows = await db
      .select({ contractNumber: contracts.contractNumber, amountCents: sql<string>`${due}` })
      .from(contractParties)
      .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
      .innerJoin(contractPositions, eq(contractPositions.contractId, contracts.id))
      .where(
        and(eq(contractParties.customerId, org.customerId), eq(contracts.status, 'active'), sql`${due} > 0`),
      )
      .orderBy(asc(contracts.contractNumber));
    if (rows.length === 0) {
      const message = 'Nothing is due this month on the business’s contracts.';
      throw new DomainError('unprocessable', 'BULK_PAYMENTS.NOTHING_DUE', message, { selection: message });
    }
    return {
      lines: rows.map((r) => ({ contractNumber: r.contractNumber, amountCents: Number(r.amountCents) })),
      fieldOf: (i, field) => `lines.${i}.${field}`,
    };
  }
  return csvLines(selection.file);
}

/** `contractNumber,amount` rows (the amount in dollars, "1234.56"), judged like any CSV upload. */
function csvLines(file: Buffer): { lines: Line[]; fieldOf: (index: number, field: string) => string } {
  const records = readCsvUpload(file);
  const errors: CsvRowError[] = [];
  const lines: Line[] = [];
  const rows: number[] = [];
  for (const { row, record, formulaErrors } of records) {
    errors.push(...formulaErrors);
    const amount = /^\$?(\d{1,9})(?:\.(\d{2}))?$/.exec((record.amount ?? '').replaceAll(',', ''));
    if (!amount) {
      errors.push({ row, field: 'amount', message: 'Write the amount in dollars and cents, as 1234.56.' });
      continue;
    }
    const parsed = bulkPaymentLine.safeParse({
      contractNumber: record.contractNumber,
      amountCents: Number(amount[1]) * 100 + Number(amount[2] ?? 0),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row, field: issue.path.join('.') || 'row', message: issue.message });
      continue;
    }
    lines.push(parsed.data);
    rows.push(row);
  }
  refuseCsvRows(errors);
  return {
    lines,
    fieldOf: (i, field) => `row ${rows[i]}: ${field === 'amountCents' ? 'amount' : field}`,
  };
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
  const { lines, fieldOf } = await selectionLines(db, deps.clock, org, request.selection);
  const judged = await judgeLines(db, deps, org, lines, request.date, fieldOf);
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
      vehicle: j.contract.vehicle,
      unitNumber: j.contract.unitNumber,
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
        org,
        request.lines,
        request.date,
        (i, f) => `lines.${i}.${f}`,
        {
          forUpdate: true,
        },
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
        const numbers = new Map(judged.map((j) => [j.contract.id, j.contract.contractNumber]));
        for (const order of orders) {
          await postOrder(tx, clock, undefined, order, method, numbers.get(order.contractId)!, audit);
        }
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
 * contract paid off since, say) none does and the bulk payment fails with the line that stopped it,
 * and its maker is told. Re-read under the lock, so concurrent or repeated runs post each once.
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
        .select({ order: paymentOrders, contractNumber: contracts.contractNumber })
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
      try {
        await tx.transaction(async (sp) => {
          for (const { order, contractNumber } of lines) {
            try {
              await postOrder(sp, clock, undefined, order, method!, contractNumber, audit);
            } catch (error) {
              if (error instanceof DomainError) stopped = `${contractNumber}: ${error.message}`;
              throw error;
            }
          }
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
      if (stopped === null && method?.status !== 'active')
        stopped = `The bank account cannot be used (${method?.blockedReason ?? 'removed'}).`;
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
