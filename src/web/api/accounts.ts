import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { accountDetail, accountScheduleResponse, accountSummary } from '../../accounts/accounts.schemas.ts';
import { getJson } from './client.ts';

// The customer's accounts, as `src/accounts/accounts.routes.ts` serves them.

export const ACCOUNTS_QUERY_KEY = ['accounts'] as const;

export async function fetchAccounts() {
  return (await getJson('/api/v1/accounts', z.object({ accounts: z.array(accountSummary) }))).accounts;
}

const accountPath = (contractNumber: string) => `/api/v1/accounts/${encodeURIComponent(contractNumber)}`;

export const accountQueryKey = (contractNumber: string) => [...ACCOUNTS_QUERY_KEY, contractNumber] as const;

export function fetchAccount(contractNumber: string) {
  return getJson(accountPath(contractNumber), accountDetail);
}

export const scheduleQueryKey = (contractNumber: string) =>
  [...accountQueryKey(contractNumber), 'schedule'] as const;

export function fetchSchedule(contractNumber: string) {
  return getJson(`${accountPath(contractNumber)}/schedule`, accountScheduleResponse);
}

/** The account of the contract pages' address, shared by the frame and the overview (one request). */
export function useAccount(contractNumber: string) {
  return useQuery({ queryKey: accountQueryKey(contractNumber), queryFn: () => fetchAccount(contractNumber) });
}
