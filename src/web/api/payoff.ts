import { customerPayoffResponse } from '../../servicing/payoff.schemas.ts';
import { getJson } from './client.ts';

// The customer's payoff quote and letter, as `src/accounts/payoff.routes.ts` serves them.

const payoffPath = (contractNumber: string, part: string, date: string | undefined) =>
  `/api/v1/accounts/${encodeURIComponent(contractNumber)}/${part}${date ? `?date=${date}` : ''}`;

export const payoffQueryKey = (contractNumber: string, date: string | undefined) =>
  ['accounts', contractNumber, 'payoff', date ?? 'today'] as const;

export function fetchPayoff(contractNumber: string, date: string | undefined) {
  return getJson(payoffPath(contractNumber, 'payoff', date), customerPayoffResponse);
}

/** The letter's address: a plain link, so the browser downloads it with the session cookie. */
export function payoffLetterUrl(contractNumber: string, date: string) {
  return payoffPath(contractNumber, 'payoff-letter.pdf', date);
}
