import { type FleetQuery, fleetQuery } from '../../../organizations/fleet.schemas.ts';

/**
 * The fleet dashboard's view (search, filters, sort, page) lives in the page's address, in the
 * API's own query parameters, so a filtered view can be bookmarked or sent, and survives a reload:
 * the address's query is the API call's.
 */

export type FleetSort = FleetQuery['sort'];

const PARAMETERS = Object.keys(fleetQuery.shape) as (keyof FleetQuery)[];

/** The view with nothing chosen: the API's defaults (what needs attention first, 25 a page). */
export const DEFAULT_VIEW: FleetQuery = fleetQuery.parse({});

/** The parameters that narrow the fleet down (the search aside). */
export const FILTERS = [
  'status',
  'pastDue',
  'dueThisMonth',
  'kind',
  'maturesWithinDays',
  'make',
  'model',
  'year',
  'costCenter',
  'driver',
  'overMiles',
] as const satisfies readonly (keyof FleetQuery)[];

/**
 * The view in an address. Each parameter is read by the API's own rule for it; one that does not
 * pass (a link typed by hand) is left out rather than refusing the whole view.
 */
export function readView(params: URLSearchParams): FleetQuery {
  const view: Record<string, unknown> = { ...DEFAULT_VIEW };
  for (const name of PARAMETERS) {
    const text = params.get(name);
    if (text === null) continue;
    const parsed = fleetQuery.shape[name].safeParse(text);
    if (parsed.success && parsed.data !== undefined) view[name] = parsed.data;
  }
  return view as FleetQuery;
}

/** The query string of a view, with only what differs from the defaults (lists comma-separated). */
export function viewSearch(view: FleetQuery): string {
  const params = new URLSearchParams();
  for (const name of PARAMETERS) {
    const value = view[name];
    if (value === undefined || value === DEFAULT_VIEW[name]) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(name, value.join(','));
    } else params.set(name, String(value));
  }
  return params.toString();
}

/** A change of what is shown starts again from the first page. */
export function changed(view: FleetQuery, change: Partial<FleetQuery>): FleetQuery {
  return { ...view, page: 1, ...change };
}

/** The view with every filter lifted (the search and the order stay). */
export function withoutFilters(view: FleetQuery): FleetQuery {
  return changed(view, Object.fromEntries(FILTERS.map((name) => [name, undefined])));
}

/** How many filters narrow the view down. */
export function filterCount(view: FleetQuery): number {
  return FILTERS.filter((name) => {
    const value = view[name];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  }).length;
}

/** The sorts by money: a member who may not see the money cannot sort by it (the API sorts by unit instead). */
const MONEY_SORTS: readonly FleetSort[] = ['attention', 'amountDue', 'pastDue', 'payoff'];
/** Amounts and miles come largest first unless the order says otherwise, as the API sorts them. */
const LARGEST_FIRST: readonly FleetSort[] = ['amountDue', 'pastDue', 'payoff', 'excessMiles'];

/** The order the rows are in: the sort the API applies for this member, and its direction. */
export function orderOf(
  view: FleetQuery,
  seesFinances: boolean,
): { sort: FleetSort; direction: 'ascending' | 'descending' } {
  const sort = !seesFinances && MONEY_SORTS.includes(view.sort) ? 'unit' : view.sort;
  const order = view.order ?? (LARGEST_FIRST.includes(sort) ? 'desc' : 'asc');
  return { sort, direction: order === 'desc' ? 'descending' : 'ascending' };
}

/** The view sorted by `sort`: its usual direction first, the other way when the rows are in that order already. */
export function sortedBy(view: FleetQuery, sort: FleetSort, seesFinances: boolean): FleetQuery {
  const current = orderOf(view, seesFinances);
  if (current.sort !== sort) return changed(view, { sort, order: undefined });
  return changed(view, { sort, order: current.direction === 'ascending' ? 'desc' : 'asc' });
}
