import { type AccountType, checkRoutingNumber } from './bank-account.ts';
import { type CalendarDate, isCalendarDate } from './dates.ts';
import { type Cents, cents } from './money.ts';

/**
 * NACHA ACH files (NACHA Operating Rules, Appendix Three "ACH Record Format Specifications"):
 * 94-character records — file header 1, batch header 5, entry detail 6, addenda 7, batch control 8,
 * file control 9 — in blocks of ten, the last block filled with records of all 9s.
 *
 * Written here rather than taken from npm: the packages found (`nach2`, `@ach/ach` and its fork
 * `@midlandsbank/node-nacha`) are unmaintained, untyped CommonJS (moment/lodash, or a `requireg`
 * global-require dependency) and do not read return addenda (type 99). This module does only what
 * the portal needs: PPD/WEB/CCD debits and credits, and returns with their 99 addenda.
 */
export const RECORD_LENGTH = 94;
export const BLOCKING_FACTOR = 10;

export type SecCode = 'PPD' | 'WEB' | 'CCD';
export const SEC_CODES: readonly SecCode[] = ['PPD', 'WEB', 'CCD'];

export type AchDirection = 'debit' | 'credit';

/** The 99 addenda of a returned entry: why, and which original entry it returns. */
export type AchReturn = {
  reasonCode: string; // 'R01' …
  originalTraceNumber: string; // 15 digits
  dateOfDeath: CalendarDate | null; // R14/R15 only
  originalRdfiId: string; // the first 8 digits of the routing number that returned it
  addendaInformation: string; // up to 44 characters
};

export type AchEntry = {
  /** The original entry's direction; a return keeps it (a returned debit is code 26/36). */
  direction: AchDirection;
  accountType: AccountType;
  /** The receiving bank's 9-digit routing number (in a return, the original ODFI's). */
  routingNumber: string;
  accountNumber: string; // up to 17 characters
  amountCents: Cents;
  individualId: string; // up to 15 characters (CCD: identification number)
  individualName: string; // 22 characters, longer names are cut (CCD: receiving company name)
  /** 2 characters; for WEB debits the payment type: 'S' single, 'R' recurring. */
  discretionaryData: string;
  /** 1–9999999: the trace number is the batch's ODFI (8 digits) followed by this. */
  traceSeq: number;
  return?: AchReturn;
};

export type AchBatch = {
  secCode: SecCode;
  companyName: string; // 16 characters, cut if longer
  companyId: string; // up to 10 characters, e.g. '1' + EIN
  companyEntryDescription: string; // 10 characters, shown on the customer's statement
  companyDiscretionaryData: string; // up to 20
  companyDescriptiveDate: string; // up to 6, free text
  effectiveEntryDate: CalendarDate;
  entries: AchEntry[];
};

export type AchOrigin = {
  /** The 9-digit routing number of the bank or operator receiving the file. */
  immediateDestination: string;
  immediateDestinationName: string; // 23
  /** 10 characters: a 9-digit routing number (written with a leading space) or '1' + EIN. */
  immediateOrigin: string;
  immediateOriginName: string; // 23
  /** The originating bank's routing number; its first 8 digits head batches and trace numbers. */
  odfiRoutingNumber: string;
  referenceCode: string; // up to 8
};

export type AchFileInput = {
  origin: AchOrigin;
  fileCreation: { date: CalendarDate; time: string /* HH:MM */ };
  fileIdModifier: string; // A–Z or 0–9: tells apart files sent on one day
  batches: AchBatch[];
};

export type AchControlTotals = {
  entryAddendaCount: number;
  entryHash: string; // 10 digits
  totalDebitCents: Cents;
  totalCreditCents: Cents;
};

export type ParsedAchEntry = AchEntry & { transactionCode: string; traceNumber: string };
export type ParsedAchBatch = Omit<AchBatch, 'entries'> & {
  serviceClassCode: string;
  batchNumber: number;
  odfiId: string; // 8 digits
  entries: ParsedAchEntry[];
  control: AchControlTotals;
};
export type ParsedAchFile = Omit<AchFileInput, 'batches' | 'origin'> & {
  origin: Omit<AchOrigin, 'odfiRoutingNumber'>;
  batches: ParsedAchBatch[];
  control: AchControlTotals & { batchCount: number; blockCount: number };
};

export type AchParseErrorCode =
  | 'record_length'
  | 'record_type'
  | 'record_order'
  | 'field'
  | 'transaction_code'
  | 'routing_number'
  | 'addenda'
  | 'batch_mismatch'
  | 'batch_entry_count'
  | 'batch_entry_hash'
  | 'batch_totals'
  | 'file_batch_count'
  | 'file_block_count'
  | 'file_entry_count'
  | 'file_entry_hash'
  | 'file_totals'
  | 'blocking'
  | 'missing_record';
export type AchParseError = { line: number; code: AchParseErrorCode; message: string };
export type AchParseResult = { ok: true; file: ParsedAchFile } | { ok: false; errors: AchParseError[] };

export class AchBuildError extends RangeError {
  override name = 'AchBuildError';
}

// ——— return reasons ———

export type ReturnReason = {
  code: string;
  description: string;
  /** Stop using the payment method: the account is gone, wrong, frozen or the debit unauthorized. */
  blocksMethod: boolean;
  /** NACHA lets the originator present the same entry again (at most twice, within 180 days). */
  mayRetry: boolean;
};

const reason = (
  code: string,
  description: string,
  blocksMethod: boolean,
  mayRetry = false,
): ReturnReason => ({
  code,
  description,
  blocksMethod,
  mayRetry,
});

export const RETURN_REASONS: Readonly<Record<string, ReturnReason>> = Object.fromEntries(
  [
    reason('R01', 'Insufficient funds', false, true),
    reason('R02', 'Account closed', true),
    reason('R03', 'No account or unable to locate account', true),
    reason('R04', 'Invalid account number', true),
    reason('R05', 'Unauthorized debit to a consumer account using a corporate SEC code', true),
    reason('R06', 'Returned at the request of the originating bank', false),
    reason('R07', 'Authorization revoked by the customer', true),
    reason('R08', 'Payment stopped', false),
    reason('R09', 'Uncollected funds', false, true),
    reason('R10', 'Customer advises not authorized', true),
    reason('R11', 'Customer advises entry not in accordance with the terms of the authorization', false),
    reason('R12', 'Account sold to another bank', true),
    reason('R13', 'Invalid ACH routing number', true),
    reason('R14', 'Representative payee deceased', true),
    reason('R15', 'Beneficiary or account holder deceased', true),
    reason('R16', 'Account frozen', true),
    reason('R17', 'File record edit criteria', true),
    reason('R20', 'Non-transaction account', true),
    reason('R23', 'Credit entry refused by the receiver', false),
    reason('R24', 'Duplicate entry', false),
    reason('R29', 'Corporate customer advises not authorized', true),
    reason('R31', 'Permissible return entry (CCD and CTX only)', false),
    reason('R85', 'Incorrectly coded outbound international payment', true),
  ].map((r) => [r.code, r]),
);

/** A code not in the table is treated as the safe case: block the method, do not retry. */
export function returnReason(code: string): ReturnReason {
  return RETURN_REASONS[code] ?? reason(code, `Returned (${code})`, true);
}

// ——— transaction codes ———

const ACCOUNT_DIGIT: Record<AccountType, string> = { checking: '2', savings: '3' };

/** 22/27 checking credit/debit, 32/37 savings; 21/26 and 31/36 return them. */
export function transactionCode(
  accountType: AccountType,
  direction: AchDirection,
  isReturn: boolean,
): string {
  const last = direction === 'credit' ? (isReturn ? '1' : '2') : isReturn ? '6' : '7';
  return `${ACCOUNT_DIGIT[accountType]}${last}`;
}

const TRANSACTION_CODES: Record<
  string,
  { accountType: AccountType; direction: AchDirection; isReturn: boolean }
> = Object.fromEntries(
  (['checking', 'savings'] as const).flatMap((accountType) =>
    (['debit', 'credit'] as const).flatMap((direction) =>
      [false, true].map((isReturn) => [
        transactionCode(accountType, direction, isReturn),
        { accountType, direction, isReturn },
      ]),
    ),
  ),
);

// ——— building ———

/**
 * Names and descriptions are folded to ASCII (é → e) and cut to the field: banks reject other
 * characters, and a cut name still identifies the payer. Identifiers are never cut: they throw.
 */
function text(value: string, width: number): string {
  const ascii = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, ' ');
  return ascii.slice(0, width).padEnd(width, ' ');
}

function exact(value: string, width: number, label: string): string {
  if (value.length > width || !/^[\x20-\x7e]*$/.test(value)) {
    throw new AchBuildError(`${label} must be at most ${width} printable ASCII characters: "${value}"`);
  }
  return value.padEnd(width, ' ');
}

function digits(value: number | bigint | string, width: number, label: string): string {
  const s = String(value);
  if (!/^\d+$/.test(s) || s.length > width)
    throw new AchBuildError(`${label} must be at most ${width} digits: ${s}`);
  return s.padStart(width, '0');
}

function yymmdd(date: CalendarDate): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}

function routing(value: string, label: string): string {
  if (checkRoutingNumber(value) !== null || !/^\d{9}$/.test(value)) {
    throw new AchBuildError(`${label} is not a valid 9-digit routing number: ${value}`);
  }
  return value;
}

function record(...fields: string[]): string {
  const line = fields.join('');
  if (line.length !== RECORD_LENGTH) throw new Error(`Record of ${line.length} characters: ${line}`);
  return line;
}

const isDebitCode = (code: string) => Number(code[1]) >= 5;

function totalsOf(
  entries: readonly { routingNumber: string; amountCents: number; transactionCode: string }[],
) {
  let hash = 0n;
  let debit = 0;
  let credit = 0;
  for (const e of entries) {
    hash += BigInt(e.routingNumber.slice(0, 8));
    if (isDebitCode(e.transactionCode)) debit += e.amountCents;
    else credit += e.amountCents;
  }
  return { hash, totalDebitCents: cents(debit), totalCreditCents: cents(credit) };
}

/** The entry hash: the sum of the 8-digit routing prefixes, its rightmost 10 digits. */
export function entryHash(sum: bigint): string {
  return (sum % 10_000_000_000n).toString().padStart(10, '0');
}

function serviceClassCode(codes: readonly string[]): string {
  const debits = codes.filter(isDebitCode).length;
  return debits === codes.length ? '225' : debits === 0 ? '220' : '200';
}

export function buildAchFile(input: AchFileInput): string {
  const { origin, fileCreation } = input;
  const odfiId = routing(origin.odfiRoutingNumber, 'origin.odfiRoutingNumber').slice(0, 8);
  if (!/^[A-Z0-9]$/.test(input.fileIdModifier)) throw new AchBuildError('fileIdModifier must be A–Z or 0–9');
  const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(fileCreation.time);
  if (!time) throw new AchBuildError(`fileCreation.time must be HH:MM: ${fileCreation.time}`);
  if (input.batches.length === 0) throw new AchBuildError('An ACH file needs at least one batch');

  const origin10 = /^\d{9}$/.test(origin.immediateOrigin)
    ? ` ${origin.immediateOrigin}`
    : origin.immediateOrigin;
  const lines = [
    record(
      '1',
      '01',
      ` ${routing(origin.immediateDestination, 'origin.immediateDestination')}`,
      exact(origin10, 10, 'origin.immediateOrigin'),
      yymmdd(fileCreation.date),
      `${time[1]}${time[2]}`,
      input.fileIdModifier,
      '094',
      '10',
      '1',
      text(origin.immediateDestinationName, 23),
      text(origin.immediateOriginName, 23),
      exact(origin.referenceCode, 8, 'origin.referenceCode'),
    ),
  ];

  const traces = new Set<number>();
  let fileHash = 0n;
  let fileDebit = 0;
  let fileCredit = 0;
  let fileCount = 0;
  input.batches.forEach((batch, index) => {
    const batchNumber = digits(index + 1, 7, 'batch number');
    const label = `batches[${index}]`;
    if (!SEC_CODES.includes(batch.secCode)) throw new AchBuildError(`${label}.secCode: ${batch.secCode}`);
    if (batch.entries.length === 0) throw new AchBuildError(`${label} has no entries`);
    const coded = batch.entries.map((e, i) => {
      const code = transactionCode(e.accountType, e.direction, e.return !== undefined);
      if (traces.has(e.traceSeq))
        throw new AchBuildError(`${label}.entries[${i}]: trace ${e.traceSeq} repeats`);
      traces.add(e.traceSeq);
      return {
        ...e,
        transactionCode: code,
        routingNumber: routing(e.routingNumber, `${label}.entries[${i}]`),
      };
    });
    const serviceClass = serviceClassCode(coded.map((e) => e.transactionCode));
    const companyId = exact(batch.companyId, 10, `${label}.companyId`);
    lines.push(
      record(
        '5',
        serviceClass,
        text(batch.companyName, 16),
        exact(batch.companyDiscretionaryData, 20, `${label}.companyDiscretionaryData`),
        companyId,
        batch.secCode,
        text(batch.companyEntryDescription, 10),
        exact(batch.companyDescriptiveDate, 6, `${label}.companyDescriptiveDate`),
        yymmdd(batch.effectiveEntryDate),
        '   ', // settlement date: the ACH operator fills it in
        '1',
        odfiId,
        batchNumber,
      ),
    );
    let count = 0;
    coded.forEach((e, i) => {
      const where = `${label}.entries[${i}]`;
      if (!/^[0-9A-Za-z-]{1,17}$/.test(e.accountNumber)) throw new AchBuildError(`${where}.accountNumber`);
      if (!Number.isSafeInteger(e.amountCents) || e.amountCents < 0)
        throw new AchBuildError(`${where}.amountCents`);
      if (!Number.isInteger(e.traceSeq) || e.traceSeq < 1) throw new AchBuildError(`${where}.traceSeq`);
      // WEB debits carry their payment type here; banks reject the entry without it.
      if (
        batch.secCode === 'WEB' &&
        e.direction === 'debit' &&
        !e.return &&
        !/^[RS]$/.test(e.discretionaryData)
      ) {
        throw new AchBuildError(
          `${where}.discretionaryData must be 'S' (single) or 'R' (recurring) for a WEB debit`,
        );
      }
      const traceNumber = `${odfiId}${digits(e.traceSeq, 7, `${where}.traceSeq`)}`;
      lines.push(
        record(
          '6',
          e.transactionCode,
          e.routingNumber,
          exact(e.accountNumber, 17, `${where}.accountNumber`),
          digits(e.amountCents, 10, `${where}.amountCents`),
          exact(e.individualId, 15, `${where}.individualId`),
          text(e.individualName, 22),
          exact(e.discretionaryData, 2, `${where}.discretionaryData`),
          e.return ? '1' : '0',
          traceNumber,
        ),
      );
      count++;
      if (e.return) {
        const r = e.return;
        if (!/^R\d{2}$/.test(r.reasonCode))
          throw new AchBuildError(`${where}.return.reasonCode: ${r.reasonCode}`);
        lines.push(
          record(
            '7',
            '99',
            r.reasonCode,
            digits(r.originalTraceNumber, 15, `${where}.return.originalTraceNumber`),
            r.dateOfDeath ? yymmdd(r.dateOfDeath) : '      ',
            digits(r.originalRdfiId, 8, `${where}.return.originalRdfiId`),
            text(r.addendaInformation, 44),
            traceNumber,
          ),
        );
        count++;
      }
    });
    const totals = totalsOf(coded);
    lines.push(
      record(
        '8',
        serviceClass,
        digits(count, 6, `${label} entry count`),
        entryHash(totals.hash),
        digits(totals.totalDebitCents, 12, `${label} debit total`),
        digits(totals.totalCreditCents, 12, `${label} credit total`),
        companyId,
        ' '.repeat(19), // message authentication code
        ' '.repeat(6),
        odfiId,
        batchNumber,
      ),
    );
    fileHash += totals.hash;
    fileDebit += totals.totalDebitCents;
    fileCredit += totals.totalCreditCents;
    fileCount += count;
  });

  const blocks = Math.ceil((lines.length + 1) / BLOCKING_FACTOR);
  lines.push(
    record(
      '9',
      digits(input.batches.length, 6, 'batch count'),
      digits(blocks, 6, 'block count'),
      digits(fileCount, 8, 'entry count'),
      entryHash(fileHash),
      digits(fileDebit, 12, 'file debit total'),
      digits(fileCredit, 12, 'file credit total'),
      ' '.repeat(39),
    ),
  );
  while (lines.length % BLOCKING_FACTOR !== 0) lines.push('9'.repeat(RECORD_LENGTH));
  return `${lines.join('\n')}\n`;
}

// ——— parsing ———

/** Splits on line ends; a file sent without them is cut every 94 characters. */
function recordsOf(textOfFile: string): string[] {
  const lines = textOfFile.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const only = lines[0] ?? '';
  if (lines.length === 1 && only.length > RECORD_LENGTH && only.length % RECORD_LENGTH === 0) {
    return only.match(/[\s\S]{94}/g) ?? [];
  }
  return lines;
}

class Reader {
  readonly errors: AchParseError[] = [];
  private readonly line: string;
  private readonly lineNumber: number;

  constructor(line: string, lineNumber: number) {
    this.line = line;
    this.lineNumber = lineNumber;
  }

  fail(code: AchParseErrorCode, message: string): void {
    this.errors.push({ line: this.lineNumber, code, message });
  }

  /** Positions are 1-based and inclusive, as the NACHA tables print them. */
  text(from: number, to: number): string {
    return this.line.slice(from - 1, to).trimEnd();
  }

  digits(from: number, to: number, name: string): string {
    const value = this.line.slice(from - 1, to);
    if (!/^\d+$/.test(value))
      this.fail('field', `${name} (positions ${from}–${to}) must be digits: "${value}"`);
    return value;
  }

  number(from: number, to: number, name: string): number {
    return Number(this.digits(from, to, name)) || 0;
  }

  date(from: number, name: string): CalendarDate {
    const value = this.digits(from, from + 5, name);
    const iso = `20${value.slice(0, 2)}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
    if (!isCalendarDate(iso))
      this.fail('field', `${name} (position ${from}) is not a date YYMMDD: "${value}"`);
    return iso as CalendarDate;
  }
}

type Totals = AchControlTotals;

function compareTotals(
  reader: Reader,
  stated: Totals,
  actual: { count: number; hash: bigint; totalDebitCents: number; totalCreditCents: number },
  scope: 'batch' | 'file',
): void {
  if (stated.entryAddendaCount !== actual.count) {
    reader.fail(
      `${scope}_entry_count`,
      `The ${scope} control counts ${stated.entryAddendaCount} entries and addenda; there are ${actual.count}.`,
    );
  }
  if (stated.entryHash !== entryHash(actual.hash)) {
    reader.fail(
      `${scope}_entry_hash`,
      `The ${scope} entry hash is ${stated.entryHash}; the entries give ${entryHash(actual.hash)}.`,
    );
  }
  if (
    stated.totalDebitCents !== actual.totalDebitCents ||
    stated.totalCreditCents !== actual.totalCreditCents
  ) {
    reader.fail(
      `${scope}_totals`,
      `The ${scope} control states debits ${stated.totalDebitCents} and credits ${stated.totalCreditCents} cents; the entries add up to ${actual.totalDebitCents} and ${actual.totalCreditCents}.`,
    );
  }
}

function readControlTotals(r: Reader, countAt: [number, number], hashAt: number, debitAt: number): Totals {
  return {
    entryAddendaCount: r.number(countAt[0], countAt[1], 'entry/addenda count'),
    entryHash: r.digits(hashAt, hashAt + 9, 'entry hash'),
    totalDebitCents: cents(r.number(debitAt, debitAt + 11, 'total debit amount')),
    totalCreditCents: cents(r.number(debitAt + 12, debitAt + 23, 'total credit amount')),
  };
}

/**
 * Reads an origination or return file and checks it: record lengths and order, numeric fields,
 * routing check digits, addenda indicators, every batch and file control total, and blocking.
 * Every problem found is reported with its line number.
 */
export function parseAchFile(textOfFile: string): AchParseResult {
  const records = recordsOf(textOfFile);
  const errors: AchParseError[] = [];
  const missing = (line: number, message: string) => errors.push({ line, code: 'missing_record', message });

  let header: Pick<ParsedAchFile, 'origin' | 'fileCreation' | 'fileIdModifier'> | null = null;
  let fileControl: ParsedAchFile['control'] | null = null;
  const batches: ParsedAchBatch[] = [];
  let batch: ParsedAchBatch | null = null;
  let pendingAddenda: ParsedAchEntry | null = null;
  let fileActual = { count: 0, hash: 0n, totalDebitCents: 0, totalCreditCents: 0 };

  for (const [index, line] of records.entries()) {
    const r = new Reader(line, index + 1);
    const type = line[0];
    if (line.length !== RECORD_LENGTH) {
      r.fail('record_length', `A record has ${RECORD_LENGTH} characters; this one has ${line.length}.`);
      errors.push(...r.errors);
      continue;
    }
    if (fileControl) {
      if (line !== '9'.repeat(RECORD_LENGTH))
        r.fail('record_order', 'Only 9-filled records may follow the file control.');
      errors.push(...r.errors);
      continue;
    }
    if (pendingAddenda && type !== '7') {
      r.fail(
        'addenda',
        `The entry on the line before says it has an addenda record; this is a type ${type} record.`,
      );
      pendingAddenda = null;
    }
    const outOfPlace = () => r.fail('record_order', `A type ${type} record cannot come here.`);
    switch (type) {
      case '1': {
        if (header || index !== 0) {
          outOfPlace();
          break;
        }
        const time = r.digits(30, 33, 'file creation time');
        header = {
          origin: {
            immediateDestination: r.text(4, 13).trimStart(),
            immediateOrigin: r.text(14, 23).trimStart(),
            immediateDestinationName: r.text(41, 63),
            immediateOriginName: r.text(64, 86),
            referenceCode: r.text(87, 94),
          },
          fileCreation: {
            date: r.date(24, 'file creation date'),
            time: `${time.slice(0, 2)}:${time.slice(2)}`,
          },
          fileIdModifier: line.slice(33, 34),
        };
        if (line.slice(34, 40) !== '094101')
          r.fail('field', 'Record size, blocking factor and format must read 094 10 1.');
        break;
      }
      case '5': {
        if (!header || batch) {
          outOfPlace();
          break;
        }
        const secCode = line.slice(50, 53) as SecCode;
        if (!SEC_CODES.includes(secCode))
          r.fail('field', `SEC code ${secCode} is not one of ${SEC_CODES.join(', ')}.`);
        batch = {
          serviceClassCode: r.digits(2, 4, 'service class code'),
          companyName: r.text(5, 20),
          companyDiscretionaryData: r.text(21, 40),
          companyId: r.text(41, 50),
          secCode,
          companyEntryDescription: r.text(54, 63),
          companyDescriptiveDate: r.text(64, 69),
          effectiveEntryDate: r.date(70, 'effective entry date'),
          odfiId: r.digits(80, 87, 'originating DFI identification'),
          batchNumber: r.number(88, 94, 'batch number'),
          entries: [],
          control: {
            entryAddendaCount: 0,
            entryHash: '',
            totalDebitCents: cents(0),
            totalCreditCents: cents(0),
          },
        };
        break;
      }
      case '6': {
        if (!batch) {
          outOfPlace();
          break;
        }
        const code = line.slice(1, 3);
        const meaning = TRANSACTION_CODES[code];
        if (!meaning)
          r.fail(
            'transaction_code',
            `Transaction code ${code} is not a checking or savings debit, credit or return.`,
          );
        const routingNumber = r.digits(4, 12, 'receiving DFI routing number');
        if (checkRoutingNumber(routingNumber))
          r.fail('routing_number', `Routing number ${routingNumber} fails its check digit.`);
        const addendaIndicator = line[78];
        if (addendaIndicator !== '0' && addendaIndicator !== '1')
          r.fail('field', 'The addenda indicator must be 0 or 1.');
        const traceNumber = r.digits(80, 94, 'trace number');
        const entry: ParsedAchEntry = {
          direction: meaning?.direction ?? 'debit',
          accountType: meaning?.accountType ?? 'checking',
          routingNumber,
          accountNumber: r.text(13, 29),
          amountCents: cents(r.number(30, 39, 'amount')),
          individualId: r.text(40, 54),
          individualName: r.text(55, 76),
          discretionaryData: r.text(77, 78),
          traceSeq: Number(traceNumber.slice(8)) || 0,
          transactionCode: code,
          traceNumber,
        };
        batch.entries.push(entry);
        if (addendaIndicator === '1') pendingAddenda = entry;
        else if (meaning?.isReturn)
          r.fail('addenda', `A return entry (code ${code}) needs its 99 addenda record.`);
        break;
      }
      case '7': {
        const entry: ParsedAchEntry | null = pendingAddenda;
        pendingAddenda = null;
        if (!batch || !entry) {
          outOfPlace();
          break;
        }
        const addendaType = line.slice(1, 3);
        if (addendaType !== '99') {
          r.fail('addenda', `Addenda type ${addendaType} is not read here; only returns (99).`);
          break;
        }
        if (!TRANSACTION_CODES[entry.transactionCode]?.isReturn) {
          r.fail(
            'addenda',
            `A 99 addenda follows entry code ${entry.transactionCode}, which is not a return.`,
          );
        }
        const reasonCode = line.slice(3, 6);
        if (!/^R\d{2}$/.test(reasonCode))
          r.fail('field', `Return reason code "${reasonCode}" is not R followed by 2 digits.`);
        const death = line.slice(21, 27);
        entry.return = {
          reasonCode,
          originalTraceNumber: r.digits(7, 21, 'original entry trace number'),
          dateOfDeath: death.trim() === '' ? null : r.date(22, 'date of death'),
          originalRdfiId: r.digits(28, 35, 'original receiving DFI identification'),
          addendaInformation: r.text(36, 79),
        };
        if (line.slice(79, 94) !== entry.traceNumber) {
          r.fail('addenda', 'The addenda trace number differs from its entry’s trace number.');
        }
        break;
      }
      case '8': {
        if (!batch) {
          outOfPlace();
          break;
        }
        const current: ParsedAchBatch = batch;
        current.control = readControlTotals(r, [5, 10], 11, 21);
        if (
          r.digits(2, 4, 'service class code') !== current.serviceClassCode ||
          r.text(45, 54).trim() !== current.companyId.trim()
        ) {
          r.fail(
            'batch_mismatch',
            'The batch control’s service class or company ID differs from its header.',
          );
        }
        if (
          r.number(88, 94, 'batch number') !== current.batchNumber ||
          line.slice(79, 87) !== current.odfiId
        ) {
          r.fail('batch_mismatch', 'The batch control’s batch number or ODFI differs from its header.');
        }
        const withReturns = current.entries.filter((e) => e.return).length;
        const actual = { count: current.entries.length + withReturns, ...totalsOf(current.entries) };
        compareTotals(r, current.control, actual, 'batch');
        fileActual = {
          count: fileActual.count + actual.count,
          hash: fileActual.hash + actual.hash,
          totalDebitCents: fileActual.totalDebitCents + actual.totalDebitCents,
          totalCreditCents: fileActual.totalCreditCents + actual.totalCreditCents,
        };
        batches.push(current);
        batch = null;
        break;
      }
      case '9': {
        if (!header || batch) {
          outOfPlace();
          break;
        }
        const stated = {
          batchCount: r.number(2, 7, 'batch count'),
          blockCount: r.number(8, 13, 'block count'),
          ...readControlTotals(r, [14, 21], 22, 32),
        };
        fileControl = stated;
        if (stated.batchCount !== batches.length) {
          r.fail(
            'file_batch_count',
            `The file control counts ${stated.batchCount} batches; there are ${batches.length}.`,
          );
        }
        const blocks = Math.ceil((index + 1) / BLOCKING_FACTOR);
        if (stated.blockCount !== blocks) {
          r.fail(
            'file_block_count',
            `The file control counts ${stated.blockCount} blocks; the records make ${blocks}.`,
          );
        }
        compareTotals(r, stated, fileActual, 'file');
        break;
      }
      default:
        r.fail('record_type', `"${type}" is not an ACH record type.`);
    }
    errors.push(...r.errors);
  }

  if (!header) missing(1, 'The file header record (type 1) is missing.');
  if (batch) missing(records.length, 'The last batch has no batch control record (type 8).');
  if (!fileControl) missing(records.length, 'The file control record (type 9) is missing.');
  else if (records.length % BLOCKING_FACTOR !== 0) {
    errors.push({
      line: records.length,
      code: 'blocking',
      message: `The file has ${records.length} records; it must be filled with 9s to a multiple of ${BLOCKING_FACTOR}.`,
    });
  }
  if (errors.length > 0 || !header || !fileControl) return { ok: false, errors };
  return { ok: true, file: { ...header, batches, control: fileControl } };
}
