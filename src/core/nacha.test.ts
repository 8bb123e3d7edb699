import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDate } from './dates.ts';
import { cents } from './money.ts';
import {
  type AchBatch,
  AchBuildError,
  type AchEntry,
  type AchFileInput,
  buildAchFile,
  entryHash,
  type ParsedAchFile,
  parseAchFile,
  RETURN_REASONS,
  returnReason,
} from './nacha.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/nacha/${name}`, import.meta.url), 'utf8');

function parsed(text: string): ParsedAchFile {
  const result = parseAchFile(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.file;
}

const origin = {
  immediateDestination: '021000021',
  immediateDestinationName: 'JPMORGAN CHASE',
  immediateOrigin: '1234567890',
  immediateOriginName: 'AUTOFIN LENDING',
  odfiRoutingNumber: '021000021',
  referenceCode: '',
};

function entry(overrides: Partial<AchEntry> = {}): AchEntry {
  return {
    direction: 'debit',
    accountType: 'checking',
    routingNumber: '011000015',
    accountNumber: '123456789',
    amountCents: cents(45_678),
    individualId: 'AF-10001',
    individualName: 'ANA LOPEZ',
    discretionaryData: 'S',
    traceSeq: 1,
    ...overrides,
  };
}

function batch(entries: AchEntry[], overrides: Partial<AchBatch> = {}): AchBatch {
  return {
    secCode: 'WEB',
    companyName: 'AUTOFIN',
    companyId: '1234567890',
    companyEntryDescription: 'LOAN PMT',
    companyDiscretionaryData: '',
    companyDescriptiveDate: '',
    effectiveEntryDate: calendarDate('2026-12-03'),
    entries,
    ...overrides,
  };
}

function file(batches: AchBatch[]): AchFileInput {
  return {
    origin,
    fileCreation: { date: calendarDate('2026-12-02'), time: '20:00' },
    fileIdModifier: 'A',
    batches,
  };
}

/** What parsing gives back for an input entry: the same fields plus the codes the file spells out. */
function asParsed(e: AchEntry) {
  const code = `${e.accountType === 'checking' ? 2 : 3}${e.direction === 'debit' ? (e.return ? 6 : 7) : e.return ? 1 : 2}`;
  return { ...e, transactionCode: code, traceNumber: `02100002${String(e.traceSeq).padStart(7, '0')}` };
}

describe('published sample files', () => {
  it('reads a PPD debit file (moov-io/ach ppd-debit.ach)', () => {
    const ach = parsed(fixture('moov-ppd-debit.ach'));
    expect(ach.fileCreation).toEqual({ date: '2019-06-24', time: '00:00' });
    expect(ach.batches).toHaveLength(1);
    expect(ach.batches[0]).toMatchObject({
      serviceClassCode: '225',
      secCode: 'PPD',
      companyId: '121042882',
      companyEntryDescription: 'REG.SALARY',
      effectiveEntryDate: '2019-06-25',
      odfiId: '12104288',
      entries: [
        {
          transactionCode: '27',
          direction: 'debit',
          accountType: 'checking',
          routingNumber: '231380104',
          accountNumber: '12345678',
          amountCents: 100_000_000,
          individualName: 'Receiver Account Name',
          traceNumber: '121042880000001',
        },
      ],
    });
    expect(ach.control).toEqual({
      batchCount: 1,
      blockCount: 1,
      entryAddendaCount: 1,
      entryHash: '0023138010',
      totalDebitCents: 100_000_000,
      totalCreditCents: 0,
    });
  });

  it('reads a return file with its return reasons and original trace numbers (moov-io/ach return-WEB.ach)', () => {
    const ach = parsed(fixture('moov-return-web.ach'));
    const entries = ach.batches.flatMap((b) => b.entries);
    expect(entries.map((e) => [e.transactionCode, e.direction, e.amountCents, e.return])).toEqual([
      [
        '26',
        'debit',
        12_354,
        {
          reasonCode: 'R01',
          originalTraceNumber: '091400600000001',
          dateOfDeath: null,
          originalRdfiId: '09100001',
          addendaInformation: '',
        },
      ],
      [
        '21',
        'credit',
        4_565,
        {
          reasonCode: 'R03',
          originalTraceNumber: '091400600000003',
          dateOfDeath: null,
          originalRdfiId: '02100002',
          addendaInformation: '',
        },
      ],
    ]);
    expect(ach.control).toMatchObject({
      entryAddendaCount: 4,
      entryHash: '0018280120',
      totalDebitCents: 12_354,
    });
  });

  it('reads the same file with CRLF line ends or none at all', () => {
    const text = fixture('moov-return-web.ach');
    const expected = parsed(text);
    expect(parsed(text.replaceAll('\n', '\r\n'))).toEqual(expected);
    expect(parsed(text.replaceAll('\n', ''))).toEqual(expected);
  });
});

describe('buildAchFile', () => {
  it('writes 94-character records in blocks of ten, filled with 9s', () => {
    const lines = buildAchFile(file([batch([entry()])])).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.length === 94)).toBe(true);
    expect(lines.map((l) => l[0]).join('')).toBe('1568999999');
    expect(lines.slice(5)).toEqual(Array(5).fill('9'.repeat(94)));
  });

  it('lays out the header, entry and controls field by field', () => {
    const [header, batchHeader, detail, batchControl, fileControl] = buildAchFile(
      file([batch([entry({ accountType: 'savings', individualName: 'José Ñúñez-Castellanos de la Vega' })])]),
    ).split('\n');
    expect(header).toBe(
      '101 0210000211234567890261202200' + '0A094101JPMORGAN CHASE         AUTOFIN LENDING                ',
    );
    expect(batchHeader).toBe(
      '5225AUTOFIN                             1234567890WEBLOAN PMT        261203   1021000020000001',
    );
    expect(detail).toBe(
      '637011000015123456789        0000045678AF-10001       Jose Nunez-CastellanosS 0021000020000001',
    );
    expect(batchControl).toBe(
      '82250000010001100001000000045678000000000000123456789' + '0                         021000020000001',
    );
    expect(fileControl).toBe(`9000001000001000000010001100001000000045678000000000000${' '.repeat(39)}`);
  });

  it('adds up control totals and entry hashes over several batches', () => {
    const ach = parsed(
      buildAchFile(
        file([
          batch([
            entry({ routingNumber: '021000021', amountCents: cents(10_000), traceSeq: 1 }),
            entry({
              routingNumber: '011000015',
              amountCents: cents(25_050),
              traceSeq: 2,
              accountType: 'savings',
            }),
          ]),
          batch(
            [
              entry({ routingNumber: '121000358', amountCents: cents(99), traceSeq: 3 }),
              entry({
                routingNumber: '256074974',
                amountCents: cents(500),
                traceSeq: 4,
                direction: 'credit',
              }),
            ],
            { secCode: 'CCD', effectiveEntryDate: calendarDate('2026-12-04') },
          ),
        ]),
      ),
    );
    expect(ach.batches.map((b) => [b.serviceClassCode, b.control])).toEqual([
      [
        '225',
        { entryAddendaCount: 2, entryHash: '0003200003', totalDebitCents: 35_050, totalCreditCents: 0 },
      ],
      ['200', { entryAddendaCount: 2, entryHash: '0037707532', totalDebitCents: 99, totalCreditCents: 500 }],
    ]);
    expect(ach.control).toEqual({
      batchCount: 2,
      blockCount: 1,
      entryAddendaCount: 4,
      entryHash: '0040907535',
      totalDebitCents: 35_149,
      totalCreditCents: 500,
    });
  });

  it('keeps only the rightmost 10 digits of the entry hash', () => {
    expect(entryHash(123_456_789_012n)).toBe('3456789012');
    const entries = Array.from({ length: 200 }, (_, i) =>
      entry({ routingNumber: '800000006', traceSeq: i + 1 }),
    );
    const ach = parsed(buildAchFile(file([batch(entries)])));
    expect(ach.control.entryHash).toBe('6000000000'); // 200 × 80000000 = 16000000000
    expect(ach.control.blockCount).toBe(21); // 204 records → 21 blocks
  });

  it('writes a return with its 99 addenda and reads it back', () => {
    const returned = [
      entry({
        return: {
          reasonCode: 'R02',
          originalTraceNumber: '091000010000042',
          dateOfDeath: null,
          originalRdfiId: '01100001',
          addendaInformation: 'ACCOUNT CLOSED 2026-11-30',
        },
      }),
      entry({
        traceSeq: 2,
        accountType: 'savings',
        return: {
          reasonCode: 'R15',
          originalTraceNumber: '091000010000043',
          dateOfDeath: calendarDate('2026-11-20'),
          originalRdfiId: '01100001',
          addendaInformation: '',
        },
      }),
    ];
    const text = buildAchFile(file([batch(returned)]));
    expect(text.split('\n')[5]).toBe(`799R1509100001000004326112001100001${' '.repeat(44)}021000020000002`);
    expect(parsed(text).batches[0]?.entries).toEqual(returned.map(asParsed));
  });

  it.each([
    ['a bad routing number', { routingNumber: '021000022' }],
    ['an account number over 17 characters', { accountNumber: '123456789012345678' }],
    ['an individual ID over 15 characters', { individualId: 'X'.repeat(16) }],
    ['a negative amount', { amountCents: cents(-1) }],
    ['an amount over ten digits', { amountCents: cents(10_000_000_000) }],
    ['a trace sequence over seven digits', { traceSeq: 10_000_000 }],
    ['a WEB debit without its payment type', { discretionaryData: '' }],
  ])('refuses %s', (_, overrides) => {
    expect(() => buildAchFile(file([batch([entry(overrides)])]))).toThrow(AchBuildError);
  });

  it('refuses a trace number used twice', () => {
    expect(() => buildAchFile(file([batch([entry()]), batch([entry()])]))).toThrow(/trace 1 repeats/);
  });

  const text = (max: number) =>
    fc
      .stringMatching(new RegExp(`^[A-Z0-9][A-Z0-9 .,&-]{0,${max - 2}}[A-Z0-9]$`))
      .filter((s) => s.length <= max);
  const routingArb = fc.constantFrom(
    '011000015',
    '021000021',
    '121000358',
    '256074974',
    '322271627',
    '061000104',
  );
  const returnArb = fc.record({
    reasonCode: fc.constantFrom(...Object.keys(RETURN_REASONS)),
    originalTraceNumber: fc.stringMatching(/^\d{15}$/),
    dateOfDeath: fc.constantFrom(null, calendarDate('2026-10-31')),
    originalRdfiId: fc.stringMatching(/^\d{8}$/),
    addendaInformation: fc.constantFrom('', 'RETURNED BY SANDBOX BANK'),
  });
  const entryArb = fc.record({
    direction: fc.constantFrom('debit' as const, 'credit' as const),
    accountType: fc.constantFrom('checking' as const, 'savings' as const),
    routingNumber: routingArb,
    accountNumber: fc.stringMatching(/^\d{4,17}$/),
    amountCents: fc.integer({ min: 0, max: 9_999_999_999 }).map(cents),
    individualId: text(15),
    individualName: text(22),
    discretionaryData: fc.constantFrom('S', 'R'),
    traceSeq: fc.constant(0),
    return: fc.option(returnArb, { nil: undefined }),
  });
  const batchArb = fc.record({
    secCode: fc.constantFrom('PPD' as const, 'WEB' as const, 'CCD' as const),
    companyName: text(16),
    companyId: fc.stringMatching(/^1\d{9}$/),
    companyEntryDescription: text(10),
    companyDiscretionaryData: fc.constant(''),
    companyDescriptiveDate: fc.constant(''),
    effectiveEntryDate: fc
      .integer({ min: 0, max: 3000 })
      .map((n) => calendarDate(new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10))),
    entries: fc.array(entryArb, { minLength: 1, maxLength: 12 }),
  });

  it('reads back exactly what it wrote, with totals that add up (property)', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 5 }), (generated) => {
        let seq = 0;
        const batches = generated.map((b) => ({
          ...b,
          entries: b.entries.map((e) => ({ ...e, traceSeq: ++seq })),
        }));
        const input = file(batches);
        const text = buildAchFile(input);
        const ach = parsed(text);
        const entries = batches.flatMap((b) => b.entries);
        const debit = entries.filter((e) => e.direction === 'debit').reduce((s, e) => s + e.amountCents, 0);
        const credit = entries.filter((e) => e.direction === 'credit').reduce((s, e) => s + e.amountCents, 0);
        const withReturns = entries.filter((e) => e.return).length;
        const hash = entries.reduce((s, e) => s + BigInt(e.routingNumber.slice(0, 8)), 0n);
        expect(ach.batches.map(({ serviceClassCode, batchNumber, odfiId, control, ...b }) => b)).toEqual(
          batches.map((b) => ({ ...b, entries: b.entries.map(asParsed) })),
        );
        expect(ach.control).toMatchObject({
          batchCount: batches.length,
          entryAddendaCount: entries.length + withReturns,
          entryHash: entryHash(hash),
          totalDebitCents: debit,
          totalCreditCents: credit,
        });
        expect(text.split('\n').length - 1).toBe(ach.control.blockCount * 10);
      }),
      { numRuns: 60 },
    );
  });
});

describe('parseAchFile reports what is wrong', () => {
  const good = buildAchFile(file([batch([entry(), entry({ traceSeq: 2, amountCents: cents(100) })])]));
  const lines = good.split('\n');
  const withLine = (index: number, line: string) => lines.map((l, i) => (i === index ? line : l)).join('\n');
  const codes = (text: string) => {
    const result = parseAchFile(text);
    return result.ok ? [] : result.errors.map((e) => [e.line, e.code]);
  };

  it('a changed amount breaks the batch and file totals', () => {
    const detail = lines[2]!;
    expect(codes(withLine(2, `${detail.slice(0, 29)}0000045679${detail.slice(39)}`))).toEqual([
      [5, 'batch_totals'],
      [6, 'file_totals'],
    ]);
  });

  it('a changed routing number breaks the check digit and the entry hash', () => {
    const detail = lines[2]!;
    expect(codes(withLine(2, `${detail.slice(0, 3)}021000021${detail.slice(12)}`))).toEqual([
      [5, 'batch_entry_hash'],
      [6, 'file_entry_hash'],
    ]);
    expect(codes(withLine(2, `${detail.slice(0, 3)}011000016${detail.slice(12)}`))).toContainEqual([
      3,
      'routing_number',
    ]);
  });

  it('a wrong entry count, record length, record type and order', () => {
    const control = lines[4]!;
    expect(codes(withLine(4, `${control.slice(0, 4)}000003${control.slice(10)}`))).toEqual([
      [5, 'batch_entry_count'],
    ]);
    expect(codes(withLine(2, lines[2]!.slice(0, 93)))).toContainEqual([3, 'record_length']);
    expect(codes(withLine(3, `X${lines[3]!.slice(1)}`))).toContainEqual([4, 'record_type']);
    expect(codes([lines[1], lines[0], ...lines.slice(2)].join('\n'))).toContainEqual([1, 'record_order']);
  });

  it('a file that is not blocked, or lacks its controls', () => {
    expect(codes(lines.slice(0, 9).join('\n'))).toEqual([[9, 'blocking']]);
    expect(codes(lines.slice(0, 5).join('\n'))).toEqual([[5, 'missing_record']]);
    expect(codes(lines.slice(0, 4).join('\n'))).toEqual([
      [4, 'missing_record'],
      [4, 'missing_record'],
    ]);
    expect(codes('')).toContainEqual([1, 'missing_record']);
  });

  it('a return entry without its addenda', () => {
    const detail = lines[2]!;
    expect(codes(withLine(2, `626${detail.slice(3)}`))).toContainEqual([3, 'addenda']);
  });
});

describe('RETURN_REASONS', () => {
  it.each(['R02', 'R03', 'R04', 'R07', 'R10', 'R16', 'R20', 'R05', 'R29'])('%s blocks the method', (code) => {
    expect(RETURN_REASONS[code]).toMatchObject({ blocksMethod: true, mayRetry: false });
  });

  it.each(['R01', 'R09'])('%s may be retried and keeps the method', (code) => {
    expect(RETURN_REASONS[code]).toMatchObject({ blocksMethod: false, mayRetry: true });
  });

  it('names R01 and R08', () => {
    expect(returnReason('R01').description).toBe('Insufficient funds');
    expect(returnReason('R08')).toMatchObject({
      description: 'Payment stopped',
      blocksMethod: false,
      mayRetry: false,
    });
  });

  it('treats an unknown code as blocking, never as retryable', () => {
    expect(returnReason('R99')).toEqual({
      code: 'R99',
      description: 'Returned (R99)',
      blocksMethod: true,
      mayRetry: false,
    });
  });
});
