import { act, render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useAccountFilters, type AccountFiltersState } from './AccountFilters';

let state: AccountFiltersState;
let search = '';

function Probe() {
  state = useAccountFilters();
  search = useLocation().search;
  return null;
}

describe('account filters in the URL', () => {
  it('reads the filter and sort from the search params, ignoring junk', () => {
    render(
      <MemoryRouter initialEntries={['/accounts?q=Ann&bucket=M1,M6_PLUS,BOGUS&dpdMin=30&dpdMax=x&status=RECALLED&unassigned=1&sort=DAYS_PAST_DUE&dir=ASC']}>
        <Probe />
      </MemoryRouter>,
    );
    expect(state.filter).toEqual({ search: 'Ann', buckets: ['M1', 'M6_PLUS'], dpdMin: 30, statuses: ['RECALLED'], unassigned: true });
    expect(state.orderBy).toEqual({ field: 'DAYS_PAST_DUE', direction: 'ASC' });
  });

  it('writes changes to the URL and drops empty values; reset clears only the filters', () => {
    render(
      <MemoryRouter initialEntries={['/accounts?client=c1&other=keep']}>
        <Probe />
      </MemoryRouter>,
    );
    expect(state.filter).toEqual({ clientId: 'c1' });
    act(() => state.update({ bucket: 'M2,M3', dpdMin: 10 }));
    expect(new URLSearchParams(search).get('bucket')).toBe('M2,M3');
    expect(state.filter).toEqual({ clientId: 'c1', buckets: ['M2', 'M3'], dpdMin: 10 });
    act(() => state.update({ dpdMin: undefined, client: '' }));
    expect(state.filter).toEqual({ buckets: ['M2', 'M3'] });
    act(() => state.reset());
    expect(search).toBe('?other=keep');
    expect(state.filter).toEqual({});
  });
});
