import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALLOCATION_ORDERS, allocatePayment, type Owed } from './allocation.ts';
import { cents } from './money.ts';

const owed = (o: { interest: number; fees: number; principal: number; billDue: number }): Owed => ({
  interest: cents(o.interest),
  fees: cents(o.fees),
  principal: cents(o.principal),
  billDue: cents(o.billDue),
});

describe('allocatePayment', () => {
  const bill = owed({ interest: 8_000, fees: 2_500, principal: 1_000_000, billDue: 37_742 });

  it('pays interest first, then the principal due, then fees, then extra to principal', () => {
    expect(allocatePayment(cents(37_742), bill, ALLOCATION_ORDERS.standard)).toEqual({
      interest: 8_000,
      principal: 29_742,
      fees: 0,
      unapplied: 0,
    });
    expect(allocatePayment(cents(50_000), bill, ALLOCATION_ORDERS.standard)).toEqual({
      interest: 8_000,
      principal: 39_500,
      fees: 2_500,
      unapplied: 0,
    });
  });

  it('puts a partial payment on interest before anything else', () => {
    expect(allocatePayment(cents(5_000), bill, ALLOCATION_ORDERS.standard)).toEqual({
      interest: 5_000,
      principal: 0,
      fees: 0,
      unapplied: 0,
    });
  });

  it('sends a principal-only payment to principal, leaving interest and fees owed', () => {
    expect(allocatePayment(cents(10_000), bill, ALLOCATION_ORDERS.principal_only)).toEqual({
      interest: 0,
      principal: 10_000,
      fees: 0,
      unapplied: 0,
    });
  });

  it('holds what is left after everything is paid as unapplied', () => {
    const small = owed({ interest: 100, fees: 0, principal: 5_000, billDue: 5_100 });
    expect(allocatePayment(cents(6_000), small, ALLOCATION_ORDERS.standard)).toEqual({
      interest: 100,
      principal: 5_000,
      fees: 0,
      unapplied: 900,
    });
  });

  it('never pays more than is owed in any bucket, and always accounts for every cent', () => {
    const arbitraryOwed = fc.record({
      interest: fc.integer({ min: 0, max: 1e6 }),
      fees: fc.integer({ min: 0, max: 1e5 }),
      principal: fc.integer({ min: 0, max: 1e8 }),
      billDue: fc.integer({ min: 0, max: 1e6 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2e8 }),
        arbitraryOwed,
        fc.constantFrom(...Object.values(ALLOCATION_ORDERS)),
        (amount, o, order) => {
          const a = allocatePayment(cents(amount), owed(o), order);
          expect(a.interest + a.principal + a.fees + a.unapplied).toBe(amount);
          expect(a.interest).toBeLessThanOrEqual(o.interest);
          expect(a.principal).toBeLessThanOrEqual(o.principal);
          expect(a.fees).toBeLessThanOrEqual(o.fees);
          for (const part of Object.values(a)) expect(part).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
