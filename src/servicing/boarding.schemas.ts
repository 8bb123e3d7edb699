import { z } from 'zod';
import { ageOn, type CalendarDate, daysBetween } from '../core/dates.ts';
import { DAY_COUNTS } from '../core/simple-interest.ts';
import { checkVin } from '../core/vin.ts';
import {
  amountCents,
  aprPercent,
  calendarDateField,
  freeText,
  moneyFactor,
  optionalFreeText,
  positiveAmountCents,
  termMonths,
  usStateCode,
  zipCode,
} from '../platform/fields.schemas.ts';

/**
 * A contract as an origination system sends it for boarding: the disclosed terms exactly as the
 * customer signed them, the parties and the vehicle. Identities that must add up (Reg Z's amount
 * financed + finance charge = total of payments, Reg M's payment calculation) are checked here.
 */

/** A US mailing address: also what a customer changes in their profile (`accounts/profile.schemas.ts`). */
export const address = z.strictObject({
  line1: freeText('The street address', { max: 100 }),
  line2: optionalFreeText('The second address line', { max: 100 }),
  city: freeText('The city', { max: 60 }),
  state: usStateCode,
  zip: zipCode,
});

const partyCommon = {
  /** The origination system's id for this party; the same id on two contracts is one customer. */
  customerNumber: z
    .string({ error: 'The customer number is required.' })
    .regex(/^[A-Za-z0-9-]{1,40}$/, 'The customer number is 1–40 letters, digits or hyphens.'),
  role: z.enum(['primary', 'co_borrower', 'co_lessee', 'co_signer', 'guarantor'], {
    error: 'The role must be primary, co_borrower, co_lessee, co_signer or guarantor.',
  }),
  taxIdLast4: z.string().regex(/^\d{4}$/, 'The last four digits of the SSN or EIN must be exactly 4 digits.'),
  email: z.email('The email address is not valid.').max(254).optional(),
  phone: z
    .string()
    .regex(/^\+1\d{10}$/, 'The phone number must be a US number in E.164 form, such as +12155550123.')
    .optional(),
  address,
};

const person = z.strictObject({
  kind: z.literal('person'),
  firstName: freeText('The first name', { max: 60 }),
  lastName: freeText('The last name', { max: 60 }),
  dateOfBirth: calendarDateField('The date of birth'),
  ...partyCommon,
});

const business = z.strictObject({
  kind: z.literal('business'),
  businessName: freeText('The business name', { max: 120 }),
  ...partyCommon,
});

export const partySchema = z.discriminatedUnion('kind', [person, business], {
  error: 'Each party has a kind: person or business.',
});

const vehicle = z.strictObject({
  vin: z
    .string({ error: 'The VIN is required.' })
    .transform((v) => v.trim().toUpperCase())
    .superRefine((vin, ctx) => {
      const check = checkVin(vin);
      if (!check.valid) ctx.addIssue({ code: 'custom', message: check.reason });
    }),
  year: z
    .number()
    .int('The model year must be a whole number.')
    .min(1981, 'The model year must be 1981 or later.'),
  make: freeText('The make', { max: 40 }),
  model: freeText('The model', { max: 60 }),
  trim: optionalFreeText('The trim', { max: 60 }),
  condition: z.enum(['new', 'used'], { error: 'The condition must be new or used.' }),
  odometer: z
    .number()
    .int('The odometer must be whole miles.')
    .min(0, 'The odometer cannot be negative.')
    .max(1_500_000, 'The odometer cannot exceed 1,500,000 miles.'),
});

const contractCommon = {
  contractNumber: z
    .string({ error: 'The contract number is required.' })
    .regex(/^[A-Z0-9-]{6,20}$/, 'The contract number is 6–20 capital letters, digits or hyphens.'),
  governingState: usStateCode,
  contractDate: calendarDateField('The contract date'),
  firstPaymentDate: calendarDateField('The first payment date'),
  termMonths,
  paymentCents: positiveAmountCents('The monthly payment'),
  totalOfPaymentsCents: positiveAmountCents('The total of payments'),
  parties: z
    .array(partySchema, { error: 'The parties must be a list.' })
    .min(1, 'A contract has at least one party.')
    .max(4, 'A contract has at most four parties.'),
  vehicle,
};

const retailInstallment = z.strictObject({
  type: z.literal('retail_installment'),
  ...contractCommon,
  cashPriceCents: positiveAmountCents('The cash price'),
  downPaymentCents: amountCents('The down payment'),
  amountFinancedCents: positiveAmountCents('The amount financed'),
  aprPercent,
  financeChargeCents: amountCents('The finance charge'),
  finalPaymentCents: positiveAmountCents('The final payment'),
  /** How the contract counts interest days; actual/365 when it does not say. */
  dayCount: z.enum(DAY_COUNTS, { error: 'The day count must be actual/365 or actual/actual.' }).optional(),
});

const lease = z.strictObject({
  type: z.literal('lease'),
  ...contractCommon,
  grossCapCostCents: positiveAmountCents('The gross capitalized cost'),
  capCostReductionCents: amountCents('The capitalized cost reduction'),
  residualValueCents: positiveAmountCents('The residual value'),
  rentChargeCents: amountCents('The rent charge'),
  moneyFactor,
  basePaymentCents: positiveAmountCents('The base monthly payment'),
  monthlyTaxCents: amountCents('The monthly tax'),
  amountDueAtSigningCents: amountCents('The amount due at signing'),
  mileageAllowancePerYear: z
    .number()
    .int('The mileage allowance must be whole miles.')
    .min(1_000, 'The mileage allowance must be at least 1,000 miles a year.')
    .max(100_000, 'The mileage allowance cannot exceed 100,000 miles a year.'),
  excessMileageRateCents: amountCents('The excess-mileage rate').max(
    500,
    'The excess-mileage rate cannot exceed $5.00 a mile.',
  ),
  dispositionFeeCents: amountCents('The disposition fee'),
  purchaseOptionPriceCents: positiveAmountCents('The purchase-option price'),
});

type Issue = { path: (string | number)[]; message: string };

/** Rules that relate fields to each other; each issue names the field a person would correct. */
function crossFieldIssues(c: z.infer<typeof retailInstallment> | z.infer<typeof lease>): Issue[] {
  const issues: Issue[] = [];
  const contractDate = c.contractDate as CalendarDate;
  const firstPaymentDate = c.firstPaymentDate as CalendarDate;
  const lead = daysBetween(contractDate, firstPaymentDate);
  if (c.type === 'retail_installment' && (lead < 1 || lead > 60)) {
    issues.push({
      path: ['firstPaymentDate'],
      message: 'The first payment date must be 1 to 60 days after the contract date.',
    });
  }
  if (c.type === 'lease' && (lead < 0 || lead > 60)) {
    // A lease's first payment is often due at signing, so the same day is allowed.
    issues.push({
      path: ['firstPaymentDate'],
      message: 'The first payment date must be 0 to 60 days after the contract date.',
    });
  }
  const contractYear = Number(c.contractDate.slice(0, 4));
  if (c.vehicle.year > contractYear + 2) {
    issues.push({
      path: ['vehicle', 'year'],
      message: `The model year cannot be later than ${contractYear + 2}.`,
    });
  }

  const primaries = c.parties.filter((p) => p.role === 'primary').length;
  if (primaries !== 1)
    issues.push({ path: ['parties'], message: 'A contract has exactly one primary party.' });
  c.parties.forEach((p, i) => {
    if (p.role === 'co_borrower' && c.type === 'lease') {
      issues.push({ path: ['parties', i, 'role'], message: 'A lease has co-lessees, not co-borrowers.' });
    }
    if (p.role === 'co_lessee' && c.type === 'retail_installment') {
      issues.push({ path: ['parties', i, 'role'], message: 'A loan has co-borrowers, not co-lessees.' });
    }
    if (p.kind === 'person' && ageOn(p.dateOfBirth as CalendarDate, contractDate) < 18) {
      issues.push({
        path: ['parties', i, 'dateOfBirth'],
        message: 'A party must be at least 18 on the contract date.',
      });
    }
  });
  const numbers = c.parties.map((p) => p.customerNumber);
  if (new Set(numbers).size !== numbers.length) {
    issues.push({ path: ['parties'], message: 'The same customer appears twice on the contract.' });
  }

  if (c.type === 'retail_installment') {
    if (c.downPaymentCents >= c.cashPriceCents) {
      issues.push({
        path: ['downPaymentCents'],
        message: 'The down payment must be less than the cash price.',
      });
    }
    if (c.amountFinancedCents + c.financeChargeCents !== c.totalOfPaymentsCents) {
      issues.push({
        path: ['totalOfPaymentsCents'],
        message: 'The total of payments must equal the amount financed plus the finance charge.',
      });
    }
    if (c.paymentCents * (c.termMonths - 1) + c.finalPaymentCents !== c.totalOfPaymentsCents) {
      issues.push({
        path: ['finalPaymentCents'],
        message:
          'The payments (term − 1 regular payments plus the final payment) must add up to the total of payments.',
      });
    }
  } else {
    const adjusted = c.grossCapCostCents - c.capCostReductionCents;
    if (adjusted <= 0) {
      issues.push({
        path: ['capCostReductionCents'],
        message: 'The capitalized cost reduction must be less than the gross capitalized cost.',
      });
    } else if (c.residualValueCents >= adjusted) {
      issues.push({
        path: ['residualValueCents'],
        message: 'The residual value must be less than the adjusted capitalized cost.',
      });
    } else if (adjusted - c.residualValueCents + c.rentChargeCents !== c.basePaymentCents * c.termMonths) {
      issues.push({
        path: ['rentChargeCents'],
        message:
          'Depreciation (adjusted cap cost − residual) plus the rent charge must equal the base payment × term.',
      });
    }
    if (c.basePaymentCents + c.monthlyTaxCents !== c.paymentCents) {
      issues.push({
        path: ['paymentCents'],
        message: 'The monthly payment must equal the base payment plus the monthly tax.',
      });
    }
    if (c.totalOfPaymentsCents < c.paymentCents * c.termMonths) {
      issues.push({
        path: ['totalOfPaymentsCents'],
        message: 'The total of payments cannot be less than the monthly payment × term.',
      });
    }
  }
  return issues;
}

export const boardingContractSchema = z
  .discriminatedUnion('type', [retailInstallment, lease], {
    error: 'The type must be retail_installment or lease.',
  })
  .superRefine((c, ctx) => {
    for (const issue of crossFieldIssues(c)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type BoardingContract = z.output<typeof boardingContractSchema>;
export type BoardingParty = z.output<typeof partySchema>;
/** What an origination system sends (before trimming and upper-casing). */
export type BoardingContractInput = z.input<typeof boardingContractSchema>;
export type BoardingPartyInput = z.input<typeof partySchema>;
