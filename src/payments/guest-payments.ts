import { eq } from 'drizzle-orm';
import { accountLastFour, type BankAccount } from '../core/bank-account.ts';
import { compareDates } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { changeWindowEnd, dateInZone } from '../core/payment-dates.ts';
import { findContract, type ServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  contractParties,
  contracts,
  customers,
  formAttempts,
  paymentMethods,
  paymentOrders,
} from '../db/schema.ts';
import { admitFormTry, recentFormTries, sameSecret } from '../identity/index.ts';
import { formatMailInstant, renderMail, sendMail } from '../notifications/index.ts';
import { type AuditActor, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type Answer, once } from '../platform/idempotency.ts';
import { contractStatus, leaseOutstanding, loanPayoff, positionOf } from '../servicing/index.ts';
import type {
  GuestAccount,
  GuestIdentityRequest,
  GuestPaymentPreview,
  GuestPaymentReceipt,
  GuestPaymentRequest,
} from './guest-payments.schemas.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { bankAccountMethod, requireValidBankAccount, verifyBankAccount } from './payment-methods.ts';
import {
  businessNow,
  checkDailyLimit,
  newConfirmationNumber,
  type PaymentSettings,
  planPayment,
  postOrder,
} from './payments.ts';

/**
 * Guest payment (issue 6): someone who has not signed up, or cannot sign in, pays a contract with a
 * bank account. They prove the contract with the facts registration asks (contract number, ZIP code,
 * last four of the SSN or EIN); a mismatch answers one generic refusal whatever was wrong, so the
 * form reveals neither which contracts exist nor which fact failed. Then the payment is judged and
 * posted exactly as a signed-in one (`payments/payments.ts`); its bank account is a payment method of
 * no user that serves this one payment (never listed), and the receipt goes to the address given.
 *
 * Throttled twice: every try from one address counts (a proof-of-work challenge after a few in an
 * hour, refused after many, as the other public forms), and failed proofs on one contract number
 * count from any address, so guessing one contract's facts from many addresses meets the challenge too.
 */

export type GuestPaymentDeps = {
  db: Db;
  clock: Clock;
  settings: PaymentSettings;
  gateway: PaymentGateway;
  secretKey: Buffer;
  challengeKey: string;
};

export type GuestRequestMeta = { ip: string; requestId?: string | undefined };

/** Failed proofs on one contract number in an hour, from any address, before each try needs a challenge. */
export const GUEST_CONTRACT_CHALLENGE_AFTER = 3;

/** The audit actor of a guest: no user; the address and request id go with each event. */
const GUEST_ACTOR: AuditActor = { type: 'system', id: 'guest-payment' };

export const GUEST_NO_MATCH_MESSAGE =
  'We could not find an account with those details. Check the contract number, ZIP code and last four digits of the SSN or EIN.';

const noMatch = () => new DomainError('not_found', 'GUEST_PAYMENTS.NO_MATCH', GUEST_NO_MATCH_MESSAGE);

/**
 * The form_attempts key of failed proofs on a contract number. The table is keyed by address; a
 * contract number cannot be mistaken for one (no address starts with `contract:`).
 */
const contractKey = (contractNumber: string) => `contract:${contractNumber}`;

// Contract numbers are capitals, digits and hyphens (boarding checks): any case typed finds one.
const normalized = (contractNumber: string) => contractNumber.trim().toUpperCase();

/**
 * Admits one try of the guest payment forms from `ip` on `contractNumber`, or refuses it: 429
 * `FORM.TOO_MANY_TRIES` after many tries from the address, 401 `AUTH.CHALLENGE_REQUIRED` (with a
 * challenge to solve and send back) after a few from the address or after failed proofs on the
 * contract from anywhere. Only an admitted try is counted.
 */
export async function admitGuestTry(
  deps: Pick<GuestPaymentDeps, 'db' | 'clock' | 'challengeKey'>,
  ip: string,
  contractNumber: string,
  solution: string | undefined,
): Promise<void> {
  const failedProofs = await recentFormTries(
    deps.db,
    deps.clock,
    'guest_payment',
    contractKey(normalized(contractNumber)),
  );
  await admitFormTry(deps.db, deps.clock, deps.challengeKey, 'guest_payment', ip, solution, {
    challenge: failedProofs >= GUEST_CONTRACT_CHALLENGE_AFTER,
  });
}

type Party = { taxIdLast4: string; zip: string };

/**
 * Whether a party is the one these facts describe. Both facts are compared in constant time and
 * always both, as registration does, so the time taken says nothing about which one was wrong.
 */
function isDescribedBy(party: Party, facts: GuestIdentityRequest): boolean {
  const last4 = sameSecret(party.taxIdLast4, facts.taxIdLast4);
  // ZIP+4 on either side: the five-digit ZIP is what people know.
  const zip = sameSecret(party.zip.slice(0, 5), facts.zip.slice(0, 5));
  return last4 && zip;
}

/**
 * The contract number the facts prove (any party of the contract may pay it), or the generic
 * refusal; a failed proof is counted against the contract number as typed, for the throttle.
 */
async function proveContract(db: Db, clock: Clock, facts: GuestIdentityRequest): Promise<string> {
  const contractNumber = normalized(facts.contractNumber);
  const parties = await db
    .select({ taxIdLast4: customers.taxIdLast4, zip: customers.zip })
    .from(contracts)
    .innerJoin(contractParties, eq(contractParties.contractId, contracts.id))
    .innerJoin(customers, eq(customers.id, contractParties.customerId))
    .where(eq(contracts.contractNumber, contractNumber));
  if (!parties.some((p) => isDescribedBy(p, facts))) {
    await db
      .insert(formAttempts)
      .values({ form: 'guest_payment', ip: contractKey(contractNumber), occurredAt: clock.now() });
    throw noMatch();
  }
  return contractNumber;
}

/** The proven contract, if payments can still go to it. */
async function requireOpenContract(
  db: Db,
  contractNumber: string,
  options: { forUpdate?: boolean } = {},
): Promise<ServicedContract> {
  const contract = await findContract(db, contractNumber, options);
  if (!contract) throw noMatch();
  if (contract.status !== 'active') {
    throw new DomainError(
      'conflict',
      'CONTRACTS.NOT_ACTIVE',
      `Contract ${contractNumber} is ${contract.status.replace('_', ' ')}; it takes no payments.`,
    );
  }
  return contract;
}

/** The bank's refusal of an account (closed, no such account…), as the signed-in methods answer it. */
async function requireVerifiedAccount(gateway: PaymentGateway, account: BankAccount) {
  const verified = await verifyBankAccount(gateway, account);
  if (!verified.ok) {
    const { code, message, reason, fields } = verified.refusal;
    throw new DomainError('unprocessable', code, message, fields, { reason });
  }
  return verified.bankName;
}

/** The calendar day the daily maximum counts (in the cut-off's zone), as for signed-in payments. */
const limitDay = (deps: Pick<GuestPaymentDeps, 'clock' | 'settings'>) =>
  dateInZone(deps.clock.now(), deps.settings.cutoff.timeZone);

/**
 * Step one: the facts prove the contract, and the answer is what someone paying it needs to choose
 * an amount (what is due, the most a payment may be), as real portals show a guest who proved it.
 */
export async function identifyGuest(
  deps: GuestPaymentDeps,
  facts: GuestIdentityRequest,
): Promise<GuestAccount> {
  const { db, clock, settings } = deps;
  const contract = await requireOpenContract(db, await proveContract(db, clock, facts));
  const status = await contractStatus(db, clock, contract.contractNumber);
  const date = clock.today();
  // The ceiling the payment rules apply (payments/payments.ts planPayment), as of today.
  const payoffCents =
    contract.kind === 'lease'
      ? leaseOutstanding(await positionOf(db, contract, date))
      : loanPayoff(contract, await positionOf(db, contract, date), date, date).payoff;
  return {
    contractNumber: contract.contractNumber,
    today: date,
    amountDueCents: status.amountDueCents,
    pastDueCents: status.pastDueCents,
    nextDueDate: status.nextDueDate,
    nextDueAmountCents: status.nextDueAmountCents,
    payoffCents,
    cutoff: { time: settings.cutoffTime, timeZone: settings.cutoff.timeZone },
  };
}

const masked = (account: BankAccount, bankName: string | null) => ({
  accountType: account.accountType,
  bankName,
  last4: accountLastFour(account.accountNumber),
});

/** The review step: the same proof and checks as the payment, writing nothing but the try. */
export async function previewGuestPayment(
  deps: GuestPaymentDeps,
  request: GuestPaymentRequest,
): Promise<GuestPaymentPreview> {
  const { db, clock, settings } = deps;
  const account = requireValidBankAccount(request);
  const contract = await requireOpenContract(db, await proveContract(db, clock, request));
  const bankName = await requireVerifiedAccount(deps.gateway, account);
  const plan = await planPayment(db, clock, settings, contract, request);
  await checkDailyLimit(db, settings, { guestContractId: contract.id }, limitDay(deps), request.amountCents);
  return {
    contractNumber: contract.contractNumber,
    amountCents: request.amountCents,
    requestedDate: plan.requestedDate,
    effectiveDate: plan.effectiveDate,
    movedToNextBusinessDay: plan.effectiveDate !== plan.requestedDate,
    cutoff: { time: settings.cutoffTime, timeZone: settings.cutoff.timeZone },
    split: plan.split,
    payoffCents: plan.payoffCents,
    bankAccount: masked(account, bankName),
  };
}

/**
 * Makes the guest's payment (an `Idempotency-Key` per payment, scoped to the contract): the bank
 * account verified and stored for this payment only, the order and, when it is due today, its
 * posting, the audit event (the guest's WEB authorisation: address, time, email) and the receipt
 * mail, all in one transaction. The contract's row lock keeps the guests' daily maximum.
 */
export async function payAsGuest(
  deps: GuestPaymentDeps,
  request: GuestPaymentRequest,
  idempotencyKey: string,
  meta: GuestRequestMeta,
): Promise<Answer<GuestPaymentReceipt>> {
  const { db, clock, settings } = deps;
  const account = requireValidBankAccount(request);
  const contractNumber = await proveContract(db, clock, request);
  return db.transaction((tx) =>
    once<GuestPaymentReceipt>(tx, `guest:${contractNumber}`, idempotencyKey, request, async () => {
      const bankName = await requireVerifiedAccount(deps.gateway, account);
      const contract = await requireOpenContract(tx, contractNumber, { forUpdate: true });
      const plan = await planPayment(tx, clock, settings, contract, request);
      const now = clock.now();
      await checkDailyLimit(
        tx,
        settings,
        { guestContractId: contract.id },
        limitDay(deps),
        request.amountCents,
      );
      const [method] = await tx
        .insert(paymentMethods)
        .values({ ...bankAccountMethod(deps, account, bankName, undefined), userId: null, createdAt: now })
        .returning();
      const [order] = await tx
        .insert(paymentOrders)
        .values({
          confirmationNumber: newConfirmationNumber(),
          contractId: contract.id,
          paymentMethodId: method!.id,
          payerUserId: null,
          source: 'guest',
          guestEmail: request.email,
          guestName: account.holderName,
          amountCents: request.amountCents,
          intent: plan.intent,
          effectiveDate: plan.effectiveDate,
          status: 'scheduled',
          secCode: 'WEB',
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const audit = { actor: GUEST_ACTOR, requestId: meta.requestId, ip: meta.ip };
      const postsNow = compareDates(plan.effectiveDate, clock.today()) <= 0;
      // A bank debit is never declined here: the bank answers later, by a return.
      if (postsNow) await postOrder(tx, clock, deps.gateway, order!, method!, contractNumber, audit);
      await recordAudit(tx, {
        ...audit,
        action: 'payment_order.create',
        resource: { type: 'contract', id: contractNumber },
        details: {
          paymentOrderId: order!.id,
          confirmationNumber: order!.confirmationNumber,
          amountCents: request.amountCents,
          effectiveDate: plan.effectiveDate,
          paymentMethodId: method!.id,
          guest: { email: request.email, holderName: account.holderName },
        },
      });
      const receipt: GuestPaymentReceipt = {
        confirmationNumber: order!.confirmationNumber,
        contractNumber,
        amountCents: request.amountCents,
        effectiveDate: plan.effectiveDate,
        status: postsNow ? 'pending' : 'scheduled',
        bankAccount: masked(account, bankName),
        email: request.email,
      };
      await sendMail(tx, clock, {
        to: request.email,
        ...renderMail('payment-confirmation', {
          displayName: account.holderName,
          what: 'made',
          number: receipt.confirmationNumber,
          contractNumber,
          amount: formatUsd(cents(request.amountCents)),
          method: `${method!.nickname} (…${method!.last4})`,
          status: postsNow
            ? `It applies to your account on ${plan.effectiveDate}.`
            : `It is scheduled for ${plan.effectiveDate}. To change or cancel it, call us before ${formatMailInstant(changeWindowEnd(plan.effectiveDate, settings.cutoff, businessNow(clock)))}.`,
        }),
      });
      return { statusCode: 201, body: receipt };
    }),
  );
}
