import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type ServicedContract, toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { contractParties, contractPositions, contracts, fleetVehicles, vehicles } from '../db/schema.ts';
import { type PaymentSettings, paymentDates, planOn } from '../payments/index.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError, type FieldReasons } from '../platform/errors.ts';
import { positionSummaries } from '../servicing/index.ts';
import type { BulkPaymentPreviewRequest } from './bulk-payments.schemas.ts';
import { bulkPaymentLine } from './bulk-payments.schemas.ts';
import { type CsvRowError, readCsvUpload, refuseCsvRows } from './csv-upload.ts';
import { dueThisMonthCents, monthEnd } from './due-this-month.ts';

/**
 * The lines of a bulk payment: where they come from (a list, everything due this month, a CSV) and
 * how each is judged, set-based: the business's contracts in one query, their positions as of the
 * effective date in another (the stored ones, `contract_positions`, when they are as of that date),
 * then every line by the one-time payment's rule (`planOn`), so a line is refused exactly as the
 * same payment alone would be.
 */

export type Line = { contractNumber: string; amountCents: number };
/** What to pay: the request's selection, or an uploaded CSV file's bytes. */
export type Selection = BulkPaymentPreviewRequest['selection'] | { kind: 'csv'; file: Buffer };
/** Where a line's problem is reported: `lines.3.amountCents`, or its CSV row. */
export type FieldOf = (index: number, field: string) => string;

export const vehicleName = sql<string>`concat_ws(' ', ${vehicles.year}, ${vehicles.make}, ${vehicles.model})`;

function refuseLines(fields: FieldReasons, count: number): DomainError {
  return new DomainError(
    'unprocessable',
    'BULK_PAYMENTS.LINES_INVALID',
    `${count} problem${count === 1 ? '' : 's'} with the contracts to pay; nothing was paid.`,
    fields,
  );
}

/** The lines of a selection: as given, everything due this month (from the stored positions), or a CSV. */
export async function selectionLines(
  db: Db,
  clock: Clock,
  customerId: string,
  selection: Selection,
): Promise<{ lines: Line[]; fieldOf: FieldOf }> {
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
      .where(and(eq(contractParties.customerId, customerId), eq(contracts.status, 'active'), sql`${due} > 0`))
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
function csvLines(file: Buffer): { lines: Line[]; fieldOf: FieldOf } {
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

type FleetContract = { contract: ServicedContract; vehicle: string; unitNumber: string | null };

/** The business's contracts among `numbers`, in one query; a number of anyone else's is simply absent. */
async function fleetContractsByNumber(
  db: Db,
  customerId: string,
  numbers: string[],
  options: { forUpdate?: boolean },
): Promise<Map<string, FleetContract>> {
  if (numbers.length === 0) return new Map();
  const query = db
    .select({ contract: contracts, vehicle: vehicleName, unitNumber: fleetVehicles.unitNumber })
    .from(contractParties)
    .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .where(and(eq(contractParties.customerId, customerId), inArray(contracts.contractNumber, numbers)))
    // Locks in contract id order, the one order every multi-contract path takes, so none deadlock.
    .orderBy(asc(contracts.id));
  const rows = options.forUpdate ? await query.for('update', { of: contracts }) : await query;
  return new Map(
    rows.map((r) => [
      r.contract.contractNumber,
      { contract: toServicedContract(r.contract), vehicle: r.vehicle, unitNumber: r.unitNumber },
    ]),
  );
}

export type Judged = FleetContract & { amountCents: number; plan: ReturnType<typeof planOn> };

/**
 * Every line judged before anything is written: in this business's fleet, active, not twice, and
 * payable as a one-time payment of that amount on that date. The date is the whole payment's, so
 * it is judged once, first, as a one-time payment's; all the lines' problems are reported at once,
 * each under its line's field. A fixed number of queries however many lines; `forUpdate` locks
 * the contracts (in id order) for the postings to come.
 */
export async function judgeLines(
  tx: Db,
  deps: { clock: Clock; settings: PaymentSettings },
  customerId: string,
  lines: readonly Line[],
  date: string | undefined,
  fieldOf: FieldOf,
  options: { forUpdate?: boolean } = {},
): Promise<Judged[]> {
  const dates = paymentDates(deps.clock, deps.settings, date);
  const found = await fleetContractsByNumber(
    tx,
    customerId,
    lines.map((l) => l.contractNumber),
    options,
  );
  const positions = await positionSummaries(
    tx,
    [...found.values()].filter((f) => f.contract.status === 'active').map((f) => f.contract),
    dates.effectiveDate,
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
    const fleet = found.get(line.contractNumber);
    if (!fleet) {
      // Unknown and another business's look the same: the answer tells nothing about other fleets.
      problem(index, 'contractNumber', `${line.contractNumber} is not a contract of this business.`);
      continue;
    }
    const { contract } = fleet;
    if (contract.status !== 'active') {
      problem(index, 'contractNumber', `${line.contractNumber} is ${contract.status.replace('_', ' ')}.`);
      continue;
    }
    try {
      const plan = planOn(contract, positions.get(contract.id)!, dates, line);
      judged.push({ ...fleet, amountCents: line.amountCents, plan });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problem(index, 'amountCents', error.fields?.amountCents ?? error.message);
    }
  }
  if (problems > 0) throw refuseLines(fields, problems);
  return judged;
}
