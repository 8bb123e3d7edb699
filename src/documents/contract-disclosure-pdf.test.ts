import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { cents } from '../core/money.ts';
import type { ServicedLease, ServicedLoan } from '../db/contracts.ts';
import { type ContractDisclosureInput, renderContractDisclosure } from './contract-disclosure-pdf.ts';

// The branches the HTTP test's contracts do not reach: a schedule with no odd final payment, a loan
// boarded without its down payment, a state on the lender's default late charge, a lease without
// the amount due at signing.
const loan: ServicedLoan = {
  id: 'c1',
  contractNumber: 'RIC-777777',
  kind: 'retail_installment',
  status: 'active',
  governingState: 'OH',
  contractDate: calendarDate('2026-01-05'),
  firstPaymentDate: calendarDate('2026-02-05'),
  maturityDate: calendarDate('2026-12-05'),
  dueDay: 5,
  termMonths: 11,
  payment: cents(100_000),
  totalOfPayments: cents(1_100_000),
  amountFinanced: cents(1_100_000),
  aprPercent: '0',
  financeCharge: cents(0),
  finalPayment: cents(100_000),
  dayCount: 'actual/365',
  allocationOrder: 'standard',
  interestPostedThrough: calendarDate('2026-01-05'),
  computedAprPercent: '0',
  aprWithinTolerance: true,
};

const input = (contract: ContractDisclosureInput['contract']): ContractDisclosureInput => ({
  contract,
  cashPriceCents: null,
  downPaymentCents: null,
  amountDueAtSigningCents: null,
  parties: ['Pat Lee'],
  vehicle: null,
});

async function textOf(pdf: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('renderContractDisclosure', () => {
  it('shows one schedule row when the final payment is the regular one, and no sale price it was not given', async () => {
    const text = await textOf(await renderContractDisclosure(input(loan)));
    expect(text).toContain('11 $1,000.00 Monthly, beginning February 5, 2026');
    expect(text).not.toContain('Final payment');
    expect(text).not.toContain('Total sale price');
    expect(text).not.toContain('Cash price');
    expect(text).not.toContain('Vehicle:');
    // Ohio has no rule of its own: the lender's default, with its cap.
    expect(text).toContain('more than 10 days late, you will be charged 5% of the payment (at most $25.00).');
  });

  it('leaves out the amount due at signing of a lease boarded without it', async () => {
    const lease: ServicedLease = {
      ...loan,
      contractNumber: 'LSE-777777',
      kind: 'lease',
      grossCapCost: cents(3_000_000),
      capCostReduction: cents(0),
      adjustedCapCost: cents(3_000_000),
      residualValue: cents(1_800_000),
      depreciation: cents(1_200_000),
      rentCharge: cents(100_000),
      moneyFactor: '0.001',
      basePayment: cents(118_182),
      monthlyTax: cents(0),
      mileageAllowancePerYear: 10_000,
      excessMileageRateCents: 20,
      dispositionFee: cents(35_000),
      purchaseOptionPrice: cents(1_800_000),
    };
    const text = await textOf(await renderContractDisclosure(input(lease)));
    expect(text).toContain('Consumer lease disclosure');
    expect(text).not.toContain('Amount due at lease signing');
    expect(text).toContain('Total of base monthly payments $13,000.00');
  });

  it('gives the same bytes for the same contract', async () => {
    const first = await renderContractDisclosure(input(loan));
    expect((await renderContractDisclosure(input(loan))).equals(first)).toBe(true);
  });
});
