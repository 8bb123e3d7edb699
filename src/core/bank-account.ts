import { checkText, type TextVerdict } from './text.ts';

/**
 * US bank accounts as an ACH debit needs them. A routing (ABA) number is 9 digits whose first two
 * name a Federal Reserve district (00–12 banks, 21–32 thrifts, 61–72 electronic, 80 traveler's
 * checks), and whose digits weighted 3-7-1 sum to a multiple of 10 (ABA Key to Routing Numbers).
 * Libraries such as `abavalidator` answer only true/false and skip the prefix rule; the reasons
 * here let the HTTP layer say which part is wrong.
 */
export type AccountType = 'checking' | 'savings';

export const ACCOUNT_TYPES: readonly AccountType[] = ['checking', 'savings'];

export type RoutingNumberProblem = { field: 'routingNumber'; reason: 'format' | 'prefix' | 'checksum' };
export type AccountNumberProblem = { field: 'accountNumber'; reason: 'format' | 'length' };
export type BankAccountProblem =
  | RoutingNumberProblem
  | AccountNumberProblem
  | { field: 'accountType'; reason: 'unknown' }
  | { field: 'holderName'; reason: 'missing' | 'too_long' | 'characters' };

export type BankAccountInput = {
  routingNumber: string;
  accountNumber: string;
  accountType: string;
  holderName: string;
};

/** A bank account that passed every check, with digits only and the name trimmed. */
export type BankAccount = {
  routingNumber: string;
  accountNumber: string;
  accountType: AccountType;
  holderName: string;
};

export type BankAccountCheck =
  | { ok: true; account: BankAccount }
  | { ok: false; problems: BankAccountProblem[] };

const ROUTING_WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1];
export const ACCOUNT_NUMBER_MIN_LENGTH = 4;
export const ACCOUNT_NUMBER_MAX_LENGTH = 17; // the NACHA DFI account number field
export const HOLDER_NAME_MAX_LENGTH = 100;

/** People type numbers with spaces or dashes; the digits are what count. */
function digitsOf(text: string): string {
  return text.replace(/[\s-]/g, '');
}

function hasValidPrefix(routingNumber: string): boolean {
  const prefix = Number(routingNumber.slice(0, 2));
  return prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
}

export function routingChecksum(routingNumber: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(routingNumber[i]) * (ROUTING_WEIGHTS[i] ?? 0);
  return sum;
}

/** Null when `text` is a valid routing number; otherwise why not. All zeros sums to 0 but is no bank. */
export function checkRoutingNumber(text: string): RoutingNumberProblem | null {
  const routingNumber = digitsOf(text);
  if (!/^\d{9}$/.test(routingNumber)) return { field: 'routingNumber', reason: 'format' };
  if (!hasValidPrefix(routingNumber)) return { field: 'routingNumber', reason: 'prefix' };
  const sum = routingChecksum(routingNumber);
  if (sum === 0 || sum % 10 !== 0) return { field: 'routingNumber', reason: 'checksum' };
  return null;
}

export function isRoutingNumber(text: string): boolean {
  return checkRoutingNumber(text) === null;
}

export function checkAccountNumber(text: string): AccountNumberProblem | null {
  const accountNumber = digitsOf(text);
  if (!/^\d+$/.test(accountNumber)) return { field: 'accountNumber', reason: 'format' };
  if (accountNumber.length < ACCOUNT_NUMBER_MIN_LENGTH || accountNumber.length > ACCOUNT_NUMBER_MAX_LENGTH) {
    return { field: 'accountNumber', reason: 'length' };
  }
  return null;
}

export function isAccountType(text: string): text is AccountType {
  return (ACCOUNT_TYPES as readonly string[]).includes(text);
}

/** Every problem at once, so a form can mark all wrong fields in one round. */
export function checkBankAccount(input: BankAccountInput): BankAccountCheck {
  const problems: BankAccountProblem[] = [];
  const routing = checkRoutingNumber(input.routingNumber);
  if (routing) problems.push(routing);
  const account = checkAccountNumber(input.accountNumber);
  if (account) problems.push(account);
  if (!isAccountType(input.accountType)) problems.push({ field: 'accountType', reason: 'unknown' });
  const holder = checkHolderName(input.holderName, HOLDER_NAME_MAX_LENGTH);
  if (!holder.ok) {
    const reason =
      holder.problem === 'empty' ? 'missing' : holder.problem === 'too_long' ? 'too_long' : 'characters';
    problems.push({ field: 'holderName', reason });
  }
  if (problems.length > 0 || !holder.ok) return { ok: false, problems };
  return {
    ok: true,
    account: {
      routingNumber: digitsOf(input.routingNumber),
      accountNumber: digitsOf(input.accountNumber),
      accountType: input.accountType as AccountType,
      holderName: holder.value,
    },
  };
}

/**
 * The name on an account or a card: runs of spaces count as one (the bank prints it so), and its
 * characters are judged by the rule for all free text (`core/text.ts`).
 */
export function checkHolderName(name: string, max: number): TextVerdict {
  return checkText(name.replace(/\p{Zs}+/gu, ' '), { max });
}

export function accountLastFour(accountNumber: string): string {
  return digitsOf(accountNumber).slice(-4);
}

/** How an account number is shown anywhere: the last four digits only (`••••6789`). */
export function maskAccountNumber(accountNumber: string): string {
  return `••••${accountLastFour(accountNumber)}`;
}
