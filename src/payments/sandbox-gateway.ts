import { createHmac, randomUUID } from 'node:crypto';
import { checkHolderName, checkRoutingNumber } from '../core/bank-account.ts';
import { compareDates } from '../core/dates.ts';
import {
  CARD_BRAND_NAMES,
  type CardProblem,
  cardExpiryLastDay,
  checkCard,
  cvvLength,
  detectCardBrand,
} from '../core/payment-card.ts';
import { type TextVerdict, textProblemReason } from '../core/text.ts';
import type { Clock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import type {
  BankAccountVerification,
  CardCharge,
  CardDescription,
  PaymentGateway,
} from './payment-gateway.ts';

/**
 * The bundled sandbox payment gateway: it moves no money, but answers as a processor would, with a
 * documented test number for each outcome (docs/sandbox-gateway.md). Only its test card numbers are
 * accepted, so nobody's real card is ever typed into a demo portal.
 *
 * Its card tokens are self-describing: the card's brand, last four, expiry, name, fingerprint and
 * the outcome its test number stands for, sealed (AES-GCM) under a key derived from the portal's
 * secret key. So a token outlives a restart without a vault table, cannot be forged or altered, and
 * never holds the card number or CVV.
 */

export type SandboxFunding = 'debit' | 'credit' | 'prepaid';
export type SandboxChargeOutcome = 'approved' | 'declined' | 'insufficient_funds' | 'expired_card';

/** The test cards, by number: what kind of card each is and how a charge to it ends. */
export const SANDBOX_TEST_CARDS: Record<string, { funding: SandboxFunding; charge: SandboxChargeOutcome }> = {
  '4111111111111111': { funding: 'debit', charge: 'approved' },
  '5555555555554444': { funding: 'debit', charge: 'approved' },
  '6011111111111117': { funding: 'debit', charge: 'approved' },
  '4000000000000002': { funding: 'debit', charge: 'declined' },
  '4000000000009995': { funding: 'debit', charge: 'insufficient_funds' },
  '4000000000000069': { funding: 'debit', charge: 'expired_card' },
  '4242424242424242': { funding: 'credit', charge: 'approved' },
  '5105105105105100': { funding: 'prepaid', charge: 'approved' },
};

type BankRefusal = Extract<BankAccountVerification, { ok: false }>;

/** Account numbers the sandbox's verification refuses, as the bank's answer would (NACHA return codes). */
export const SANDBOX_BANK_REFUSALS: Record<string, BankRefusal> = {
  '4000000002': {
    ok: false,
    reason: 'account_closed',
    message: 'The bank says this account is closed (R02). Use another account.',
  },
  '4000000003': {
    ok: false,
    reason: 'no_account',
    message: 'The bank found no account with this number (R03). Check the routing and account numbers.',
  },
  '4000000004': {
    ok: false,
    reason: 'invalid_account',
    message: 'The bank says this is not a valid account number (R04). Check the account number.',
  },
  '4000000020': {
    ok: false,
    reason: 'not_debitable',
    message:
      'The bank does not allow debits from this account (R20). Use a checking or savings account that allows them.',
  },
  '4000000099': {
    ok: false,
    reason: 'unavailable',
    message: 'We could not reach the bank to check this account. Please try again in a few minutes.',
  },
};

/**
 * Accounts that verify, but whose debits the sandbox bank returns (read by the sandbox bank when it
 * answers an ACH file): R01 insufficient funds, R02 closed since, R07 authorization revoked, R08
 * payment stopped, R10 not authorized, R16 frozen. Any other verified account pays.
 */
export const SANDBOX_ACH_RETURNS: Record<string, string> = {
  '5000000001': 'R01',
  '5000000002': 'R02',
  '5000000007': 'R07',
  '5000000008': 'R08',
  '5000000010': 'R10',
  '5000000016': 'R16',
};

/** A few well-known routing numbers get their bank's name; any other valid one is "Your bank". */
export const SANDBOX_BANK_NAMES: Record<string, string> = {
  '011000015': 'Federal Reserve Bank of Boston',
  '021000021': 'JPMorgan Chase Bank',
  '026009593': 'Bank of America',
  '121000248': 'Wells Fargo Bank',
  '031176110': 'Capital One',
};
const OTHER_BANK_NAME = 'Your bank';

/** ISO/IEC 7813 leaves 26 characters for the name on a card. */
export const CARD_HOLDER_NAME_MAX_LENGTH = 26;

function holderNameMessage(problem: Exclude<TextVerdict, { ok: true }>['problem']): string {
  if (problem === 'empty') return 'Enter the name as it is on the card.';
  if (problem === 'too_long')
    return `The name on a card has at most ${CARD_HOLDER_NAME_MAX_LENGTH} characters.`;
  return `The name on the card ${textProblemReason(problem)}.`;
}

export type CardFieldInput = { cardNumber: string; expiry: string; cvv: string; holderName: string };
export type CardFieldName = keyof CardFieldInput;
export type CardTokenAnswer =
  | { ok: true; token: string; brand: string; last4: string }
  | { ok: false; fields: Partial<Record<CardFieldName, string>> };

export type SandboxPaymentGateway = PaymentGateway & {
  /** What the hosted card field posts: the card checked, then turned into a token (or why not, per field). */
  issueCardToken(input: CardFieldInput): CardTokenAnswer;
};

type SealedCard = {
  brand: string;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
  holderName: string;
  fingerprint: string;
  funding: SandboxFunding;
  charge: SandboxChargeOutcome;
};

/** Sealed as a JSON array, not an object, to keep tokens short. */
type SealedCardFields = [
  brand: string,
  last4: string,
  expiryMonth: number,
  expiryYear: number,
  holderName: string,
  fingerprint: string,
  funding: SandboxFunding,
  charge: SandboxChargeOutcome,
];

const TOKEN_PREFIX = 'sbxcard_';

function cardProblemMessage(problem: CardProblem, number: string): string {
  switch (problem.field) {
    case 'number':
      return {
        format: 'Enter the card number: digits only.',
        unknown_brand: 'This is not a card number we know. Check the first digits.',
        unsupported_brand: 'We take Visa, Mastercard, Discover and American Express debit cards.',
        length: 'This card number has too few or too many digits.',
        luhn: 'This card number is not valid: check for a mistyped digit.',
      }[problem.reason];
    case 'expiry':
      return {
        format: 'Enter the expiry date as MM/YY.',
        expired: 'This card has expired. Use a card that is still valid.',
        too_far: 'Check the expiry date: it is too far in the future.',
      }[problem.reason];
    case 'cvv': {
      if (problem.reason === 'format') return 'Enter the security code: digits only.';
      const brand = detectCardBrand(number);
      if (!brand) return 'The security code has 3 or 4 digits.';
      return brand === 'amex'
        ? 'The security code of an American Express card has 4 digits, on the front.'
        : `The security code of a ${CARD_BRAND_NAMES[brand]} card has ${cvvLength(brand)} digits, on the back.`;
    }
  }
}

const FIELD_OF_PROBLEM: Record<CardProblem['field'], CardFieldName> = {
  number: 'cardNumber',
  expiry: 'expiry',
  cvv: 'cvv',
};

function derivedKey(secretKey: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secretKey).update(`sandbox-gateway:${purpose}`).digest();
}

export function sandboxPaymentGateway(secretKey: Buffer, clock: Clock): SandboxPaymentGateway {
  const box = secretBox(derivedKey(secretKey, 'card-token'));
  const fingerprintKey = derivedKey(secretKey, 'card-fingerprint');
  // A processor keeps each charge under its idempotency key; the sandbox keeps them for the process's life.
  const charges = new Map<string, CardCharge>();

  function openToken(token: string): SealedCard | null {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    try {
      const [brand, last4, expiryMonth, expiryYear, holderName, fingerprint, funding, charge] = JSON.parse(
        box.open(token.slice(TOKEN_PREFIX.length)),
      ) as SealedCardFields;
      return { brand, last4, expiryMonth, expiryYear, holderName, fingerprint, funding, charge };
    } catch {
      return null;
    }
  }

  const unknownToken = {
    ok: false,
    reason: 'unknown_token',
    message: 'The card details are not valid any more. Enter the card again.',
  } as const;

  return {
    async verifyBankAccount(account): Promise<BankAccountVerification> {
      if (checkRoutingNumber(account.routingNumber)) {
        return { ok: false, reason: 'invalid_account', message: 'This routing number is not a bank’s.' };
      }
      const refusal = SANDBOX_BANK_REFUSALS[account.accountNumber];
      if (refusal) return refusal;
      return { ok: true, bankName: SANDBOX_BANK_NAMES[account.routingNumber] ?? OTHER_BANK_NAME };
    },

    async describeCard(token): Promise<CardDescription> {
      const card = openToken(token);
      if (!card) return unknownToken;
      return {
        ok: true,
        brand: card.brand,
        last4: card.last4,
        expiryMonth: card.expiryMonth,
        expiryYear: card.expiryYear,
        holderName: card.holderName,
        fingerprint: card.fingerprint,
        funding: card.funding,
      };
    },

    async chargeCard({ token, amountCents, idempotencyKey }): Promise<CardCharge> {
      const earlier = charges.get(idempotencyKey);
      if (earlier) return earlier;
      if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
        throw new RangeError('A charge is a positive whole number of cents.');
      }
      const card = openToken(token);
      const expired =
        card &&
        compareDates(cardExpiryLastDay({ month: card.expiryMonth, year: card.expiryYear }), clock.today()) <
          0;
      const result: CardCharge = !card
        ? unknownToken
        : expired || card.charge === 'expired_card'
          ? { ok: false, reason: 'expired_card', message: 'The card has expired.' }
          : card.charge === 'declined'
            ? { ok: false, reason: 'declined', message: 'The card issuer declined the payment.' }
            : card.charge === 'insufficient_funds'
              ? {
                  ok: false,
                  reason: 'insufficient_funds',
                  message: 'The card issuer declined the payment: not enough funds.',
                }
              : { ok: true, reference: `sbxch_${randomUUID()}` };
      charges.set(idempotencyKey, result);
      return result;
    },

    issueCardToken(input): CardTokenAnswer {
      const fields: Partial<Record<CardFieldName, string>> = {};
      const checked = checkCard(
        { number: input.cardNumber, expiry: input.expiry, cvv: input.cvv },
        clock.today(),
      );
      if (!checked.ok) {
        for (const problem of checked.problems)
          fields[FIELD_OF_PROBLEM[problem.field]] = cardProblemMessage(problem, input.cardNumber);
      }
      // Judged as the portal judges a holder name: the name becomes the payment method's.
      const holder = checkHolderName(input.holderName, CARD_HOLDER_NAME_MAX_LENGTH);
      const holderName = holder.ok ? holder.value : '';
      if (!holder.ok) fields.holderName = holderNameMessage(holder.problem);
      const testCard = checked.ok ? SANDBOX_TEST_CARDS[checked.card.number] : undefined;
      if (checked.ok && !testCard) {
        fields.cardNumber =
          'This is the sandbox gateway: it takes only its test card numbers, never a real card.';
      }
      if (!checked.ok || !testCard || Object.keys(fields).length > 0) return { ok: false, fields };
      const { card } = checked;
      const brand = CARD_BRAND_NAMES[card.brand];
      const fingerprint = createHmac('sha256', fingerprintKey).update(card.number).digest('base64url');
      const sealed: SealedCardFields = [
        brand,
        card.lastFour,
        card.expiry.month,
        card.expiry.year,
        holderName,
        fingerprint.slice(0, 22),
        testCard.funding,
        testCard.charge,
      ];
      return {
        ok: true,
        token: TOKEN_PREFIX + box.seal(JSON.stringify(sealed)),
        brand,
        last4: card.lastFour,
      };
    },
  };
}
