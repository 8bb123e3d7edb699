import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import { amountCell, type CsvColumn, textCell, toCsv } from '../core/csv.ts';
import { type CalendarDate, calendarDate, dateParts } from '../core/dates.ts';
import { cents } from '../core/money.ts';
import type { Actor } from '../core/policy.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  bulkPayments,
  contractPositions,
  contracts,
  driverAssignments,
  drivers,
  fleetVehicles,
  paymentOrders,
  payments,
  users,
  vehicles,
} from '../db/schema.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { organizationContractIds, paidByContract } from './analytics.ts';
import { requireOrganization } from './organizations.ts';
import { taxYearDates } from './periods.ts';
import type { ReportFormat, ReportName } from './reports.schemas.ts';

/**
 * The reports a business downloads for its books: the portfolio, the payments of a date range, a
 * tax year's interest per vehicle, and the vehicles with their drivers; each as CSV or XLSX from the
 * same columns. One query reads a report's rows whatever the fleet's size.
 *
 * Formula injection (OWASP "CSV Injection") has one rule for both formats, `textCell` in
 * core/csv.ts: a text cell starting with `= + - @`, a tab or a carriage return gets a leading `'`.
 * Money, dates and counts are ours and typed (a number in XLSX, a plain decimal in CSV), never text.
 */

/** A report's column: its English header and how a row gives its cell. */
type Column<Row> = { header: string; width?: number } & (
  | { text: (row: Row) => string | null }
  | { date: (row: Row) => string | null }
  | { count: (row: Row) => number | null }
  | { money: (row: Row) => number }
  /** Money a row may not have (a loan's residual value); never negative. */
  | { optionalMoney: (row: Row) => number | null }
);

/** The CSV of a report's columns: money as decimal dollars from cents (`amountCell`), the rest as text cells. */
function csvColumns<Row>(columns: readonly Column<Row>[]): CsvColumn<Row>[] {
  return columns.map((c): CsvColumn<Row> => {
    const { header } = c;
    if ('money' in c) return { header, amount: c.money };
    if ('optionalMoney' in c)
      return {
        header,
        text: (row) => {
          const value = c.optionalMoney(row);
          // Never negative, so the decimal cannot read as a formula and `textCell` leaves it alone.
          return value === null ? null : amountCell(cents(value));
        },
      };
    if ('count' in c) return { header, text: (row) => c.count(row)?.toString() ?? null };
    if ('date' in c) return { header, text: c.date };
    return { header, text: c.text };
  });
}

const CURRENCY_FORMAT = '"$"#,##0.00;-"$"#,##0.00';
const DATE_FORMAT = 'yyyy-mm-dd';

/** An XLSX cell of a column: typed numbers, dates and strings, with the one injection rule on text. */
function xlsxCell<Row>(column: Column<Row>, row: Row): ExcelJS.CellValue {
  if ('text' in column) {
    const value = column.text(row);
    return value === null ? null : textCell(value);
  }
  if ('date' in column) {
    const value = column.date(row);
    if (value === null) return null;
    const { year, month, day } = dateParts(calendarDate(value));
    // exceljs writes a Date as its UTC day: midnight UTC is the calendar date itself.
    return new Date(Date.UTC(year, month - 1, day));
  }
  if ('count' in column) return column.count(row);
  const value = 'money' in column ? column.money(row) : column.optionalMoney(row);
  // Cents ÷ 100 is one correctly rounded division: the double nearest the exact decimal amount,
  // whose shortest decimal form is that amount, so the cell shows the cents exactly under the
  // currency format (Excel keeps 15 significant digits; our amounts stay far below 10^13 dollars).
  return value === null ? null : value / 100;
}

/**
 * The workbook of one sheet, through exceljs's streaming writer (each row committed as it is
 * written, so the workbook is never held as a model), gathered into the bytes the answer sends.
 */
async function toXlsx<Row>(title: string, columns: readonly Column<Row>[], rows: readonly Row[]) {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(stream, 'end');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    header: textCell(c.header),
    key: String(i),
    width: c.width ?? Math.max(10, c.header.length + 2),
    ...('money' in c || 'optionalMoney' in c
      ? { style: { numFmt: CURRENCY_FORMAT } }
      : 'date' in c
        ? { style: { numFmt: DATE_FORMAT } }
        : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of rows) sheet.addRow(columns.map((c) => xlsxCell(c, row))).commit();
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** A report's rows with their columns, as either file. */
type Sheet = {
  filename: string;
  rows: number;
  csv: () => string;
  xlsx: () => Promise<Buffer>;
};
function sheet<Row>(title: string, filename: string, columns: Column<Row>[], rows: Row[]): Sheet {
  return {
    filename,
    rows: rows.length,
    csv: () => toCsv(csvColumns(columns), rows),
    xlsx: () => toXlsx(title, columns, rows),
  };
}

const KIND_LABEL = { retail_installment: 'Loan', lease: 'Lease' } as const;
const CONTRACT_STATUS_LABEL = { active: 'Active', paid_off: 'Paid off', terminated: 'Terminated' } as const;
const VEHICLE_STATUS_LABEL = {
  in_service: 'In service',
  in_repair: 'In repair',
  out_of_service: 'Out of service',
  awaiting_sale: 'Awaiting sale',
} as const;
const CHANNEL_LABEL = {
  check: 'Check',
  lockbox: 'Lockbox',
  wire: 'Wire',
  phone: 'Phone',
  ach: 'ACH',
  card: 'Card',
} as const;
const SOURCE_LABEL = {
  one_time: 'Online payment',
  autopay: 'AutoPay',
  guest: 'Guest payment',
  bulk: 'Fleet bulk payment',
} as const;
const REVERSAL_LABEL: Record<string, string> = { returned: 'Returned', posted_in_error: 'Posted in error' };

/** The columns naming a vehicle, shared by the reports. */
type VehicleFacts = {
  contractNumber: string;
  unitNumber: string | null;
  plate: string | null;
  vin: string;
  year: number;
  make: string;
  model: string;
  costCenter: string | null;
};
const vehicleFacts = {
  contractNumber: contracts.contractNumber,
  unitNumber: fleetVehicles.unitNumber,
  plate: fleetVehicles.plate,
  vin: vehicles.vin,
  year: vehicles.year,
  make: vehicles.make,
  model: vehicles.model,
  costCenter: fleetVehicles.costCenter,
};
const vehicleColumns = <Row extends VehicleFacts>(): Column<Row>[] => [
  { header: 'Contract', text: (r) => r.contractNumber, width: 14 },
  { header: 'Unit', text: (r) => r.unitNumber },
  { header: 'VIN', text: (r) => r.vin, width: 20 },
  { header: 'Year', count: (r) => r.year, width: 7 },
  { header: 'Make', text: (r) => r.make },
  { header: 'Model', text: (r) => r.model },
  { header: 'Cost center', text: (r) => r.costCenter, width: 16 },
];

/** The vehicle in service: its plate, status and driver (the query joins `drivers` on the fleet record). */
type ServiceFacts = VehicleFacts & {
  plateState: string | null;
  vehicleStatus: keyof typeof VEHICLE_STATUS_LABEL;
  driver: string | null;
};
const serviceFacts = {
  plateState: fleetVehicles.plateState,
  // A vehicle without a fleet record is in service.
  vehicleStatus: sql<keyof typeof VEHICLE_STATUS_LABEL>`coalesce(${fleetVehicles.status}, 'in_service')`,
  driver: drivers.name,
};
const serviceColumns = <Row extends ServiceFacts>(): Column<Row>[] => [
  { header: 'Plate', text: (r) => r.plate },
  { header: 'Plate state', text: (r) => r.plateState },
  { header: 'Vehicle status', text: (r) => VEHICLE_STATUS_LABEL[r.vehicleStatus], width: 15 },
  { header: 'Driver', text: (r) => r.driver, width: 20 },
];

/** Every contract and vehicle with its terms, its stored position (balances as of its date), status and driver. */
async function portfolioSheet(db: Db, organizationId: string, today: CalendarDate): Promise<Sheet> {
  const rows = await db
    .select({
      ...vehicleFacts,
      contract: contracts,
      ...serviceFacts,
      position: contractPositions,
    })
    .from(contracts)
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    // Boarding stores each contract's first position, so every contract has one.
    .innerJoin(contractPositions, eq(contractPositions.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(drivers, eq(drivers.id, fleetVehicles.driverId))
    .where(inArray(contracts.id, organizationContractIds(db, organizationId)))
    .orderBy(asc(contracts.contractNumber));
  type Row = (typeof rows)[number] & { terms: ReturnType<typeof toServicedContract> };
  const withTerms: Row[] = rows.map((r) => ({ ...r, terms: toServicedContract(r.contract) }));
  const loan = (r: Row) => (r.terms.kind === 'retail_installment' ? r.terms : null);
  const lease = (r: Row) => (r.terms.kind === 'lease' ? r.terms : null);
  const columns: Column<Row>[] = [
    ...vehicleColumns<Row>(),
    ...serviceColumns<Row>(),
    { header: 'Type', text: (r) => KIND_LABEL[r.terms.kind] },
    { header: 'Contract status', text: (r) => CONTRACT_STATUS_LABEL[r.terms.status] },
    { header: 'Contract date', date: (r) => r.terms.contractDate },
    { header: 'First payment date', date: (r) => r.terms.firstPaymentDate },
    { header: 'Maturity date', date: (r) => r.terms.maturityDate },
    { header: 'Term (months)', count: (r) => r.terms.termMonths },
    { header: 'Monthly payment', money: (r) => r.terms.payment },
    { header: 'APR (%)', text: (r) => loan(r)?.aprPercent ?? null },
    { header: 'Money factor', text: (r) => lease(r)?.moneyFactor ?? null },
    { header: 'Amount financed', optionalMoney: (r) => loan(r)?.amountFinanced ?? null },
    { header: 'Adjusted capitalized cost', optionalMoney: (r) => lease(r)?.adjustedCapCost ?? null },
    { header: 'Residual value', optionalMoney: (r) => lease(r)?.residualValue ?? null },
    { header: 'Balances as of', date: (r) => r.position.asOf },
    { header: 'Principal balance', money: (r) => r.position.principalCents },
    { header: 'Accrued interest', money: (r) => r.position.accruedInterestCents },
    { header: 'Fees due', money: (r) => r.position.feesCents },
    { header: 'Unapplied funds', money: (r) => r.position.unappliedCents },
    { header: 'Lease payments remaining', money: (r) => r.position.leaseReceivableCents },
    { header: 'Amount due', money: (r) => r.position.amountDueCents },
    { header: 'Past due', money: (r) => r.position.pastDueCents },
    { header: 'Days past due', count: (r) => r.position.daysPastDue },
    { header: 'Next due date', date: (r) => r.position.nextDueDate },
    { header: 'Next due amount', money: (r) => r.position.nextDueAmountCents },
    { header: 'Payoff', money: (r) => r.position.payoffCents },
  ];
  return sheet('Portfolio', `portfolio-${today}`, columns, withTerms);
}

/**
 * The payments received in a date range, by received date: each with its contract and vehicle, the
 * split it was posted with, whether it was reversed since, and who paid (the member who paid online,
 * the admin who sent the bulk payment, a guest's name; empty for money the lender received).
 */
async function paymentsSheet(db: Db, organizationId: string, from: CalendarDate, to: CalendarDate) {
  const payer = alias(users, 'payer');
  const bulkSender = alias(users, 'bulk_sender');
  const rows = await db
    .select({
      ...vehicleFacts,
      receivedOn: payments.receivedOn,
      amountCents: payments.amountCents,
      principalCents: payments.principalCents,
      interestCents: payments.interestCents,
      feesCents: payments.feesCents,
      leaseReceivableCents: payments.leaseReceivableCents,
      salesTaxCents: payments.salesTaxCents,
      unappliedCents: payments.unappliedCents,
      status: payments.status,
      reversedOn: payments.reversedOn,
      reversalReason: payments.reversalReason,
      channel: payments.channel,
      reference: payments.reference,
      source: paymentOrders.source,
      confirmationNumber: paymentOrders.confirmationNumber,
      paidBy: sql<
        string | null
      >`coalesce(${payer.displayName}, ${bulkSender.displayName}, ${paymentOrders.guestName})`,
    })
    .from(payments)
    .innerJoin(contracts, eq(contracts.id, payments.contractId))
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(paymentOrders, eq(paymentOrders.postedPaymentId, payments.id))
    .leftJoin(payer, eq(payer.id, paymentOrders.payerUserId))
    .leftJoin(bulkPayments, eq(bulkPayments.id, paymentOrders.bulkPaymentId))
    .leftJoin(bulkSender, eq(bulkSender.id, bulkPayments.createdBy))
    .where(
      and(
        inArray(payments.contractId, organizationContractIds(db, organizationId)),
        gte(payments.receivedOn, from),
        lte(payments.receivedOn, to),
      ),
    )
    .orderBy(asc(payments.receivedOn), asc(contracts.contractNumber), asc(payments.createdAt));
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    { header: 'Received on', date: (r) => r.receivedOn },
    ...vehicleColumns<Row>(),
    { header: 'Amount', money: (r) => r.amountCents },
    { header: 'Principal', money: (r) => r.principalCents },
    { header: 'Interest', money: (r) => r.interestCents },
    { header: 'Fees', money: (r) => r.feesCents },
    { header: 'Lease payments', money: (r) => r.leaseReceivableCents },
    { header: 'Sales tax', money: (r) => r.salesTaxCents },
    { header: 'Unapplied', money: (r) => r.unappliedCents },
    { header: 'Status', text: (r) => (r.status === 'reversed' ? 'Reversed' : 'Posted') },
    { header: 'Reversed on', date: (r) => r.reversedOn },
    {
      header: 'Reversal reason',
      text: (r) => (r.reversalReason ? (REVERSAL_LABEL[r.reversalReason] ?? r.reversalReason) : null),
    },
    { header: 'Channel', text: (r) => CHANNEL_LABEL[r.channel] },
    {
      header: 'Source',
      text: (r) => (r.source ? SOURCE_LABEL[r.source] : 'Received by the lender'),
      width: 20,
    },
    { header: 'Paid by', text: (r) => r.paidBy, width: 20 },
    { header: 'Confirmation number', text: (r) => r.confirmationNumber, width: 20 },
    { header: 'Reference', text: (r) => r.reference, width: 20 },
  ];
  return sheet('Payments', `payments-${from}-to-${to}`, columns, rows);
}

/**
 * The interest paid in a tax year on each loan of the fleet, for the business's own return: the
 * interest part of each payment less that of each payment reversed in the year (cash basis, the rule
 * of the customers' interest statements), read from the ledger. Every loan open in the year is
 * listed, with zero when nothing was paid; a lease pays rent, not interest, and is not listed.
 */
async function interestSheet(db: Db, organizationId: string, taxYear: number) {
  const { from, to } = taxYearDates(taxYear);
  const paid = paidByContract(db, organizationId, from, to);
  const rows = await db
    .with(paid)
    .select({
      ...vehicleFacts,
      contractDate: contracts.contractDate,
      paidOffOn: contracts.paidOffOn,
      interestCents: sql<number>`coalesce(${paid.interestCents}, 0)::bigint`,
    })
    .from(contracts)
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(paid, eq(paid.contractId, contracts.id))
    .where(
      and(
        inArray(contracts.id, organizationContractIds(db, organizationId)),
        eq(contracts.kind, 'retail_installment'),
        lte(contracts.contractDate, to),
        or(isNull(contracts.paidOffOn), gte(contracts.paidOffOn, from)),
      ),
    )
    .orderBy(asc(contracts.contractNumber));
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    ...vehicleColumns<Row>(),
    { header: 'Contract date', date: (r) => r.contractDate },
    { header: 'Paid off on', date: (r) => r.paidOffOn },
    { header: `Interest paid in ${taxYear}`, money: (r) => r.interestCents, width: 20 },
  ];
  return sheet(`Interest ${taxYear}`, `interest-${taxYear}`, columns, rows);
}

/** Every vehicle with the driver assigned now (none: empty) and since when. */
async function driversSheet(db: Db, organizationId: string, today: CalendarDate) {
  const rows = await db
    .select({
      ...vehicleFacts,
      ...serviceFacts,
      driverEmail: drivers.email,
      driverPhone: drivers.phone,
      assignedAt: driverAssignments.assignedAt,
    })
    .from(contracts)
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(drivers, eq(drivers.id, fleetVehicles.driverId))
    .leftJoin(
      driverAssignments,
      and(eq(driverAssignments.contractId, contracts.id), isNull(driverAssignments.endedAt)),
    )
    .where(inArray(contracts.id, organizationContractIds(db, organizationId)))
    .orderBy(sql`${fleetVehicles.unitNumber} asc nulls last`, asc(contracts.contractNumber));
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    ...vehicleColumns<Row>(),
    ...serviceColumns<Row>(),
    { header: 'Driver email', text: (r) => r.driverEmail, width: 24 },
    { header: 'Driver phone', text: (r) => r.driverPhone, width: 16 },
    // The day (UTC) the assignment was made.
    { header: 'Assigned on', date: (r) => r.assignedAt?.toISOString().slice(0, 10) ?? null },
  ];
  return sheet('Vehicles and drivers', `vehicles-drivers-${today}`, columns, rows);
}

export type ReportRequest = { format: ReportFormat } & (
  | { report: 'portfolio' | 'drivers' }
  | { report: 'payments'; from: CalendarDate; to: CalendarDate }
  | { report: 'interest'; taxYear: number }
);

export type ReportFile = { filename: string; contentType: string; body: string | Buffer };

const CONTENT_TYPE: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * One report as a file, for members who may see the business's finances (another organization, or a
 * driver: 404). Each export is an audit event: who, which report and its parameters, which format.
 */
export async function exportReport(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  request: ReportRequest,
  meta: RequestMeta,
): Promise<ReportFile> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const today = clock.today();
  let built: Sheet;
  let parameters: Record<string, unknown> = {};
  switch (request.report) {
    case 'portfolio':
      built = await portfolioSheet(db, organizationId, today);
      break;
    case 'drivers':
      built = await driversSheet(db, organizationId, today);
      break;
    case 'payments':
      parameters = { from: request.from, to: request.to };
      built = await paymentsSheet(db, organizationId, request.from, request.to);
      break;
    case 'interest': {
      const thisYear = dateParts(today).year;
      if (request.taxYear > thisYear) {
        throw new DomainError('invalid', 'REPORTS.TAX_YEAR_IN_FUTURE', 'The tax year has not begun.', {
          taxYear: `Choose ${thisYear} or an earlier year.`,
        });
      }
      parameters = { taxYear: request.taxYear };
      built = await interestSheet(db, organizationId, request.taxYear);
      break;
    }
  }
  const body = request.format === 'csv' ? built.csv() : await built.xlsx();
  await recordAudit(db, {
    actor: auditActorOf(actor),
    action: 'organization.export_report',
    resource: { type: 'organization', id: organizationId },
    details: {
      report: request.report satisfies ReportName,
      format: request.format,
      rows: built.rows,
      ...parameters,
    },
    ...meta,
  });
  return {
    filename: `${built.filename}.${request.format}`,
    contentType: CONTENT_TYPE[request.format],
    body,
  };
}
