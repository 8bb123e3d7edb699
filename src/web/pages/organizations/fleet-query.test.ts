import { describe, expect, it } from 'vitest';
import {
  changed,
  DEFAULT_VIEW,
  filterCount,
  orderOf,
  readView,
  sortedBy,
  viewSearch,
} from './fleet-query.ts';

const view = (search: string) => readView(new URLSearchParams(search));

describe('the fleet view in the address', () => {
  it('starts from the API’s defaults, and writes nothing for them', () => {
    expect(view('')).toEqual({ page: 1, pageSize: 25, sort: 'attention' });
    expect(viewSearch(DEFAULT_VIEW)).toBe('');
  });

  it('reads each parameter by the API’s rule and writes it back the same', () => {
    const search =
      'page=2&pageSize=50&sort=payoff&order=asc&q=K-10&status=in_repair%2Cout_of_service&pastDue=true&maturesWithinDays=90&year=2024&overMiles=true';
    const read = view(search);
    expect(read).toMatchObject({
      page: 2,
      pageSize: 50,
      sort: 'payoff',
      status: ['in_repair', 'out_of_service'],
      pastDue: true,
      maturesWithinDays: 90,
      year: 2024,
    });
    expect(viewSearch(read)).toBe(search);
  });

  it('leaves out a parameter that does not pass, keeping the rest', () => {
    expect(view('page=0&pageSize=7&sort=colour&status=parked&pastDue=yes&q=K-1')).toEqual({
      ...DEFAULT_VIEW,
      q: 'K-1',
    });
  });

  it('starts again from the first page when what is shown changes, and counts the filters', () => {
    const next = changed(view('page=3&q=K'), { pastDue: true, status: ['in_repair'] });
    expect(next.page).toBe(1);
    expect(filterCount(next)).toBe(2);
    expect(filterCount(changed(next, { status: [], pastDue: undefined }))).toBe(0);
  });
});

describe('the order of the rows', () => {
  it('puts amounts and miles largest first, the rest from the smallest, and turns round on a second choice', () => {
    expect(orderOf(view('sort=payoff'), true)).toEqual({ sort: 'payoff', direction: 'descending' });
    expect(orderOf(view('sort=unit'), true)).toEqual({ sort: 'unit', direction: 'ascending' });
    const byUnit = sortedBy(view('page=2'), 'unit', true);
    expect(byUnit).toMatchObject({ sort: 'unit', order: undefined, page: 1 });
    expect(sortedBy(byUnit, 'unit', true).order).toBe('desc');
  });

  it('sorts by unit for a member who may not see money, as the API does', () => {
    expect(orderOf(DEFAULT_VIEW, false)).toEqual({ sort: 'unit', direction: 'ascending' });
    expect(sortedBy(DEFAULT_VIEW, 'unit', false).order).toBe('desc');
  });
});
