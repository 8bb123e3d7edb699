import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertBalanced,
  LEDGER_ACCOUNTS,
  reversePostings,
  transfer,
  UnbalancedEntryError,
} from './ledger.ts';
import { cents } from './money.ts';

describe('journal entries', () => {
  it('accepts postings that sum to zero and refuses any that do not', () => {
    expect(() => assertBalanced(transfer('principal', 'dealer_payable', cents(2_000_000)))).not.toThrow();
    expect(() =>
      assertBalanced([
        { account: 'principal', amount: cents(100) },
        { account: 'cash_clearing', amount: cents(-99) },
      ]),
    ).toThrow(UnbalancedEntryError);
  });

  it('refuses a single leg and a zero leg', () => {
    expect(() => assertBalanced([{ account: 'principal', amount: cents(0) }])).toThrow(UnbalancedEntryError);
    expect(() =>
      assertBalanced([
        { account: 'principal', amount: cents(0) },
        { account: 'cash_clearing', amount: cents(0) },
      ]),
    ).toThrow(UnbalancedEntryError);
  });

  it('balances every transfer, and an entry plus its reversal leaves every account where it was', () => {
    const account = fc.constantFrom(...LEDGER_ACCOUNTS);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(account, account, fc.integer({ min: 1, max: 1e12 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (moves) => {
          const postings = moves.flatMap(([debit, credit, amount]) => transfer(debit, credit, cents(amount)));
          assertBalanced(postings);
          const net = new Map<string, number>();
          for (const p of [...postings, ...reversePostings(postings)])
            net.set(p.account, (net.get(p.account) ?? 0) + p.amount);
          expect([...net.values()].every((v) => v === 0)).toBe(true);
        },
      ),
    );
  });
});
