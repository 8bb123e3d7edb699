import type { BoardingContractInput } from '../servicing/boarding.schemas.ts';

/**
 * Contracts with known figures for tests. The loan is $20,000.00 at 5% for 60 months: $377.42 a
 * month (a figure every loan calculator publishes), final payment $377.74, finance charge $2,645.52.
 * The lease is $30,000 gross cap cost, $2,000 reduction, $16,500 residual, money factor 0.00125,
 * 36 months, 6% tax: base payment $375.07, tax $22.50, monthly payment $397.57, rent charge $2,002.52.
 */
const borrower = {
  kind: 'person' as const,
  customerNumber: 'CUST-0001',
  role: 'primary' as const,
  firstName: 'Ana',
  lastName: 'Diaz',
  dateOfBirth: '1985-03-02',
  taxIdLast4: '0123',
  email: 'ana.diaz@example.com',
  phone: '+12155550123',
  address: { line1: '1 Main Street', city: 'Philadelphia', state: 'PA', zip: '19103' },
};

const vehicle = {
  vin: '1HGCM82633A004352',
  year: 2026,
  make: 'Honda',
  model: 'Accord',
  trim: 'EX',
  condition: 'new' as const,
  odometer: 12,
};

export function loanContract(overrides: Partial<Record<string, unknown>> = {}): BoardingContractInput {
  return {
    type: 'retail_installment',
    contractNumber: 'RIC-000001',
    governingState: 'PA',
    contractDate: '2026-01-10',
    firstPaymentDate: '2026-02-10',
    termMonths: 60,
    paymentCents: 37_742,
    finalPaymentCents: 37_774,
    totalOfPaymentsCents: 2_264_552,
    cashPriceCents: 2_300_000,
    downPaymentCents: 300_000,
    amountFinancedCents: 2_000_000,
    aprPercent: '5',
    financeChargeCents: 264_552,
    parties: [borrower],
    vehicle,
    ...overrides,
  } as BoardingContractInput;
}

export function leaseContract(overrides: Partial<Record<string, unknown>> = {}): BoardingContractInput {
  return {
    type: 'lease',
    contractNumber: 'LSE-000001',
    governingState: 'TX',
    contractDate: '2026-03-15',
    firstPaymentDate: '2026-03-15',
    termMonths: 36,
    grossCapCostCents: 3_000_000,
    capCostReductionCents: 200_000,
    residualValueCents: 1_650_000,
    rentChargeCents: 200_252,
    moneyFactor: '0.00125',
    basePaymentCents: 37_507,
    monthlyTaxCents: 2_250,
    paymentCents: 39_757,
    totalOfPaymentsCents: 39_757 * 36 + 200_000,
    amountDueAtSigningCents: 239_757,
    mileageAllowancePerYear: 12_000,
    excessMileageRateCents: 25,
    dispositionFeeCents: 39_500,
    purchaseOptionPriceCents: 1_685_000,
    parties: [
      {
        ...borrower,
        customerNumber: 'CUST-0002',
        address: { ...borrower.address, state: 'TX', city: 'Austin', zip: '78701' },
      },
    ],
    vehicle: { ...vehicle, vin: '11111111111111111' },
    ...overrides,
  } as BoardingContractInput;
}
