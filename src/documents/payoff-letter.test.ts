import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import type { PayoffLetterInput } from '../servicing/payoff.schemas.ts';
import { howToPay, renderPayoffLetter } from './payoff-letter.ts';

const letter = (overrides: Partial<PayoffLetterInput> = {}): PayoffLetterInput => ({
  issued: calendarDate('2026-11-20'),
  quote: {
    kind: 'retail_installment',
    contractNumber: 'RIC-000042',
    quoteDate: '2026-11-20',
    goodThrough: '2026-12-01',
    payoffCents: 1_234_567,
    perDiemCents: 199,
    items: [
      { kind: 'PRINCIPAL', amountCents: 1_200_000 },
      { kind: 'INTEREST', amountCents: 34_567 },
    ],
    howToPay: howToPay('RIC-000042'),
  },
  parties: ['Ana Diaz'],
  vehicle: { year: 2025, make: 'Ford', model: 'F-150', trim: null, vin: '1FTFW1E50NFA00001' },
  ...overrides,
});

async function textOf(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('renderPayoffLetter', () => {
  it('gives identical bytes for identical input, and other bytes on another issue date', async () => {
    const [a, b] = await Promise.all([renderPayoffLetter(letter()), renderPayoffLetter(letter())]);
    expect(a.equals(b)).toBe(true);
    const later = await renderPayoffLetter(letter({ issued: calendarDate('2026-11-21') }));
    expect(later.equals(a)).toBe(false);
    // The creation date is the issue date, not the moment of rendering.
    expect(a.toString('latin1')).toContain('D:20261120000000Z');
  });

  it('writes the amounts in dollars, the vehicle without a missing trim, and a business by its name', async () => {
    const text = await textOf(await renderPayoffLetter(letter({ parties: ['Acme Fleet LLC', 'Ana Diaz'] })));
    expect(text).toContain('Customer: Acme Fleet LLC, Ana Diaz');
    expect(text).toContain('Vehicle: 2025 Ford F-150, VIN 1FTFW1E50NFA00001');
    expect(text).toContain('Principal: $12,000.00');
    expect(text).toContain('Interest to the good-through date: $345.67');
    expect(text).toContain('send $12,345.67 so that we receive it on or before December 1, 2026');
    expect(text).toContain('add $1.99 (the per diem)');
  });

  it('leaves the vehicle out when the contract has none on file', async () => {
    const text = await textOf(await renderPayoffLetter(letter({ vehicle: null })));
    expect(text).not.toContain('Vehicle:');
    expect(text).toContain('Contract: RIC-000042');
  });
});
