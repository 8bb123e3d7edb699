import { type Cents, cents, negateCents } from './money.ts';

/**
 * Double-entry postings for a contract. Amounts are signed: a debit is positive, a credit negative,
 * and the postings of one journal entry sum to exactly zero. Balances are sums of postings.
 */
export const LEDGER_ACCOUNTS = [
  // What the customer owes (asset side, debit-normal).
  'principal',
  'interest',
  'fees',
  'lease_receivable',
  // What the lender owes: money received and not yet applied (credit-normal), and sales tax
  // collected with lease payments for the state.
  'unapplied',
  'sales_tax_payable',
  // The other side of each movement.
  'cash_clearing',
  'dealer_payable',
  'lease_unearned',
  'interest_income',
  'fee_income',
] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

/** Why money moved. Each journal entry carries one. */
export const ENTRY_CODES = [
  'BOARDING',
  'PAYMENT',
  'PAYMENT_RETURN',
  'INTEREST',
  'LATE_FEE',
  'RETURN_FEE',
  'WAIVER',
  'PAYOFF',
] as const;
export type EntryCode = (typeof ENTRY_CODES)[number];

export type Posting = { account: LedgerAccount; amount: Cents };

export class UnbalancedEntryError extends Error {
  override name = 'UnbalancedEntryError';
}

export function assertBalanced(postings: readonly Posting[]): void {
  if (postings.length < 2) throw new UnbalancedEntryError('A journal entry needs at least two postings.');
  let sum = 0;
  for (const p of postings) {
    if (p.amount === 0) throw new UnbalancedEntryError(`A posting to ${p.account} has no amount.`);
    sum += p.amount;
  }
  if (sum !== 0) throw new UnbalancedEntryError(`Postings sum to ${sum} cents, not zero.`);
}

/** Moves `amount` from `credit` to `debit`: the two-legged entry most events are. */
export function transfer(debit: LedgerAccount, credit: LedgerAccount, amount: Cents): Posting[] {
  return [
    { account: debit, amount },
    { account: credit, amount: negateCents(amount) },
  ];
}

/** Interest accrued through a posting date becomes receivable (and income). */
export function interestAccrual(amount: Cents): Posting[] {
  return transfer('interest', 'interest_income', amount);
}

/** A fee charged to the account. */
export function feeCharge(amount: Cents): Posting[] {
  return transfer('fees', 'fee_income', amount);
}

/**
 * Money received: the cash side for the whole amount, and each part of the allocation off what the
 * customer owes (zero parts are left out, so every posting has an amount).
 */
export function paymentReceived(
  amount: Cents,
  parts: Partial<
    Record<'interest' | 'principal' | 'fees' | 'unapplied' | 'lease_receivable' | 'sales_tax_payable', Cents>
  >,
): Posting[] {
  const credits = Object.entries(parts)
    .filter(([, value]) => value !== undefined && value !== 0)
    .map(([account, value]) => ({ account: account as LedgerAccount, amount: negateCents(value as Cents) }));
  return [{ account: 'cash_clearing', amount }, ...credits];
}

/** The reversing postings of an entry: every leg negated, so the pair sums to nothing. */
export function reversePostings(postings: readonly Posting[]): Posting[] {
  return postings.map((p) => ({ account: p.account, amount: cents(-p.amount) }));
}
