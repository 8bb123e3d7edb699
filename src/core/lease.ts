import { decimal } from './decimal.ts';
import { addCents, type Cents, multiplyCents, subtractCents } from './money.ts';
import { roundLeaseBasePayment, roundPercentForDisplay, roundSalesTax } from './rounding.ts';

/**
 * The payment calculation a closed-end consumer lease discloses under Regulation M §1013.4(f):
 * gross capitalized cost − capitalized cost reduction = adjusted capitalized cost;
 * adjusted capitalized cost − residual value = depreciation (and amortized amounts);
 * base monthly payment = depreciation / term + (adjusted capitalized cost + residual) × money factor;
 * total of base payments = base payment × term; rent charge = total of base payments − depreciation;
 * monthly payment = base payment + sales tax on it.
 */
export type LeaseTerms = {
  grossCapCost: Cents;
  capCostReduction: Cents;
  residualValue: Cents;
  /** The money factor as an exact decimal string ("0.00125"). */
  moneyFactor: string;
  termMonths: number;
  /** Sales or use tax on the monthly payment, in percent ("6.25"). */
  taxRatePercent: string;
};

export type LeaseDisclosure = {
  adjustedCapCost: Cents;
  depreciation: Cents;
  rentCharge: Cents;
  totalOfBasePayments: Cents;
  basePayment: Cents;
  tax: Cents;
  payment: Cents;
  /** The money factor × 2400: the APR a lessee is usually told it resembles (not a Reg Z APR). */
  aprEquivalentPercent: string;
};

/** Terms no lease can have; the API's schema rejects them first, so reaching this is a bug upstream. */
export class LeaseTermsError extends Error {
  override name = 'LeaseTermsError';
  readonly field: keyof LeaseTerms;
  constructor(field: keyof LeaseTerms, message: string) {
    super(message);
    this.field = field;
  }
}

export function discloseLease(terms: LeaseTerms): LeaseDisclosure {
  const adjustedCapCost = subtractCents(terms.grossCapCost, terms.capCostReduction);
  if (adjustedCapCost <= 0) {
    throw new LeaseTermsError(
      'capCostReduction',
      'The capitalized cost reduction must be less than the gross capitalized cost.',
    );
  }
  if (terms.residualValue >= adjustedCapCost) {
    throw new LeaseTermsError(
      'residualValue',
      'The residual value must be less than the adjusted capitalized cost.',
    );
  }
  const depreciation = subtractCents(adjustedCapCost, terms.residualValue);
  const monthlyRent = decimal(addCents(adjustedCapCost, terms.residualValue)).mul(terms.moneyFactor);
  const basePayment = roundLeaseBasePayment(decimal(depreciation).div(terms.termMonths).plus(monthlyRent));
  const totalOfBasePayments = multiplyCents(basePayment, terms.termMonths);
  const tax = roundSalesTax(decimal(basePayment).mul(terms.taxRatePercent).div(100));
  return {
    adjustedCapCost,
    depreciation,
    rentCharge: subtractCents(totalOfBasePayments, depreciation),
    totalOfBasePayments,
    basePayment,
    tax,
    payment: addCents(basePayment, tax),
    aprEquivalentPercent: moneyFactorAprEquivalent(terms.moneyFactor),
  };
}

/** The money factor × 2400, as a percent for people ("0.00125" → "3.00"): a comparison aid, not a Reg Z APR. */
export function moneyFactorAprEquivalent(moneyFactor: string): string {
  return roundPercentForDisplay(decimal(moneyFactor).mul(2400));
}
