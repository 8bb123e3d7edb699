import { type Cents, cents } from './money.ts';

/**
 * How a payment is split across what the customer owes. The order is data per product, not code:
 * a product names its waterfall, and `principal_only` payments skip straight to principal.
 *
 * - `interest`: interest posted and unpaid (accrued to the payment date, which posts first).
 * - `principal_due`: the principal part of the current bill (past-due and the next installment, less
 *   the interest in them), so a regular payment keeps the installments current before paying fees.
 * - `fees`: late and returned-payment fees.
 * - `principal`: any remaining principal ("extra to principal").
 * What is left when everything is paid goes to `unapplied` (owed back to the customer), so no
 * balance ever goes below zero.
 */
export const ALLOCATION_BUCKETS = ['interest', 'principal_due', 'fees', 'principal'] as const;
export type AllocationBucket = (typeof ALLOCATION_BUCKETS)[number];

export const ALLOCATION_ORDERS = {
  /** Retail installment, as a simple-interest borrower is told: interest, principal due, fees, then extra to principal. */
  standard: ['interest', 'principal_due', 'fees', 'principal'],
  /** A payment the customer marks "principal only": no interest or fees from it. */
  principal_only: ['principal'],
} as const satisfies Record<string, readonly AllocationBucket[]>;
export type AllocationOrderName = keyof typeof ALLOCATION_ORDERS;

export type Owed = {
  interest: Cents;
  fees: Cents;
  /** All unpaid principal. */
  principal: Cents;
  /** The unpaid part of the current bill (past due + next installment), which interest is paid from first. */
  billDue: Cents;
};

export type Allocation = { interest: Cents; principal: Cents; fees: Cents; unapplied: Cents };

export function allocatePayment(amount: Cents, owed: Owed, order: readonly AllocationBucket[]): Allocation {
  if (amount <= 0) throw new RangeError('A payment allocates a positive amount.');
  let left = amount as number;
  const paid = { interest: 0, principal: 0, fees: 0 };
  const take = (want: number) => {
    const part = Math.max(0, Math.min(left, want));
    left -= part;
    return part;
  };
  for (const bucket of order) {
    switch (bucket) {
      case 'interest':
        paid.interest += take(owed.interest - paid.interest);
        break;
      case 'principal_due': {
        const principalInBill = Math.max(0, owed.billDue - owed.interest);
        paid.principal += take(Math.min(principalInBill, owed.principal) - paid.principal);
        break;
      }
      case 'fees':
        paid.fees += take(owed.fees - paid.fees);
        break;
      case 'principal':
        paid.principal += take(owed.principal - paid.principal);
        break;
    }
  }
  return {
    interest: cents(paid.interest),
    principal: cents(paid.principal),
    fees: cents(paid.fees),
    unapplied: cents(left),
  };
}
