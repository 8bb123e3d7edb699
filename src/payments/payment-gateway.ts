/**
 * The payment processor, behind one interface: a deployment plugs in its processor; the bundled
 * sandbox (payments/sandbox-gateway.ts) behaves like one, with documented test numbers for each
 * outcome, so every path runs here without a network. The portal writes ACH debits into NACHA files
 * itself (core/nacha.ts); the gateway verifies bank accounts before first use and handles cards,
 * whose numbers only it ever sees (its hosted card field turns them into tokens).
 */
export type BankAccountToVerify = {
  routingNumber: string;
  accountNumber: string;
  accountType: 'checking' | 'savings';
  holderName: string;
};

export type Refusal<Reason extends string> = { ok: false; reason: Reason; message: string };

export type BankAccountVerification =
  | { ok: true; bankName: string }
  | Refusal<'no_account' | 'account_closed' | 'invalid_account' | 'not_debitable' | 'unavailable'>;

/** What a hosted-field token stands for: enough to show and to refuse duplicates, never the number. */
export type CardDescription =
  | {
      ok: true;
      brand: string;
      last4: string;
      expiryMonth: number;
      expiryYear: number;
      holderName: string;
      /** The same card gives the same fingerprint, whatever token it came with. */
      fingerprint: string;
      /** Only debit cards are accepted for loan payments. */
      funding: 'debit' | 'credit' | 'prepaid';
    }
  | Refusal<'unknown_token' | 'unavailable'>;

export type CardCharge =
  | { ok: true; reference: string }
  | Refusal<'declined' | 'insufficient_funds' | 'expired_card' | 'unknown_token' | 'unavailable'>;

export interface PaymentGateway {
  verifyBankAccount(account: BankAccountToVerify): Promise<BankAccountVerification>;
  describeCard(token: string): Promise<CardDescription>;
  /** Charges a card once per `idempotencyKey`: a retry with the same key answers the first result. */
  chargeCard(charge: { token: string; amountCents: number; idempotencyKey: string }): Promise<CardCharge>;
}
