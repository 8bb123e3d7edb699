import { createHash } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type Advance,
  computeApr,
  isAprWithinTolerance,
  isIrregular,
  type PaymentStream,
} from '../core/apr.ts';
import {
  addMonthsOnDueDay,
  type CalendarDate,
  calendarDate,
  compareDates,
  dateParts,
} from '../core/dates.ts';
import { Decimal, decimal } from '../core/decimal.ts';
import { transfer } from '../core/ledger.ts';
import { cents, multiplyCents } from '../core/money.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { contractParties, contracts, customers, vehicles } from '../db/schema.ts';
import { type AuditActor, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type BoardingContract, type BoardingParty, boardingContractSchema } from './boarding.schemas.ts';
import { type NewJournalEntry, postEntries } from './ledger.ts';
import { writePositions } from './servicing.ts';

/**
 * Boarding: contracts arrive from an origination system, one or a batch. Every row is validated;
 * a batch with any invalid row boards nothing unless told to skip invalid rows. Boarding is
 * idempotent by contract number: the same contract again is "unchanged", a different one under a
 * number already boarded is a conflict. Each boarded contract gets its opening journal entry, and
 * each retail installment contract its disclosed APR checked against Regulation Z (see `checkDisclosedApr`).
 */
const BOARDING_LOCK_KEY = 7_265_002;

export type RowError = {
  row: number;
  contractNumber?: string | undefined;
  field: string;
  reason: string;
  /** `conflict` when the contract number is already boarded with other terms; `invalid` otherwise. */
  problem: 'invalid' | 'conflict';
};

/**
 * The disclosed APR of a retail installment contract against the APR computed from its disclosed
 * schedule, both in percent to four decimals ("5.0000").
 */
export type AprCheck = {
  disclosedPercent: string;
  /** Null when no APR could be computed or stored; the contract is then flagged, never refused. */
  computedPercent: string | null;
  withinTolerance: boolean;
};

export type BoardingResult = {
  boarded: string[];
  unchanged: string[];
  /** Rows left out (only with skipInvalid; otherwise any error throws and nothing is boarded). */
  skipped: RowError[];
  /** Contracts boarded by this call whose disclosed APR is not within tolerance: flagged for staff. */
  aprMismatches: string[];
};

/** The result, and the APR check of each retail installment contract boarded, by contract number. */
export type BoardingOutcome = BoardingResult & { aprChecks: Record<string, AprCheck> };

export type BoardingOptions = {
  skipInvalid?: boolean;
  actor: AuditActor;
  requestId?: string;
  ip?: string;
};

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(row)';
}

function zodRowErrors(row: number, contractNumber: string | undefined, error: z.ZodError): RowError[] {
  return error.issues.map((issue) => ({
    row,
    contractNumber,
    field: fieldPath(issue.path),
    reason: issue.message,
    problem: 'invalid' as const,
  }));
}

function contractNumberOf(input: unknown): string | undefined {
  const value = (input as { contractNumber?: unknown } | null)?.contractNumber;
  return typeof value === 'string' ? value : undefined;
}

/** A stable digest of the validated contract (keys sorted), to tell "the same again" from "different". */
function digest(contract: BoardingContract): string {
  const canonical = JSON.stringify(contract, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

export function validateBoardingRows(inputs: readonly unknown[], today: CalendarDate) {
  const valid: { row: number; contract: BoardingContract }[] = [];
  const errors: RowError[] = [];
  inputs.forEach((input, index) => {
    const row = index + 1;
    const parsed = boardingContractSchema.safeParse(input);
    if (!parsed.success) {
      errors.push(...zodRowErrors(row, contractNumberOf(input), parsed.error));
      return;
    }
    if (compareDates(calendarDate(parsed.data.contractDate), today) > 0) {
      errors.push({
        row,
        contractNumber: parsed.data.contractNumber,
        field: 'contractDate',
        reason: `The contract date cannot be after today's business date (${today}).`,
        problem: 'invalid',
      });
      return;
    }
    valid.push({ row, contract: parsed.data });
  });
  const seen = new Map<string, number>();
  for (const { row, contract } of valid) {
    const first = seen.get(contract.contractNumber);
    if (first !== undefined) {
      errors.push({
        row,
        contractNumber: contract.contractNumber,
        field: 'contractNumber',
        reason: `The contract number also appears in row ${first} of this batch.`,
        problem: 'invalid',
      });
    } else {
      seen.set(contract.contractNumber, row);
    }
  }
  const invalidRows = new Set(errors.map((e) => e.row));
  return { valid: valid.filter((v) => !invalidRows.has(v.row)), errors };
}

function customerValues(party: BoardingParty) {
  const common = {
    externalId: party.customerNumber,
    taxIdLast4: party.taxIdLast4,
    email: party.email ?? null,
    phone: party.phone ?? null,
    addressLine1: party.address.line1,
    addressLine2: party.address.line2 ?? null,
    city: party.address.city,
    state: party.address.state,
    zip: party.address.zip,
  };
  return party.kind === 'person'
    ? {
        ...common,
        kind: 'person' as const,
        firstName: party.firstName,
        lastName: party.lastName,
        dateOfBirth: party.dateOfBirth,
      }
    : { ...common, kind: 'business' as const, businessName: party.businessName };
}

type RetailInstallmentContract = Extract<BoardingContract, { type: 'retail_installment' }>;

/** The largest APR the contracts table holds (numeric(7,4)); a larger computed APR is flagged, not stored. */
const MAX_STORED_APR_PERCENT = decimal('999.9999');

/** An APR check, and why it could not be completed when it could not. */
type AprCheckOutcome = AprCheck & { error?: string };

/**
 * Reg Z §1026.22(a): the disclosed APR must be within 1/8 of a percentage point of the APR of the
 * disclosed schedule by Appendix J (1/4 for an irregular transaction). The schedule is the one the
 * contract discloses: the amount financed advanced on the contract date, term − 1 regular monthly
 * payments from the first payment date, and the final payment on the due date of the last installment.
 * A mismatch does not stop boarding (the contract is signed; staff decide what to do), so a check
 * that cannot be completed flags the contract instead of failing the batch.
 */
function checkDisclosedApr(c: RetailInstallmentContract): AprCheckOutcome {
  const disclosedPercent = decimal(c.aprPercent).toFixed(4);
  const firstPaymentDate = calendarDate(c.firstPaymentDate);
  const dueDay = dateParts(firstPaymentDate).day;
  const advances: Advance[] = [{ amount: cents(c.amountFinancedCents), date: calendarDate(c.contractDate) }];
  const payments: PaymentStream[] = [
    {
      amount: cents(c.finalPaymentCents),
      count: 1,
      firstDate: addMonthsOnDueDay(firstPaymentDate, c.termMonths - 1, dueDay),
      frequency: 'single',
    },
  ];
  if (c.termMonths > 1) {
    payments.unshift({
      amount: cents(c.paymentCents),
      count: c.termMonths - 1,
      firstDate: firstPaymentDate,
      frequency: 'monthly',
    });
  }
  try {
    const computed = computeApr(advances, payments);
    const exact = computed.exact.toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    if (exact.gt(MAX_STORED_APR_PERCENT)) {
      return {
        disclosedPercent,
        computedPercent: null,
        withinTolerance: false,
        error: `The computed APR (${computed.aprPercent}%) is too large to store.`,
      };
    }
    const withinTolerance = isAprWithinTolerance(c.aprPercent, computed, isIrregular(advances, payments));
    return { disclosedPercent, computedPercent: exact.toFixed(4), withinTolerance };
  } catch (error) {
    // The schema makes computeApr's AprError impossible for a valid contract; whatever still goes
    // wrong here (the core's own bug) must not refuse a signed contract, so it is flagged and recorded.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      disclosedPercent,
      computedPercent: null,
      withinTolerance: false,
      error: `The APR could not be computed: ${reason}`,
    };
  }
}

function contractValues(c: BoardingContract, boardingHash: string, aprCheck: AprCheck | undefined) {
  const firstPaymentDate = calendarDate(c.firstPaymentDate);
  const dueDay = dateParts(firstPaymentDate).day;
  const common = {
    contractNumber: c.contractNumber,
    kind: c.type,
    governingState: c.governingState,
    contractDate: c.contractDate,
    firstPaymentDate: c.firstPaymentDate,
    maturityDate: addMonthsOnDueDay(firstPaymentDate, c.termMonths - 1, dueDay),
    dueDay,
    termMonths: c.termMonths,
    paymentCents: c.paymentCents,
    totalOfPaymentsCents: c.totalOfPaymentsCents,
    boardingHash,
  };
  if (c.type === 'retail_installment') {
    return {
      ...common,
      cashPriceCents: c.cashPriceCents,
      downPaymentCents: c.downPaymentCents,
      amountFinancedCents: c.amountFinancedCents,
      financeChargeCents: c.financeChargeCents,
      aprPercent: c.aprPercent,
      finalPaymentCents: c.finalPaymentCents,
      dayCount: c.dayCount ?? 'actual/365',
      // Interest accrues from the contract date; nothing is posted until the first payment.
      interestPostedThrough: c.contractDate,
      computedAprPercent: aprCheck?.computedPercent ?? null,
      aprWithinTolerance: aprCheck?.withinTolerance ?? null,
    };
  }
  const adjustedCapCostCents = c.grossCapCostCents - c.capCostReductionCents;
  return {
    ...common,
    grossCapCostCents: c.grossCapCostCents,
    capCostReductionCents: c.capCostReductionCents,
    adjustedCapCostCents,
    residualValueCents: c.residualValueCents,
    depreciationCents: adjustedCapCostCents - c.residualValueCents,
    rentChargeCents: c.rentChargeCents,
    moneyFactor: c.moneyFactor,
    basePaymentCents: c.basePaymentCents,
    monthlyTaxCents: c.monthlyTaxCents,
    amountDueAtSigningCents: c.amountDueAtSigningCents,
    mileageAllowancePerYear: c.mileageAllowancePerYear,
    excessMileageRateCents: c.excessMileageRateCents,
    dispositionFeeCents: c.dispositionFeeCents,
    purchaseOptionPriceCents: c.purchaseOptionPriceCents,
  };
}

/**
 * The opening entry: a loan's amount financed becomes principal owed, paid out to the dealer;
 * a lease's base payments over the term become the lease receivable, against unearned lease income
 * (sales tax is billed with each payment and is not the lender's receivable).
 */
function openingEntry(contractId: string, c: BoardingContract): NewJournalEntry {
  const postings =
    c.type === 'retail_installment'
      ? transfer('principal', 'dealer_payable', cents(c.amountFinancedCents))
      : transfer(
          'lease_receivable',
          'lease_unearned',
          multiplyCents(cents(c.basePaymentCents), c.termMonths),
        );
  return {
    contractId,
    code: 'BOARDING',
    effectiveDate: calendarDate(c.contractDate),
    memo: `Boarded ${c.type === 'lease' ? 'lease' : 'retail installment contract'} ${c.contractNumber}`,
    postings,
  };
}

/** The error for a batch that boards nothing; a single contract's reasons are also given per field. */
function rejected(errors: RowError[], batchSize: number): DomainError {
  const rows = new Set(errors.map((e) => e.row)).size;
  const onlyConflicts = errors.every((e) => e.problem === 'conflict');
  const fields = batchSize === 1 ? Object.fromEntries(errors.map((e) => [e.field, e.reason])) : undefined;
  return new DomainError(
    onlyConflicts ? 'conflict' : 'invalid',
    onlyConflicts ? 'BOARDING.CONTRACT_NUMBER_TAKEN' : 'BOARDING.INVALID_ROWS',
    batchSize === 1
      ? `The contract could not be boarded: ${errors[0]?.reason ?? 'it is not valid.'}`
      : `${rows} of ${batchSize} rows could not be boarded; nothing was boarded.`,
    fields,
    { errors },
  );
}

export async function boardContracts(
  db: Db,
  clock: Clock,
  inputs: readonly unknown[],
  options: BoardingOptions,
): Promise<BoardingOutcome> {
  const { valid, errors } = validateBoardingRows(inputs, clock.today());
  if (errors.length > 0 && !options.skipInvalid) throw rejected(errors, inputs.length);

  return db.transaction(async (tx) => {
    const skipped = [...errors];
    const numbers = valid.map((v) => v.contract.contractNumber);
    const existing = new Map<string, string>();
    // Boarding batches take turns, so two batches carrying the same new contract cannot both decide
    // to insert it (the unique index would still stop the second, but as an error, not "unchanged").
    await tx.execute(sql`select pg_advisory_xact_lock(${BOARDING_LOCK_KEY})`);
    if (numbers.length > 0) {
      const rows = await tx
        .select({ contractNumber: contracts.contractNumber, boardingHash: contracts.boardingHash })
        .from(contracts)
        .where(inArray(contracts.contractNumber, numbers));
      for (const r of rows) existing.set(r.contractNumber, r.boardingHash);
    }

    const unchanged: string[] = [];
    const toBoard: { row: number; contract: BoardingContract; hash: string }[] = [];
    for (const { row, contract } of valid) {
      const hash = digest(contract);
      const previous = existing.get(contract.contractNumber);
      if (previous === undefined) toBoard.push({ row, contract, hash });
      else if (previous === hash) unchanged.push(contract.contractNumber);
      else {
        skipped.push({
          row,
          contractNumber: contract.contractNumber,
          field: 'contractNumber',
          reason: 'A different contract was already boarded under this number.',
          problem: 'conflict',
        });
      }
    }
    if (skipped.length > 0 && !options.skipInvalid) throw rejected(skipped, inputs.length);
    if (toBoard.length === 0) return { boarded: [], unchanged, skipped, aprMismatches: [], aprChecks: {} };

    const aprChecks = new Map<string, AprCheckOutcome>();
    for (const { contract } of toBoard) {
      if (contract.type === 'retail_installment') {
        aprChecks.set(contract.contractNumber, checkDisclosedApr(contract));
      }
    }

    // Customers: one per customer number; the first boarding's details stand (later changes go
    // through the profile, not boarding).
    const parties = new Map<string, BoardingParty>();
    for (const { contract } of toBoard) for (const p of contract.parties) parties.set(p.customerNumber, p);
    await tx
      .insert(customers)
      .values([...parties.values()].map(customerValues))
      .onConflictDoNothing({ target: customers.externalId });
    const customerRows = await tx
      .select({ id: customers.id, externalId: customers.externalId })
      .from(customers)
      .where(inArray(customers.externalId, [...parties.keys()]));
    const customerIdByNumber = new Map(customerRows.map((r) => [r.externalId, r.id]));

    const inserted = await tx
      .insert(contracts)
      .values(
        toBoard.map(({ contract, hash }) =>
          contractValues(contract, hash, aprChecks.get(contract.contractNumber)),
        ),
      )
      .returning();
    const idByNumber = new Map(inserted.map((r) => [r.contractNumber, r.id]));

    await tx.insert(contractParties).values(
      toBoard.flatMap(({ contract }) =>
        contract.parties.map((p) => ({
          contractId: idByNumber.get(contract.contractNumber)!,
          customerId: customerIdByNumber.get(p.customerNumber)!,
          role: p.role,
        })),
      ),
    );
    await tx.insert(vehicles).values(
      toBoard.map(({ contract }) => ({
        contractId: idByNumber.get(contract.contractNumber)!,
        vin: contract.vehicle.vin,
        year: contract.vehicle.year,
        make: contract.vehicle.make,
        model: contract.vehicle.model,
        trim: contract.vehicle.trim ?? null,
        condition: contract.vehicle.condition,
        odometerAtContract: contract.vehicle.odometer,
      })),
    );
    await postEntries(
      tx,
      toBoard.map(({ contract }) => openingEntry(idByNumber.get(contract.contractNumber)!, contract)),
    );
    await writePositions(tx, inserted.map(toServicedContract), clock.today());
    await recordAudit(
      tx,
      ...toBoard.map(({ contract }) => ({
        actor: options.actor,
        action: 'contract.board',
        resource: { type: 'contract', id: contract.contractNumber },
        requestId: options.requestId,
        ip: options.ip,
        details: { type: contract.type, ...aprCheckDetails(aprChecks.get(contract.contractNumber)) },
      })),
    );
    const boarded = toBoard.map((t) => t.contract.contractNumber);
    return {
      boarded,
      unchanged,
      skipped,
      aprMismatches: boarded.filter((n) => aprChecks.get(n)?.withinTolerance === false),
      aprChecks: Object.fromEntries(
        [...aprChecks].map(([n, { disclosedPercent, computedPercent, withinTolerance }]) => [
          n,
          { disclosedPercent, computedPercent, withinTolerance },
        ]),
      ),
    };
  });
}

function aprCheckDetails(check: AprCheckOutcome | undefined) {
  if (!check) return {};
  return {
    aprCheck: {
      disclosed: check.disclosedPercent,
      computed: check.computedPercent,
      withinTolerance: check.withinTolerance,
      ...(check.error ? { error: check.error } : {}),
    },
  };
}

/**
 * The APR check stored when a contract was boarded, for answering "unchanged" the same way as
 * "boarded". Undefined for a lease, a contract number not boarded, or a loan boarded before the check.
 */
export async function storedAprCheck(db: Db, contractNumber: string): Promise<AprCheck | undefined> {
  const [row] = await db
    .select({
      aprPercent: contracts.aprPercent,
      computedAprPercent: contracts.computedAprPercent,
      aprWithinTolerance: contracts.aprWithinTolerance,
    })
    .from(contracts)
    .where(eq(contracts.contractNumber, contractNumber));
  if (!row || row.aprPercent === null || row.aprWithinTolerance === null) return undefined;
  return {
    disclosedPercent: row.aprPercent,
    computedPercent: row.computedAprPercent,
    withinTolerance: row.aprWithinTolerance,
  };
}

/** For tests and the CLI: how many contracts are boarded. */
export async function countContracts(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(contracts);
  return row?.n ?? 0;
}
