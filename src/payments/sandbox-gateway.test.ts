import { describe, expect, it } from 'vitest';
import { checkAccountNumber, checkRoutingNumber } from '../core/bank-account.ts';
import { calendarDate } from '../core/dates.ts';
import { fixedClock } from '../platform/clock.ts';
import {
  SANDBOX_ACH_RETURNS,
  SANDBOX_BANK_NAMES,
  SANDBOX_BANK_REFUSALS,
  SANDBOX_TEST_CARDS,
  sandboxPaymentGateway,
} from './sandbox-gateway.ts';

const key = Buffer.alloc(32, 3);
const clock = fixedClock(calendarDate('2026-11-20'));
const gateway = sandboxPaymentGateway(key, clock);
const account = {
  routingNumber: '021000021',
  accountNumber: '123456780000',
  accountType: 'checking' as const,
  holderName: 'Ana Lopez',
};
const card = (cardNumber: string, over: Partial<Record<string, string>> = {}) => ({
  cardNumber,
  expiry: '12/30',
  cvv: '123',
  holderName: 'Ana Lopez',
  ...over,
});
function tokenFor(cardNumber: string): string {
  const answer = gateway.issueCardToken(card(cardNumber));
  if (!answer.ok) throw new Error(JSON.stringify(answer.fields));
  return answer.token;
}

describe('sandbox bank account verification', () => {
  it('verifies any other account at a valid routing number, naming well-known banks', async () => {
    expect(await gateway.verifyBankAccount(account)).toEqual({ ok: true, bankName: 'JPMorgan Chase Bank' });
    expect(await gateway.verifyBankAccount({ ...account, routingNumber: '011000015' })).toEqual({
      ok: true,
      bankName: 'Federal Reserve Bank of Boston',
    });
    expect(await gateway.verifyBankAccount({ ...account, routingNumber: '123456780' })).toEqual({
      ok: true,
      bankName: 'Your bank',
    });
  });

  it.each([
    ['4000000002', 'account_closed', 'R02'],
    ['4000000003', 'no_account', 'R03'],
    ['4000000004', 'invalid_account', 'R04'],
    ['4000000020', 'not_debitable', 'R20'],
  ])('refuses test account %s as %s, saying the return code', async (accountNumber, reason, code) => {
    const answer = await gateway.verifyBankAccount({ ...account, accountNumber });
    expect(answer).toMatchObject({ ok: false, reason });
    expect(!answer.ok && answer.message).toContain(code);
  });

  it('answers unavailable for its outage test account', async () => {
    expect(await gateway.verifyBankAccount({ ...account, accountNumber: '4000000099' })).toMatchObject({
      ok: false,
      reason: 'unavailable',
    });
  });

  it('refuses a routing number that is not a bank’s', async () => {
    expect(await gateway.verifyBankAccount({ ...account, routingNumber: '021000022' })).toMatchObject({
      ok: false,
      reason: 'invalid_account',
    });
  });

  it('documents only numbers that pass the portal’s own checks, and returns only accounts that verify', () => {
    for (const routing of Object.keys(SANDBOX_BANK_NAMES)) expect(checkRoutingNumber(routing)).toBeNull();
    for (const number of [...Object.keys(SANDBOX_BANK_REFUSALS), ...Object.keys(SANDBOX_ACH_RETURNS)])
      expect(checkAccountNumber(number)).toBeNull();
    for (const number of Object.keys(SANDBOX_ACH_RETURNS))
      expect(SANDBOX_BANK_REFUSALS[number]).toBeUndefined();
    expect(SANDBOX_ACH_RETURNS['5000000001']).toBe('R01');
  });
});

describe('sandbox card tokens', () => {
  it('turns a test card into a token that describes it without its number', async () => {
    const answer = gateway.issueCardToken(card('4111 1111 1111 1111'));
    expect(answer).toMatchObject({ ok: true, brand: 'Visa', last4: '1111' });
    const token = answer.ok ? answer.token : '';
    expect(token).not.toContain('4111111111111111');
    expect(token.length).toBeLessThanOrEqual(400);
    expect(await gateway.describeCard(token)).toEqual({
      ok: true,
      brand: 'Visa',
      last4: '1111',
      expiryMonth: 12,
      expiryYear: 2030,
      holderName: 'Ana Lopez',
      fingerprint: expect.any(String),
      funding: 'debit',
    });
  });

  it('gives the same card the same fingerprint, another card another, and each token its own text', async () => {
    const [a, b, c] = [
      tokenFor('5555555555554444'),
      tokenFor('5555555555554444'),
      tokenFor('4111111111111111'),
    ];
    expect(a).not.toBe(b);
    const fingerprint = async (token: string) => {
      const d = await gateway.describeCard(token);
      return d.ok ? d.fingerprint : '';
    };
    expect(await fingerprint(a)).toBe(await fingerprint(b));
    expect(await fingerprint(a)).not.toBe(await fingerprint(c));
  });

  it('cannot be forged: an altered token, another key’s token or made-up text is unknown', async () => {
    const token = tokenFor('4111111111111111');
    const flipped = `${token.slice(0, -3)}${token.at(-3) === 'A' ? 'B' : 'A'}${token.slice(-2)}`;
    const otherKey = sandboxPaymentGateway(Buffer.alloc(32, 4), clock).issueCardToken(
      card('4111111111111111'),
    );
    for (const forged of [flipped, otherKey.ok ? otherKey.token : '', 'sbxcard_v1.a.b.c', 'tok_visa']) {
      expect(await gateway.describeCard(forged)).toMatchObject({ ok: false, reason: 'unknown_token' });
    }
  });

  it('survives a restart: a new gateway with the same key opens an earlier token', async () => {
    const token = tokenFor('4111111111111111');
    expect(await sandboxPaymentGateway(key, clock).describeCard(token)).toMatchObject({
      ok: true,
      last4: '1111',
    });
  });

  it('says what each test card is', async () => {
    for (const [number, { funding }] of Object.entries(SANDBOX_TEST_CARDS)) {
      expect(await gateway.describeCard(tokenFor(number))).toMatchObject({ ok: true, funding });
    }
    expect(SANDBOX_TEST_CARDS['4242424242424242']?.funding).toBe('credit');
  });

  it('refuses each wrong field with a message for it', () => {
    expect(
      gateway.issueCardToken({ cardNumber: '4111111111111112', expiry: '10/26', cvv: '12', holderName: ' ' }),
    ).toEqual({
      ok: false,
      fields: {
        cardNumber: 'This card number is not valid: check for a mistyped digit.',
        expiry: 'This card has expired. Use a card that is still valid.',
        cvv: 'The security code of a Visa card has 3 digits, on the back.',
        holderName: 'Enter the name as it is on the card.',
      },
    });
    expect(gateway.issueCardToken(card('378282246310005', { cvv: '123' }))).toMatchObject({
      ok: false,
      fields: { cvv: 'The security code of an American Express card has 4 digits, on the front.' },
    });
    expect(gateway.issueCardToken(card('4111111111111111', { expiry: '13/30' }))).toMatchObject({
      ok: false,
      fields: { expiry: 'Enter the expiry date as MM/YY.' },
    });
  });

  it('takes a card through the end of its expiry month', () => {
    expect(gateway.issueCardToken(card('4111111111111111', { expiry: '11/26' }))).toMatchObject({ ok: true });
  });

  it('takes only its test numbers, never a real-looking card', () => {
    expect(gateway.issueCardToken(card('4000056655665556'))).toMatchObject({
      ok: false,
      fields: { cardNumber: expect.stringContaining('test card numbers') },
    });
  });
});

describe('sandbox card charges', () => {
  const charge = (number: string, idempotencyKey: string) =>
    gateway.chargeCard({ token: tokenFor(number), amountCents: 12_345, idempotencyKey });

  it.each([
    ['4111111111111111', { ok: true }],
    ['4000000000000002', { ok: false, reason: 'declined' }],
    ['4000000000009995', { ok: false, reason: 'insufficient_funds' }],
    ['4000000000000069', { ok: false, reason: 'expired_card' }],
  ])('charges test card %s with the documented outcome', async (number, outcome) => {
    expect(await charge(number, `outcome-${number}`)).toMatchObject(outcome);
  });

  it('answers a retry with the same key exactly as the first time', async () => {
    const first = await charge('4111111111111111', 'retry-key-1');
    expect(first.ok).toBe(true);
    expect(await charge('4111111111111111', 'retry-key-1')).toEqual(first);
    expect(await charge('4111111111111111', 'retry-key-2')).not.toEqual(first);
  });

  it('refuses a card whose expiry month has passed by the charge date', async () => {
    const token = tokenFor('4111111111111111');
    const later = sandboxPaymentGateway(key, fixedClock(calendarDate('2031-01-01')));
    expect(await later.chargeCard({ token, amountCents: 100, idempotencyKey: 'late-1' })).toMatchObject({
      ok: false,
      reason: 'expired_card',
    });
  });

  it('does not charge a forged token', async () => {
    expect(
      await gateway.chargeCard({ token: 'sbxcard_v1.x.y.z', amountCents: 100, idempotencyKey: 'forged-1' }),
    ).toMatchObject({ ok: false, reason: 'unknown_token' });
  });
});
