import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The database schema. Money is `bigint` cents (read back as JS numbers and checked as safe
 * integers in the mappers), rates are exact `numeric`, business dates are `date` kept as strings,
 * instants are `timestamptz`.
 */

const cents = (name: string) => bigint(name, { mode: 'number' });
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const businessDate = (name: string) => date(name, { mode: 'string' });
/** Binary content (a rendered PDF); PGlite and node-postgres both hand it back as bytes. */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** Legal parties: a person or a business. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['person', 'business'] }).notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    businessName: text('business_name'),
    dateOfBirth: businessDate('date_of_birth'),
    /** Last four digits of the SSN (person) or EIN (business): what registration asks to prove a party. */
    taxIdLast4: text('tax_id_last4').notNull(),
    email: text('email'),
    /** The main phone on file (E.164), and the others a customer may add in the profile. */
    phone: text('phone'),
    mobilePhone: text('mobile_phone'),
    workPhone: text('work_phone'),
    addressLine1: text('address_line1').notNull(),
    addressLine2: text('address_line2'),
    city: text('city').notNull(),
    state: text('state').notNull(),
    zip: text('zip').notNull(),
    /** The origination system's id for the party, so one party on many contracts is one customer. */
    externalId: text('external_id').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_external_id_key').on(t.externalId),
    check(
      'customers_name_by_kind',
      sql`(${t.kind} = 'person' and ${t.firstName} is not null and ${t.lastName} is not null and ${t.dateOfBirth} is not null)
        or (${t.kind} = 'business' and ${t.businessName} is not null)`,
    ),
  ],
);

/** Login identities. A user acts for customers through relationships (identity issue). */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The User ID a person signs in with, kept in the case they chose; unique ignoring case. */
    loginId: text('login_id').notNull(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    kind: text('kind', { enum: ['customer', 'staff'] }).notNull(),
    staffRole: text('staff_role', { enum: ['agent', 'supervisor', 'admin'] }),
    customerId: uuid('customer_id').references(() => customers.id),
    passwordHash: text('password_hash'),
    /** Consecutive failed sign-in steps (password or code); the 10th locks the account. */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: instant('locked_until'),
    /** The authenticator-app secret, encrypted (AES-256-GCM) with the portal's secret key. */
    totpSecretSealed: text('totp_secret_sealed'),
    /** The last TOTP time step accepted, so each code works once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** A secret being enrolled: it becomes the factor once the user proves it with a code. */
    totpPendingSealed: text('totp_pending_sealed'),
    /** A mobile number in E.164 form (+15551234567), and when the user proved it with a code. */
    phone: text('phone'),
    phoneVerifiedAt: instant('phone_verified_at'),
    /** One-time codes by email or SMS, each a second factor the user turned on. */
    emailCodesEnabled: boolean('email_codes_enabled').notNull().default(false),
    smsCodesEnabled: boolean('sms_codes_enabled').notNull().default(false),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_login_id_key').on(sql`lower(${t.loginId})`),
    check('users_staff_role', sql`(${t.kind} = 'staff') = (${t.staffRole} is not null)`),
    // A contract's people are found through their customer (notices, statements, AutoPay mail).
    index('users_customer').on(t.customerId),
  ],
);

export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractNumber: text('contract_number').notNull(),
    kind: text('kind', { enum: ['retail_installment', 'lease'] }).notNull(),
    status: text('status', { enum: ['active', 'paid_off', 'terminated'] })
      .notNull()
      .default('active'),
    /** While paid off: the date of the payment that paid it (the final statement closes on it). */
    paidOffOn: businessDate('paid_off_on'),
    /** The state whose law governs the contract (late fees, returned-payment fees). */
    governingState: text('governing_state').notNull(),
    contractDate: businessDate('contract_date').notNull(),
    firstPaymentDate: businessDate('first_payment_date').notNull(),
    maturityDate: businessDate('maturity_date').notNull(),
    /** Day of the month installments fall due; 29–31 roll to a shorter month's last day. */
    dueDay: integer('due_day').notNull(),
    termMonths: integer('term_months').notNull(),
    /** The regular periodic payment (for a lease, the total monthly payment with tax). */
    paymentCents: cents('payment_cents').notNull(),
    totalOfPaymentsCents: cents('total_of_payments_cents').notNull(),
    // Retail installment (Reg Z §1026.18).
    cashPriceCents: cents('cash_price_cents'),
    downPaymentCents: cents('down_payment_cents'),
    amountFinancedCents: cents('amount_financed_cents'),
    financeChargeCents: cents('finance_charge_cents'),
    aprPercent: numeric('apr_percent', { precision: 7, scale: 4 }),
    finalPaymentCents: cents('final_payment_cents'),
    // Lease (Reg M §1013.4).
    grossCapCostCents: cents('gross_cap_cost_cents'),
    capCostReductionCents: cents('cap_cost_reduction_cents'),
    adjustedCapCostCents: cents('adjusted_cap_cost_cents'),
    residualValueCents: cents('residual_value_cents'),
    depreciationCents: cents('depreciation_cents'),
    rentChargeCents: cents('rent_charge_cents'),
    moneyFactor: numeric('money_factor', { precision: 9, scale: 7 }),
    basePaymentCents: cents('base_payment_cents'),
    monthlyTaxCents: cents('monthly_tax_cents'),
    amountDueAtSigningCents: cents('amount_due_at_signing_cents'),
    mileageAllowancePerYear: integer('mileage_allowance_per_year'),
    excessMileageRateCents: cents('excess_mileage_rate_cents'),
    dispositionFeeCents: cents('disposition_fee_cents'),
    purchaseOptionPriceCents: cents('purchase_option_price_cents'),
    /** Day-count basis of daily simple interest (loans): 'actual/365' unless the contract says 'actual/actual'. */
    dayCount: text('day_count', { enum: ['actual/365', 'actual/actual'] })
      .notNull()
      .default('actual/365'),
    /** Payment waterfall by name (see core/allocation.ts ALLOCATION_ORDERS). */
    allocationOrder: text('allocation_order').notNull().default('standard'),
    /** The date through which interest has been posted to the ledger (loans); accrual continues from here. */
    interestPostedThrough: businessDate('interest_posted_through'),
    /** The APR recomputed from the disclosed payment schedule (Reg Z Appendix J) at boarding, and whether the
     * disclosed APR is within the §1026.22 tolerance of it. */
    computedAprPercent: numeric('computed_apr_percent', { precision: 7, scale: 4 }),
    aprWithinTolerance: boolean('apr_within_tolerance'),
    /** SHA-256 of the boarded input: boarding the same contract again is a no-op, different input a conflict. */
    boardingHash: text('boarding_hash').notNull(),
    boardedAt: instant('boarded_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contracts_contract_number_key').on(t.contractNumber),
    check('contracts_due_day', sql`${t.dueDay} between 1 and 31`),
    check('contracts_term', sql`${t.termMonths} between 1 and 96`),
    check(
      'contracts_terms_by_kind',
      sql`(${t.kind} = 'retail_installment' and ${t.amountFinancedCents} > 0 and ${t.aprPercent} is not null
            and ${t.financeChargeCents} is not null and ${t.finalPaymentCents} is not null)
        or (${t.kind} = 'lease' and ${t.adjustedCapCostCents} > 0 and ${t.residualValueCents} > 0
            and ${t.moneyFactor} is not null and ${t.mileageAllowancePerYear} is not null)`,
    ),
  ],
);

export const contractParties = pgTable(
  'contract_parties',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    role: text('role', { enum: ['primary', 'co_borrower', 'co_lessee', 'co_signer', 'guarantor'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.contractId, t.customerId] }),
    index('contract_parties_customer').on(t.customerId),
  ],
);

export const vehicles = pgTable(
  'vehicles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    vin: text('vin').notNull(),
    year: integer('year').notNull(),
    make: text('make').notNull(),
    model: text('model').notNull(),
    trim: text('trim'),
    condition: text('condition', { enum: ['new', 'used'] }).notNull(),
    odometerAtContract: integer('odometer_at_contract').notNull(),
  },
  (t) => [index('vehicles_contract').on(t.contractId), index('vehicles_vin').on(t.vin)],
);

export const journalEntries = pgTable(
  'journal_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    code: text('code').notNull(),
    /** The business date the money moved on, apart from when it was recorded. */
    effectiveDate: businessDate('effective_date').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    memo: text('memo'),
    reversesEntryId: bigint('reverses_entry_id', { mode: 'number' }),
  },
  (t) => [
    index('journal_entries_contract').on(t.contractId, t.effectiveDate),
    uniqueIndex('journal_entries_reversal_once').on(t.reversesEntryId),
  ],
);

export const postings = pgTable(
  'postings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => journalEntries.id),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    account: text('account').notNull(),
    amountCents: cents('amount_cents').notNull(),
  },
  (t) => [
    index('postings_entry').on(t.entryId),
    index('postings_contract_account').on(t.contractId, t.account),
  ],
);

/** Balances cached per contract and account, updated in the transaction that posts; checked against postings. */
export const ledgerBalances = pgTable(
  'ledger_balances',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    account: text('account').notNull(),
    balanceCents: cents('balance_cents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.account] })],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
    actorType: text('actor_type', { enum: ['user', 'staff', 'api_key', 'system'] }).notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    requestId: text('request_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_events_resource').on(t.resourceType, t.resourceId),
    index('audit_events_time').on(t.occurredAt),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The public part of the key, used to find it; the secret part is stored only as a SHA-256 hash. */
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    role: text('role', { enum: ['boarding', 'servicing'] }).notNull(),
    label: text('label').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_prefix_key').on(t.prefix)],
);

/**
 * Money received on a contract, with how it was applied. A reversal (a returned or mistaken payment)
 * never edits the amounts: it writes a reversing journal entry and records it here.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    amountCents: cents('amount_cents').notNull(),
    receivedOn: businessDate('received_on').notNull(),
    channel: text('channel', { enum: ['check', 'lockbox', 'wire', 'phone', 'ach', 'card'] }).notNull(),
    reference: text('reference'),
    intent: text('intent', { enum: ['regular', 'principal_only', 'payoff'] }).notNull(),
    status: text('status', { enum: ['posted', 'reversed'] })
      .notNull()
      .default('posted'),
    interestCents: cents('interest_cents').notNull(),
    principalCents: cents('principal_cents').notNull(),
    feesCents: cents('fees_cents').notNull(),
    unappliedCents: cents('unapplied_cents').notNull(),
    /** Lease payments: the part that paid base rent (lease receivable) and the part that paid sales tax. */
    leaseReceivableCents: cents('lease_receivable_cents').notNull().default(0),
    salesTaxCents: cents('sales_tax_cents').notNull().default(0),
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => journalEntries.id),
    reversalEntryId: bigint('reversal_entry_id', { mode: 'number' }).references(() => journalEntries.id),
    reversalReason: text('reversal_reason'),
    reversedOn: businessDate('reversed_on'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('payments_contract').on(t.contractId, t.receivedOn)],
);

/** Fees charged once per cause: a late fee once per late installment, a return fee once per returned payment. */
export const feeAssessments = pgTable(
  'fee_assessments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    kind: text('kind', { enum: ['late', 'returned_payment'] }).notNull(),
    /** What the fee is for: the installment number (late) or the payment id (returned payment). */
    cause: text('cause').notNull(),
    amountCents: cents('amount_cents').notNull(),
    assessedOn: businessDate('assessed_on').notNull(),
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => journalEntries.id),
  },
  (t) => [uniqueIndex('fee_assessments_once').on(t.contractId, t.kind, t.cause)],
);

/**
 * Idempotency keys of money-moving requests: the same key with the same body answers the stored
 * response; the same key with another body is a conflict. Scoped to the caller (API key or user).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** One row of portal-wide state: the business date (movable only in time-travel mode) and the last daily cycle run. */
export const systemState = pgTable(
  'system_state',
  {
    id: integer('id').primaryKey().default(1),
    businessDate: businessDate('business_date'),
    lastCycleDate: businessDate('last_cycle_date'),
  },
  (t) => [check('system_state_one_row', sql`${t.id} = 1`)],
);

/**
 * Server-side sessions. The cookie carries a random token; only its SHA-256 is stored. A session is
 * `pending` between a right password and the second factor (`enrolling` when the user has none yet
 * and must set one up before going on), then `active`; it ends when idle too long,
 * at its absolute expiry, or when revoked (sign out, sign out everywhere, password reset).
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    state: text('state', { enum: ['pending', 'enrolling', 'active'] }).notNull(),
    createdAt: instant('created_at').notNull(),
    /** When the user last proved who they are here (sign-in or step-up): sensitive changes need it recent. */
    reauthenticatedAt: instant('reauthenticated_at'),
    lastSeenAt: instant('last_seen_at').notNull(),
    idleExpiresAt: instant('idle_expires_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Single-use recovery codes, stored hashed. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
);

/** Every sign-in step, successful or not: the login history a customer sees and staff investigate. */
export const signInEvents = pgTable(
  'sign_in_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').references(() => users.id),
    occurredAt: instant('occurred_at').notNull(),
    result: text('result', {
      enum: [
        'password_ok',
        'signed_in',
        'bad_password',
        'unknown_user',
        'locked',
        'bad_code',
        'no_factor',
        'bad_passkey',
        'stepped_up',
        'bad_step_up',
      ],
    }).notNull(),
    /** The User ID as typed (lower case), known or not, so failures count alike for both. */
    attemptedLoginId: text('attempted_login_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('sign_in_events_user').on(t.userId, t.occurredAt),
    index('sign_in_events_ip').on(t.ip, t.occurredAt),
    index('sign_in_events_attempted').on(t.attemptedLoginId, t.occurredAt),
  ],
);

/** Proof-of-work challenges already redeemed, so a solved challenge works once (kept until it expires). */
export const redeemedChallenges = pgTable('redeemed_challenges', {
  signature: text('signature').primaryKey(),
  expiresAt: instant('expires_at').notNull(),
});

/**
 * Mail waiting to go out, and mail that went. A service writes a message here in the transaction of
 * the action it reports, so both commit or neither does; a deliverer sends unsent rows over SMTP and
 * retries a failure later (`next_attempt_at`, which also keeps two deliverers off the same row).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** `sms` rows are text messages the sandbox SMS gateway recorded (subject and html empty). */
    channel: text('channel', { enum: ['email', 'sms'] })
      .notNull()
      .default('email'),
    /** Which template made it (`password-reset`), for support and tests. */
    template: text('template').notNull(),
    createdAt: instant('created_at').notNull(),
    sentAt: instant('sent_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: instant('next_attempt_at').notNull(),
  },
  (t) => [index('outbox_unsent').on(t.nextAttemptAt).where(sql`${t.sentAt} is null`)],
);

/**
 * Password-reset links: 32 random bytes in the link, only their SHA-256 here. Valid for an hour and
 * once (`used_at`, set by the one UPDATE that may use it).
 */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('password_reset_tokens_hash_key').on(t.tokenHash),
    index('password_reset_tokens_user').on(t.userId),
  ],
);

/**
 * One-time codes sent by email or SMS: 6 digits, 10 minutes, stored as a keyed hash. A sign-in code is
 * bound to the pending session that asked for it; `attempts` counts wrong guesses at this code, and
 * a resend makes a new row, so it never resets a count.
 */
export const oneTimeCodes = pgTable(
  'one_time_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose', { enum: ['sign_in', 'step_up', 'verify_phone'] }).notNull(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    /** The address or number the code went to. */
    destination: text('destination').notNull(),
    /** The session the code belongs to (its token hash): a code works only where it was asked for. */
    sessionTokenHash: text('session_token_hash'),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('one_time_codes_user').on(t.userId, t.createdAt)],
);

/** Passkeys (WebAuthn credentials) a user registered; the id is the credential id (base64url). */
export const passkeys = pgTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    /** The authenticator's signature counter (0 for most passkeys, which do not count). */
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    deviceType: text('device_type', { enum: ['singleDevice', 'multiDevice'] }).notNull(),
    backedUp: boolean('backed_up').notNull(),
    name: text('name').notNull(),
    createdAt: instant('created_at').notNull(),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [index('passkeys_user').on(t.userId)],
);

/** WebAuthn challenges handed out and not yet answered: each works once, for five minutes. */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  challenge: text('challenge').notNull(),
  purpose: text('purpose', { enum: ['register', 'authenticate', 'step_up'] }).notNull(),
  /** Whose registration or step-up it is; empty for a sign-in, where the passkey says who. */
  userId: uuid('user_id').references(() => users.id),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
});

/**
 * Links that prove an email address: registration (the party proved a contract and gives the address)
 * and change of email (a signed-in user gives a new address). The link holds 32 random bytes; only
 * their SHA-256 is here. An hour, once.
 */
export const verificationLinks = pgTable(
  'verification_links',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    purpose: text('purpose', { enum: ['register', 'change_email'] }).notNull(),
    /** Registration: the customer (party) who proved the contract. */
    customerId: uuid('customer_id').references(() => customers.id),
    /** Change of email: the user whose address changes. */
    userId: uuid('user_id').references(() => users.id),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('verification_links_hash_key').on(t.tokenHash)],
);

/**
 * Tries of the public forms that could be abused (registration, forgot User ID, forgot password), by
 * address: a proof-of-work challenge after a few, a refusal after many (see form-throttle.ts).
 */
export const formAttempts = pgTable(
  'form_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    form: text('form', {
      enum: ['register', 'forgot_user_id', 'forgot_password', 'guest_payment'],
    }).notNull(),
    ip: text('ip').notNull(),
    occurredAt: instant('occurred_at').notNull(),
  },
  (t) => [index('form_attempts_ip').on(t.form, t.ip, t.occurredAt)],
);

/**
 * Odometer readings a customer reports for a vehicle (the mileage tracker of a lease, the warranty's
 * mileage). One per vehicle per day; a reading lower than an earlier one is refused by the service.
 */
export const odometerReadings = pgTable(
  'odometer_readings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    vehicleId: uuid('vehicle_id')
      .notNull()
      .references(() => vehicles.id),
    miles: integer('miles').notNull(),
    readOn: businessDate('read_on').notNull(),
    reportedBy: uuid('reported_by').references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('odometer_readings_day').on(t.vehicleId, t.readOn)],
);

/**
 * A user's communication preferences: per event, which channels (security alerts are always sent
 * by email, whatever is stored), how many days before a due date the reminder goes, and paperless.
 */
export const userPreferences = pgTable('user_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** `{ "statement_ready": { "email": true, "sms": false }, ... }`, validated by notifications/preferences.schemas.ts. */
  channels: jsonb('channels').$type<Record<string, { email: boolean; sms: boolean }>>().notNull().default({}),
  dueReminderDays: integer('due_reminder_days').notNull().default(5),
  paperless: boolean('paperless').notNull().default(false),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * What the dashboard tells the people on an account: a statement is ready, a payment was returned, a
 * request was answered. Written by the service that caused it, in its transaction, once per cause.
 * `user_id` addresses one person (the one who made a request); without it, everyone on the account sees it.
 */
export const accountNotices = pgTable(
  'account_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    userId: uuid('user_id').references(() => users.id),
    kind: text('kind', {
      enum: ['statement_ready', 'payment_returned', 'request_answered', 'grant_changed', 'grantee_payment'],
    }).notNull(),
    /** What it is about (the payment id, the statement date, the request id): one notice per cause. */
    cause: text('cause').notNull(),
    /** The figures the notice shows, validated by notifications/notices.schemas.ts. */
    details: jsonb('details').$type<Record<string, string | number | null>>().notNull(),
    occurredOn: businessDate('occurred_on').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('account_notices_once').on(t.contractId, t.kind, t.cause),
    index('account_notices_recent').on(t.contractId, t.occurredOn),
  ],
);

/** A person's "dismiss" of a notice: it leaves their dashboard, not the others'. */
export const noticeDismissals = pgTable(
  'notice_dismissals',
  {
    noticeId: bigint('notice_id', { mode: 'number' })
      .notNull()
      .references(() => accountNotices.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    dismissedAt: instant('dismissed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.userId] })],
);

/**
 * A customer's ways to pay. A bank account keeps its routing number and its account number sealed
 * (secret-box), because the portal writes the ACH file itself; a debit card is only the gateway's
 * token, its brand, last four and expiry: the card number never reaches the portal.
 * `fingerprint` (an HMAC of the account or card) stops the same one being added twice.
 */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for the bank account of a guest payment (no sign-in): it serves that one payment only. */
    userId: uuid('user_id').references(() => users.id),
    /** A business's own bank account (a fleet's bulk payments), managed by its admins; no user's. */
    organizationId: uuid('organization_id').references(() => organizations.id),
    kind: text('kind', { enum: ['bank_account', 'debit_card'] }).notNull(),
    nickname: text('nickname').notNull(),
    holderName: text('holder_name').notNull(),
    last4: text('last4').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** Bank accounts. */
    accountType: text('account_type', { enum: ['checking', 'savings'] }),
    routingNumber: text('routing_number'),
    bankName: text('bank_name'),
    accountNumberSealed: text('account_number_sealed'),
    /** Debit cards: the gateway's token, never the number. */
    gatewayToken: text('gateway_token'),
    cardBrand: text('card_brand'),
    expiryMonth: integer('expiry_month'),
    expiryYear: integer('expiry_year'),
    isDefault: boolean('is_default').notNull().default(false),
    status: text('status', { enum: ['active', 'blocked', 'removed'] })
      .notNull()
      .default('active'),
    /** Why it may not be used any more: the ACH return code (`R02`) or the card decline. */
    blockedReason: text('blocked_reason'),
    verifiedAt: instant('verified_at'),
    createdAt: instant('created_at').notNull(),
    removedAt: instant('removed_at'),
  },
  (t) => [
    index('payment_methods_user').on(t.userId),
    uniqueIndex('payment_methods_once').on(t.userId, t.fingerprint).where(sql`${t.status} <> 'removed'`),
    uniqueIndex('payment_methods_one_default')
      .on(t.userId)
      .where(sql`${t.isDefault} and ${t.status} <> 'removed'`),
    uniqueIndex('payment_methods_organization_once')
      .on(t.organizationId, t.fingerprint)
      .where(sql`${t.organizationId} is not null and ${t.status} <> 'removed'`),
    check('payment_methods_one_owner', sql`${t.userId} is null or ${t.organizationId} is null`),
  ],
);

/**
 * AutoPay on one contract: who authorised it, from which method, how much and when; the Regulation E
 * authorisation they accepted (text version, time, address). One live enrolment per contract.
 */
export const autopayEnrollments = pgTable(
  'autopay_enrollments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    paymentMethodId: uuid('payment_method_id')
      .notNull()
      .references(() => paymentMethods.id),
    /** Added to each scheduled payment, applied to principal. */
    extraPrincipalCents: cents('extra_principal_cents').notNull().default(0),
    /** 0 = on the due date; up to 10 days before it. */
    daysBeforeDue: integer('days_before_due').notNull().default(0),
    status: text('status', { enum: ['active', 'paused', 'cancelled', 'suspended'] }).notNull(),
    authorizationVersion: text('authorization_version').notNull(),
    /** The authorization's words exactly as accepted (null for enrolments accepted before they were kept). */
    authorizationText: text('authorization_text'),
    acceptedAt: instant('accepted_at').notNull(),
    acceptedIp: text('accepted_ip').notNull(),
    returnsCount: integer('returns_count').notNull().default(0),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('autopay_one_live')
      .on(t.contractId)
      .where(sql`${t.status} in ('active', 'paused', 'suspended')`),
    check('autopay_days_before_due', sql`${t.daysBeforeDue} between 0 and 10`),
    check('autopay_extra_not_negative', sql`${t.extraPrincipalCents} >= 0`),
  ],
);

/**
 * A payment a customer asked for, from its request to its end: `scheduled` (a future date) →
 * `pending` (posted to the contract on its effective date, money on its way) → `settled`; or
 * `cancelled` before its cut-off, `failed` (declined), `returned` (the bank sent it back: the posted
 * payment is reversed). `posted_payment_id` is the ledger side once posted.
 */
export const paymentOrders = pgTable(
  'payment_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    confirmationNumber: text('confirmation_number').notNull().unique(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    paymentMethodId: uuid('payment_method_id')
      .notNull()
      .references(() => paymentMethods.id),
    /** Who asked; null for a guest payment. */
    payerUserId: uuid('payer_user_id').references(() => users.id),
    /** The grant the payer paid through when they are no party to the contract: the holder's trace of who paid. */
    grantId: uuid('grant_id').references(() => contractGrants.id),
    /** A guest payment's receipt address and the account holder's name as typed: where its notices go. */
    guestEmail: text('guest_email'),
    guestName: text('guest_name'),
    source: text('source', { enum: ['one_time', 'autopay', 'guest', 'bulk'] }).notNull(),
    /** A line of a fleet's bulk payment: posted with its other lines, debited as one ACH entry. */
    bulkPaymentId: uuid('bulk_payment_id').references(() => bulkPayments.id),
    autopayId: uuid('autopay_id').references(() => autopayEnrollments.id),
    amountCents: cents('amount_cents').notNull(),
    intent: text('intent', { enum: ['regular', 'principal_only', 'payoff'] }).notNull(),
    /** The business date the money applies to the contract. */
    effectiveDate: businessDate('effective_date').notNull(),
    status: text('status', {
      enum: ['scheduled', 'pending', 'settled', 'cancelled', 'failed', 'returned'],
    }).notNull(),
    postedPaymentId: uuid('posted_payment_id').references(() => payments.id),
    /** ACH: the file it went out in, its entry's trace number and standard entry class. */
    achFileId: bigint('ach_file_id', { mode: 'number' }).references(() => achFiles.id),
    traceNumber: text('trace_number'),
    secCode: text('sec_code', { enum: ['PPD', 'WEB', 'CCD'] }),
    /** Card: the gateway's authorisation. */
    gatewayReference: text('gateway_reference'),
    returnCode: text('return_code'),
    failureReason: text('failure_reason'),
    /** AutoPay: the installment due date it pays, so the cycle makes one payment per due date. */
    forDueDate: businessDate('for_due_date'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('payment_orders_contract').on(t.contractId, t.effectiveDate),
    index('payment_orders_due').on(t.status, t.effectiveDate),
    index('payment_orders_payer').on(t.payerUserId, t.createdAt),
    uniqueIndex('payment_orders_autopay_once').on(t.autopayId, t.forDueDate),
    // Returns name the original trace number; the sequence makes one repeat only after ten million entries.
    index('payment_orders_trace').on(t.traceNumber),
    check('payment_orders_positive', sql`${t.amountCents} > 0`),
    // A contract appears once in a bulk payment.
    uniqueIndex('payment_orders_bulk_line')
      .on(t.bulkPaymentId, t.contractId)
      .where(sql`${t.bulkPaymentId} is not null`),
    check('payment_orders_guest_email', sql`(${t.source} = 'guest') = (${t.guestEmail} is not null)`),
  ],
);

/** The last seven digits of ACH trace numbers (the first eight are the originating bank's). */
export const achTraceNumbers = pgSequence('ach_trace_numbers', {
  minValue: 1,
  maxValue: 9_999_999,
  cycle: true,
});

/** The NACHA files written at each cut-off: one per business date and file id modifier. */
export const achFiles = pgTable(
  'ach_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    businessDate: businessDate('business_date').notNull(),
    fileIdModifier: text('file_id_modifier').notNull(),
    fileName: text('file_name').notNull(),
    entryCount: integer('entry_count').notNull(),
    totalDebitCents: cents('total_debit_cents').notNull(),
    /** The file itself: written to the outgoing folder after commit, and again if it went missing. */
    content: text('content').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('ach_files_once').on(t.businessDate, t.fileIdModifier)],
);

/**
 * The daily cycle's plan and progress per business date. Planning splits the contracts into chunks
 * of consecutive ids; each per-contract stage runs chunk by chunk (pg-boss jobs any worker can take),
 * and the portfolio-wide stages (the ACH file, the close) run once, as chunk 0. A step is marked done
 * after its work, and every step is idempotent per contract and date, so a crash resumes at the first
 * step not done and doubles nothing (cycle/daily-cycle.ts).
 */
export const cycleRuns = pgTable('cycle_runs', {
  businessDate: businessDate('business_date').primaryKey(),
  status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
  chunkCount: integer('chunk_count').notNull(),
  contractCount: integer('contract_count').notNull(),
  startedAt: instant('started_at').notNull(),
  finishedAt: instant('finished_at'),
  error: text('error'),
});

export const cycleSteps = pgTable(
  'cycle_steps',
  {
    businessDate: businessDate('business_date')
      .notNull()
      .references(() => cycleRuns.businessDate),
    step: text('step').notNull(),
    chunk: integer('chunk').notNull(),
    /** The chunk's contracts: ids from first to last, inclusive (null for a portfolio-wide step). */
    firstContractId: uuid('first_contract_id'),
    lastContractId: uuid('last_contract_id'),
    status: text('status', { enum: ['pending', 'done', 'failed'] }).notNull(),
    /** What the step did: `{ "posted": 12, "failed": 1 }`. */
    counts: jsonb('counts').$type<Record<string, number>>(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.businessDate, t.step, t.chunk] })],
);

/** Each business date's delinquent contracts (the cycle's delinquency step): days and amount past due, and the bucket. */
export const delinquencyHistory = pgTable(
  'delinquency_history',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    businessDate: businessDate('business_date').notNull(),
    daysPastDue: integer('days_past_due').notNull(),
    pastDueCents: cents('past_due_cents').notNull(),
    bucket: text('bucket', { enum: ['1-29', '30-59', '60-89', '90+'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.contractId, t.businessDate] }),
    index('delinquency_history_date').on(t.businessDate, t.bucket),
  ],
);

/** A payment-due reminder sent: one per contract, due date and person, whatever reruns the cycle makes. */
export const paymentReminders = pgTable(
  'payment_reminders',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    dueDate: businessDate('due_date').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    sentAt: instant('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.dueDate, t.userId] })],
);

/**
 * Monthly statements (issue 7), cut by the daily cycle on each contract's statement date: an
 * immutable snapshot of what the statement shows as of its closing date (shape in
 * documents/statements.schemas.ts), rendered to PDF on request. Rendering is deterministic, so the cached PDF
 * and a fresh render are the same bytes. One statement per contract and closing date.
 */
export const statements = pgTable(
  'statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    /** The day after the previous statement's closing date (or the contract date) … */
    periodStart: businessDate('period_start').notNull(),
    /** … through the closing date. */
    closingDate: businessDate('closing_date').notNull(),
    /**
     * The installment's due date; null on the final statement, the one cut when the contract was
     * paid in full (closing on the payoff date, nothing due).
     */
    dueDate: businessDate('due_date'),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    /** How it goes out: by email notice (paperless consent when cut) or by mail (the print queue). */
    delivery: text('delivery', { enum: ['electronic', 'paper'] }).notNull(),
    /** Paper: the business date of the print file it went into. */
    printedOn: businessDate('printed_on'),
    pdf: bytes('pdf'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('statements_once').on(t.contractId, t.closingDate),
    index('statements_print_queue').on(t.delivery, t.printedOn),
  ],
);

/** Year-end interest statements per loan and tax year (the IRS vehicle-loan-interest fields), made by the cycle in January. */
export const taxStatements = pgTable(
  'tax_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    taxYear: integer('tax_year').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    pdf: bytes('pdf'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('tax_statements_once').on(t.contractId, t.taxYear)],
);

/**
 * Payoff letters as issued: the letter's input (the quote, parties and vehicle; shape in
 * documents/payoff-letter.ts) so the document center can give the same letter again, byte for byte.
 * One row per contract, issue date, good-through date and amount: asking again for the same figure
 * the same day gives the letter already issued.
 */
export const payoffLetters = pgTable(
  'payoff_letters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    issuedOn: businessDate('issued_on').notNull(),
    goodThrough: businessDate('good_through').notNull(),
    payoffCents: cents('payoff_cents').notNull(),
    letter: jsonb('letter').$type<Record<string, unknown>>().notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('payoff_letters_once').on(t.contractId, t.issuedOn, t.goodThrough, t.payoffCents)],
);

/**
 * A person's E-SIGN consent to electronic documents: the disclosure version they accepted, when and
 * from where, and when they showed they can open a PDF (the test document's code). Withdrawing ends
 * it (paper again); a new consent is a new row. One live consent per user.
 */
export const esignConsents = pgTable(
  'esign_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    disclosureVersion: text('disclosure_version').notNull(),
    consentedAt: instant('consented_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    demonstratedAt: instant('demonstrated_at').notNull(),
    withdrawnAt: instant('withdrawn_at'),
  },
  (t) => [uniqueIndex('esign_consents_one_live').on(t.userId).where(sql`${t.withdrawnAt} is null`)],
);

/** The mail house's file of one business date: every paper statement cut that day, in one PDF. */
export const printBatches = pgTable('print_batches', {
  businessDate: businessDate('business_date').primaryKey(),
  fileName: text('file_name').notNull(),
  statementCount: integer('statement_count').notNull(),
  createdAt: instant('created_at').notNull(),
});

/**
 * Each proof of the ledger (every entry balances, every cached balance equals its postings), run by
 * `npm run cli -- ledger check` or by a supervisor on the console's cycle page, which shows the
 * latest. The findings keep the first few of each kind; the counts are complete.
 */
export const ledgerChecks = pgTable(
  'ledger_checks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    checkedAt: instant('checked_at').notNull(),
    /** `staff:<user id>` or `cli`. */
    checkedBy: text('checked_by').notNull(),
    entryCount: integer('entry_count').notNull(),
    unbalancedEntryCount: integer('unbalanced_entry_count').notNull(),
    balanceMismatchCount: integer('balance_mismatch_count').notNull(),
    findings: jsonb('findings').notNull(),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('ledger_checks_checked_at').on(t.checkedAt)],
);

// --- Business fleets: an organization is a business customer with members who sign in. ---

/**
 * A business's account in the portal: the business customer that is a party to its contracts, and
 * the people who act for it (organization_members). Its contracts are the business customer's, so a
 * contract boarded later for the business is in its fleet at once.
 */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The most one bulk payment may move, and the most all of a day's may, in cents. */
    bulkPaymentMaxCents: cents('bulk_payment_max_cents').notNull(),
    dailyPaymentMaxCents: cents('daily_payment_max_cents').notNull(),
    /** The combined statement by email notice to the admins (true) or on paper to the address on file. */
    paperless: boolean('paperless').notNull().default(false),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('organizations_customer_key').on(t.customerId)],
);

/**
 * Who acts for an organization, and as what: `admin` (everything, members and bank accounts
 * included), `manager` (pay, vehicles, drivers, reports), `viewer` (read only), `driver` (their
 * assigned vehicles' facts, never the business's finances). Read on every request, so a change of
 * role or a removal holds from the very next one.
 */
export const organizationMembers = pgTable(
  'organization_members',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ['admin', 'manager', 'viewer', 'driver'] }).notNull(),
    addedAt: instant('added_at').notNull(),
    addedBy: uuid('added_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId] }),
    index('organization_members_user').on(t.userId),
  ],
);

/**
 * An admin's invitation to join an organization in a role: mailed as a single-use link whose token
 * is kept only as its SHA-256; it expires, and an admin may revoke it before it is used.
 */
export const organizationInvitations = pgTable(
  'organization_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'manager', 'viewer', 'driver'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    acceptedAt: instant('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    uniqueIndex('organization_invitations_token_key').on(t.tokenHash),
    // One open invitation per address and organization: inviting again replaces it.
    uniqueIndex('organization_invitations_open_key')
      .on(t.organizationId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

/**
 * The people who drive an organization's vehicles. A driver may have a login (a member in the
 * `driver` role, or any other role) or not.
 */
export const drivers = pgTable(
  'drivers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    /** The driver's own login, when they have one. */
    userId: uuid('user_id').references(() => users.id),
    createdAt: instant('created_at').notNull(),
    removedAt: instant('removed_at'),
  },
  (t) => [
    index('drivers_organization').on(t.organizationId),
    uniqueIndex('drivers_user_key').on(t.organizationId, t.userId).where(sql`${t.userId} is not null`),
  ],
);

/**
 * What a business keeps about each vehicle of its fleet, beside the contract's own vehicle record:
 * its unit number, plate, cost center and status, and the driver assigned now.
 */
export const fleetVehicles = pgTable(
  'fleet_vehicles',
  {
    contractId: uuid('contract_id')
      .primaryKey()
      .references(() => contracts.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    unitNumber: text('unit_number'),
    plate: text('plate'),
    plateState: text('plate_state'),
    costCenter: text('cost_center'),
    status: text('status', { enum: ['in_service', 'in_repair', 'out_of_service', 'awaiting_sale'] })
      .notNull()
      .default('in_service'),
    driverId: uuid('driver_id').references(() => drivers.id),
    /** The latest odometer reading, and for a lease the excess miles and charge projected to maturity
     * at the pace so far (core/mileage.ts), kept with each reading so the fleet can filter on them. */
    latestOdometer: integer('latest_odometer'),
    latestOdometerOn: businessDate('latest_odometer_on'),
    projectedExcessMiles: integer('projected_excess_miles'),
    projectedExcessChargeCents: cents('projected_excess_charge_cents'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('fleet_vehicles_organization').on(t.organizationId),
    uniqueIndex('fleet_vehicles_unit_key')
      .on(t.organizationId, sql`lower(${t.unitNumber})`)
      .where(sql`${t.unitNumber} is not null`),
    index('fleet_vehicles_driver').on(t.driverId),
  ],
);

/** Every assignment of a driver to a vehicle, open until the driver is unassigned or reassigned. */
export const driverAssignments = pgTable(
  'driver_assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => drivers.id),
    assignedAt: instant('assigned_at').notNull(),
    assignedBy: uuid('assigned_by').references(() => users.id),
    endedAt: instant('ended_at'),
    endedBy: uuid('ended_by').references(() => users.id),
  },
  (t) => [
    index('driver_assignments_contract').on(t.contractId, t.assignedAt),
    // A vehicle has one driver at a time.
    uniqueIndex('driver_assignments_open_key').on(t.contractId).where(sql`${t.endedAt} is null`),
  ],
);

/**
 * Each contract's position as of a business date, as the pages show it (servicing `PositionSummary`):
 * written in the transaction of every posting and reversal, and refreshed by the daily cycle (what is
 * due, delinquency and the payoff move with the date), so lists and dashboards read it set-based
 * instead of recomputing it from the history. `ledger check` proves each row equal to the
 * recomputation as of its `as_of`; a read for another date recomputes.
 */
export const contractPositions = pgTable(
  'contract_positions',
  {
    contractId: uuid('contract_id')
      .primaryKey()
      .references(() => contracts.id),
    asOf: businessDate('as_of').notNull(),
    principalCents: cents('principal_cents').notNull(),
    /** Interest posted and unpaid plus interest accrued since, to the cent (loans). */
    accruedInterestCents: cents('accrued_interest_cents').notNull(),
    feesCents: cents('fees_cents').notNull(),
    /** Money held for the customer, positive. */
    unappliedCents: cents('unapplied_cents').notNull(),
    /** A lease's base payments still to come (its lease receivable). */
    leaseReceivableCents: cents('lease_receivable_cents').notNull(),
    perDiemCents: cents('per_diem_cents').notNull(),
    amountDueCents: cents('amount_due_cents').notNull(),
    pastDueCents: cents('past_due_cents').notNull(),
    daysPastDue: integer('days_past_due').notNull(),
    bucket: text('bucket', { enum: ['current', '1-29', '30-59', '60-89', '90+'] }).notNull(),
    nextDueDate: businessDate('next_due_date'),
    nextDueAmountCents: cents('next_due_amount_cents').notNull(),
    /** What a payoff costs on `as_of`: a loan's payoff good through that day, a lease's purchase price. */
    payoffCents: cents('payoff_cents').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    // The fleet dashboard's filters and sorts (maturity is the contract's).
    index('contract_positions_past_due').on(t.daysPastDue, t.pastDueCents),
    index('contract_positions_next_due').on(t.nextDueDate),
    index('contract_positions_amount_due').on(t.amountDueCents),
  ],
);

/**
 * A fleet's bulk payment: one debit from the organization's bank account for many contracts, each
 * a line (a `payment_orders` row with `bulk_payment_id`, source `bulk`) posted with all the others in
 * one transaction. Its status follows its lines: `scheduled` → `pending` (posted, in no file or in
 * one) → `settled`, or `failed` (a line could no longer post on the date) or `returned` (the bank
 * sent the one CCD entry back: every line reversed). The key is unique per organization as well as
 * in `idempotency_keys`, so a retry can never make a second one.
 */
export const bulkPayments = pgTable(
  'bulk_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    confirmationNumber: text('confirmation_number').notNull().unique(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    paymentMethodId: uuid('payment_method_id')
      .notNull()
      .references(() => paymentMethods.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    idempotencyKey: text('idempotency_key').notNull(),
    effectiveDate: businessDate('effective_date').notNull(),
    totalCents: cents('total_cents').notNull(),
    lineCount: integer('line_count').notNull(),
    status: text('status', { enum: ['scheduled', 'pending', 'settled', 'failed', 'returned'] }).notNull(),
    /** ACH: the file and the trace number of its one CCD entry. */
    achFileId: bigint('ach_file_id', { mode: 'number' }).references(() => achFiles.id),
    traceNumber: text('trace_number'),
    returnCode: text('return_code'),
    failureReason: text('failure_reason'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('bulk_payments_key').on(t.organizationId, t.idempotencyKey),
    index('bulk_payments_organization').on(t.organizationId, t.createdAt),
    index('bulk_payments_due').on(t.status, t.effectiveDate),
    index('bulk_payments_trace').on(t.traceNumber),
    check('bulk_payments_positive', sql`${t.totalCents} > 0 and ${t.lineCount} > 0`),
  ],
);

/**
 * The organization's combined billing statement for a month: every contract with its amount due,
 * past due and due date, the total and one remittance coupon, besides each contract's own statement.
 * The snapshot holds the figures as cut (from the stored positions of the closing date); the PDF is
 * rendered from it, deterministically. One per organization and closing date.
 */
export const organizationStatements = pgTable(
  'organization_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    closingDate: businessDate('closing_date').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    totalDueCents: cents('total_due_cents').notNull(),
    contractCount: integer('contract_count').notNull(),
    delivery: text('delivery', { enum: ['electronic', 'paper'] }).notNull(),
    printedOn: businessDate('printed_on'),
    pdf: bytes('pdf'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('organization_statements_once').on(t.organizationId, t.closingDate)],
);

/**
 * Business registration: someone who proved a business contract (number, EIN last four, ZIP) gets
 * a code at the business email on file; the code, entered with the ticket the form holds, makes them
 * the organization's admin. The ticket and the code are stored as keyed hashes; a ticket takes at
 * most 5 guesses and lives 10 minutes. Tickets are issued for details that match nothing too (with
 * no customer), so the form never tells whether a contract exists.
 */
export const businessRegistrations = pgTable(
  'business_registrations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketHash: text('ticket_hash').notNull(),
    customerId: uuid('customer_id').references(() => customers.id),
    contractId: uuid('contract_id').references(() => contracts.id),
    /** Where the code went (the business email on file). */
    destination: text('destination'),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('business_registrations_ticket').on(t.ticketHash)],
);

/**
 * Access for people not on the contract: a holder (primary, co-borrower, co-lessee) grants `view`
 * or `view_and_pay` to someone by name and email. The grantee is known from acceptance on; until
 * then the grant is `invited`. It ends when a holder revokes it, the grantee leaves it, its end
 * date passes or the contract ends (the last two are judged on every request, not stored).
 */
export const contractGrants = pgTable(
  'contract_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    grantorId: uuid('grantor_id')
      .notNull()
      .references(() => users.id),
    granteeId: uuid('grantee_id').references(() => users.id),
    inviteeName: text('invitee_name').notNull(),
    inviteeEmail: text('invitee_email').notNull(),
    permission: text('permission', { enum: ['view', 'view_and_pay'] }).notNull(),
    /** The last business date of access; none: until revoked, left, or the contract ends. */
    endsOn: businessDate('ends_on'),
    status: text('status', { enum: ['invited', 'active', 'revoked', 'left'] }).notNull(),
    createdAt: instant('created_at').notNull(),
    acceptedAt: instant('accepted_at'),
    revokedAt: instant('revoked_at'),
    leftAt: instant('left_at'),
    /** Who revoked it or left it. */
    endedBy: uuid('ended_by').references(() => users.id),
  },
  (t) => [
    index('contract_grants_contract').on(t.contractId),
    index('contract_grants_grantee').on(t.granteeId),
    check(
      'contract_grants_accepted',
      // A withdrawn invitation is revoked with no grantee; an accepted grant always has one.
      sql`(${t.status} = 'invited' and ${t.granteeId} is null) or (${t.status} in ('active', 'left') and ${t.granteeId} is not null) or ${t.status} = 'revoked'`,
    ),
  ],
);

/** The mailed link of a grant's invitation (one per grant): its token's SHA-256, working once and until it expires. */
export const contractGrantInvitations = pgTable(
  'contract_grant_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => contractGrants.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [
    uniqueIndex('contract_grant_invitations_token_key').on(t.tokenHash),
    uniqueIndex('contract_grant_invitations_grant_key').on(t.grantId),
  ],
);
