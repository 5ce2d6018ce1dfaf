import { gql, type TypedDocumentNode } from '@apollo/client';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../test/harness';
import { ConnectionTable } from './ConnectionTable';

interface Thing {
  id: string;
  name: string;
}
interface ThingsData {
  things: {
    edges: Array<{ cursor: string; node: Thing }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}
interface ThingsVars {
  first?: number;
  after?: string | null;
  filter?: { q?: string };
}

const ThingsQuery = gql`
  query Things($first: Int, $after: String, $filter: ThingFilter) {
    things(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id name } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
` as TypedDocumentNode<ThingsData, ThingsVars>;

const ALL = Array.from({ length: 5 }, (_, i) => ({ __typename: 'Thing', id: `t${i + 1}`, name: `Thing ${i + 1}` }));

/** A server paging ALL by opaque cursors ("c<index>"). */
function things(variables: Record<string, unknown>) {
  const q = (variables['filter'] as { q?: string } | undefined)?.q;
  const list = q ? ALL.filter((t) => t.name.includes(q)) : ALL;
  const first = Number(variables['first'] ?? 10);
  const after = variables['after'] as string | null | undefined;
  const start = after ? Number(after.slice(1)) + 1 : 0;
  const slice = list.slice(start, start + first);
  return {
    data: {
      things: {
        __typename: 'ThingConnection',
        edges: slice.map((node, i) => ({ __typename: 'ThingEdge', cursor: `c${start + i}`, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: start + first < list.length, endCursor: slice.length ? `c${start + slice.length - 1}` : null },
        totalCount: list.length,
      },
    },
  };
}

function Things({ q }: { q?: string }) {
  return (
    <ConnectionTable
      testId="things"
      query={ThingsQuery}
      variables={q ? { filter: { q } } : {}}
      select={(d) => d.things}
      rowKey={(n) => n.id}
      pageSize={2}
      columns={[{ title: 'Name', dataIndex: 'name', key: 'name' }]}
    />
  );
}

const rowNames = () => Array.from(document.querySelectorAll('tbody tr.ant-table-row')).map((r) => r.textContent);

describe('<ConnectionTable>', () => {
  it('pages forward by endCursor and back to the exact previous page', async () => {
    const { server } = renderWithApp(<Things />, { handlers: { Things: things } });
    await waitFor(() => expect(rowNames()).toEqual(['Thing 1', 'Thing 2']));
    expect(screen.getByTestId('things-page').textContent).toContain('5');
    expect(screen.getByTestId('things-prev').hasAttribute('disabled')).toBe(true);

    fireEvent.click(screen.getByTestId('things-next'));
    await waitFor(() => expect(rowNames()).toEqual(['Thing 3', 'Thing 4']));
    expect(server.calls.at(-1)?.variables).toMatchObject({ first: 2, after: 'c1' });

    fireEvent.click(screen.getByTestId('things-next'));
    await waitFor(() => expect(rowNames()).toEqual(['Thing 5']));
    expect(server.calls.at(-1)?.variables).toMatchObject({ after: 'c3' });
    expect(screen.getByTestId('things-next').hasAttribute('disabled')).toBe(true);

    fireEvent.click(screen.getByTestId('things-prev'));
    await waitFor(() => expect(rowNames()).toEqual(['Thing 3', 'Thing 4']));
    fireEvent.click(screen.getByTestId('things-prev'));
    await waitFor(() => expect(rowNames()).toEqual(['Thing 1', 'Thing 2']));
  });

  it('goes back to the first page when the filter changes, and shows an empty state', async () => {
    const { rerender } = renderWithApp(<Things />, { handlers: { Things: things } });
    await waitFor(() => expect(rowNames()).toHaveLength(2));
    fireEvent.click(screen.getByTestId('things-next'));
    await waitFor(() => expect(rowNames()).toEqual(['Thing 3', 'Thing 4']));
    rerender(<Things q="nothing" />);
    await waitFor(() => expect(screen.getByTestId('things-empty')).toBeTruthy());
    expect(screen.getByTestId('things-prev').hasAttribute('disabled')).toBe(true);
  });

  it('shows an error with a retry', async () => {
    let fail = true;
    renderWithApp(<Things />, {
      handlers: {
        Things: (v) => (fail ? { errors: [{ message: 'database is down', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } : things(v)),
      },
    });
    await waitFor(() => expect(screen.getByTestId('things-error')).toBeTruthy());
    expect(screen.getByTestId('things-error').textContent).toContain('database is down');
    fail = false;
    fireEvent.click(screen.getByTestId('things-error-retry'));
    await waitFor(() => expect(rowNames()).toEqual(['Thing 1', 'Thing 2']));
  });
});
