import { type ActivityType, activityResponse } from '../../accounts/activity.schemas.ts';
import { accountQueryKey } from './accounts.ts';
import { getJson } from './client.ts';

// An account's transaction history, as `src/accounts/activity.routes.ts` serves it.

/** The filters a customer sets, as they stand in the page's address and the API's query. */
export type ActivityFilters = { from?: string; to?: string; type?: ActivityType; q?: string };
export const ACTIVITY_FILTERS = ['from', 'to', 'type', 'q'] as const;

export const activityQueryKey = (contractNumber: string, filters: ActivityFilters) =>
  [...accountQueryKey(contractNumber), 'activity', filters] as const;

/** The API address of the history with these filters (and a page's cursor, or `format=csv`). */
export function activityPath(
  contractNumber: string,
  filters: ActivityFilters,
  extra: Record<string, string> = {},
) {
  const query = new URLSearchParams({ ...filters, ...extra });
  const path = `/api/v1/accounts/${encodeURIComponent(contractNumber)}/transactions`;
  return query.size ? `${path}?${query}` : path;
}

export function fetchActivity(contractNumber: string, filters: ActivityFilters, cursor: string | undefined) {
  return getJson(activityPath(contractNumber, filters, cursor ? { cursor } : {}), activityResponse);
}
