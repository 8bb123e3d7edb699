import {
  statementResponse,
  statementsResponse,
  taxStatementsResponse,
} from '../../documents/statements.schemas.ts';
import { accountQueryKey } from './accounts.ts';
import { getJson } from './client.ts';

// An account's monthly and year-end statements, as `src/documents/statements.routes.ts` serves them.

const accountPath = (contractNumber: string) => `/api/v1/accounts/${encodeURIComponent(contractNumber)}`;

export const statementsQueryKey = (contractNumber: string) =>
  [...accountQueryKey(contractNumber), 'statements'] as const;
export const taxStatementsQueryKey = (contractNumber: string) =>
  [...accountQueryKey(contractNumber), 'tax-statements'] as const;

export function fetchStatements(contractNumber: string) {
  return getJson(`${accountPath(contractNumber)}/statements`, statementsResponse);
}

export const statementQueryKey = (contractNumber: string, id: string) =>
  [...statementsQueryKey(contractNumber), id] as const;

/** One statement as data, for the page's preview. */
export function fetchStatement(contractNumber: string, id: string) {
  return getJson(`${accountPath(contractNumber)}/statements/${encodeURIComponent(id)}`, statementResponse);
}

export function fetchTaxStatements(contractNumber: string) {
  return getJson(`${accountPath(contractNumber)}/tax-statements`, taxStatementsResponse);
}

/**
 * A statement's PDF: plain links, so the browser opens or saves it with the session cookie. Opened,
 * it shows in the browser's own PDF viewer (the API refuses to be framed, so no embedded preview).
 */
export function statementPdfUrl(contractNumber: string, id: string, download = false) {
  return `${accountPath(contractNumber)}/statements/${id}.pdf${download ? '?download=1' : ''}`;
}

export function taxStatementPdfUrl(contractNumber: string, year: number, download = false) {
  return `${accountPath(contractNumber)}/tax-statements/${year}.pdf${download ? '?download=1' : ''}`;
}
