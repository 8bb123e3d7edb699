import { z } from 'zod';
import { GRANT_PERMISSIONS } from '../core/policy.ts';
import { scheduleResponse } from '../servicing/servicing.schemas.ts';

/** The customer API's answers about accounts (`/api/v1/accounts…`): the server's responses and the web app's reading of them. */
const money = z.number().int();
const date = z.string().describe('YYYY-MM-DD');

const vehicleSummary = z
  .object({
    year: z.number().int(),
    make: z.string(),
    model: z.string(),
    trim: z.string().nullable(),
    vinLast6: z.string(),
  })
  .nullable();

const contractKind = z.enum(['retail_installment', 'lease']);
const contractState = z.enum(['active', 'paid_off', 'terminated']);

export const accountSummary = z.object({
  contractNumber: z.string(),
  kind: contractKind,
  status: contractState,
  role: z
    .enum(['primary', 'co_borrower', 'co_lessee', 'co_signer', 'guarantor', 'grantee'])
    .describe('A party’s role on the contract, or `grantee`: someone a holder gave access to'),
  grant: z
    .object({
      id: z.uuid(),
      permission: z.enum(GRANT_PERMISSIONS),
      grantedBy: z.string(),
      endsOn: date.nullable(),
    })
    .nullable()
    .describe('The grant a grantee sees the account by; null for the parties'),
  vehicle: vehicleSummary,
  balanceCents: money.describe('Loans: principal owed; leases: base payments still to come'),
  amountDueCents: money,
  pastDueCents: money,
  daysPastDue: z.number().int(),
  nextDueDate: date.nullable(),
  nextDueAmountCents: money,
  lastPayment: z.object({ date, amountCents: money }).nullable(),
  autopay: z
    .enum(['active', 'paused', 'suspended'])
    .nullable()
    .describe(
      'AutoPay on this contract: its status, or null when it is not set up (always null for a grantee)',
    ),
});

const due = z.object({
  amountDueCents: money,
  nextDueDate: date.nullable(),
  nextDueAmountCents: money,
  pastDueCents: money,
  daysPastDue: z.number().int(),
});

const commonTerms = {
  contractDate: date,
  firstPaymentDate: date,
  maturityDate: date,
  termMonths: z.number().int(),
  paymentCents: money.describe('The regular monthly payment (a lease: base payment plus tax)'),
  totalOfPaymentsCents: money,
};

const accountCommon = {
  contractNumber: z.string(),
  status: contractState,
  asOf: date,
  vehicle: vehicleSummary,
  due,
};

export const accountDetail = z.discriminatedUnion('kind', [
  z.object({
    ...accountCommon,
    kind: z.literal('retail_installment'),
    terms: z.object({
      ...commonTerms,
      amountFinancedCents: money,
      aprPercent: z.string(),
      financeChargeCents: money,
      finalPaymentCents: money,
    }),
    balances: z.object({
      principalCents: money,
      accruedInterestCents: money,
      feesCents: money,
      unappliedCents: money,
      perDiemCents: money,
    }),
  }),
  z.object({
    ...accountCommon,
    kind: z.literal('lease'),
    terms: z.object({
      ...commonTerms,
      grossCapCostCents: money,
      capCostReductionCents: money,
      adjustedCapCostCents: money,
      residualValueCents: money,
      depreciationCents: money,
      rentChargeCents: money,
      moneyFactor: z.string(),
      aprEquivalentPercent: z
        .string()
        .describe('Money factor × 2400, two decimals: a comparison aid, not an APR'),
      basePaymentCents: money,
      monthlyTaxCents: money,
      mileageAllowancePerYear: z.number().int(),
      mileageAllowanceTotal: z.number().int(),
      excessMileageRateCents: money.describe('Per mile over the allowance'),
      dispositionFeeCents: money,
      purchaseOptionPriceCents: money,
    }),
    balances: z.object({
      remainingBasePaymentsCents: money,
      feesCents: money,
      unappliedCents: money,
    }),
  }),
]);

const scheduledInstallment = scheduleResponse.shape.installments.element;

export const accountScheduleResponse = scheduleResponse.extend({
  installments: z.array(
    scheduledInstallment.extend({
      paidOn: z.array(date).describe('The dates of the payments that paid this installment'),
      interestPaidCents: money.nullable().describe('Loans: how much of what paid it went to interest'),
      principalPaidCents: money.nullable(),
      balanceAfterCents: money.nullable().describe('Loans: the principal left once it was paid'),
    }),
  ),
  totals: z.object({
    paidCents: money,
    interestPaidCents: money.nullable(),
    principalPaidCents: money.nullable(),
  }),
});

export type AccountSummary = z.infer<typeof accountSummary>;
export type AccountDetail = z.infer<typeof accountDetail>;
export type AccountSchedule = z.infer<typeof accountScheduleResponse>;
