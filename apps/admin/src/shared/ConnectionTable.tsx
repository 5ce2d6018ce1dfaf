import type { TypedDocumentNode } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Button, Space, Table, Typography } from 'antd';
import type { ColumnsType, TableProps } from 'antd/es/table';
import { useMemo, useRef, useState, type Key, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState } from './states';

/** The Relay connection shape every list of the API has. */
export interface Connection<N> {
  edges: ReadonlyArray<{ cursor: string; node: N }>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount?: number | null;
}

export interface ConnectionTableProps<TData, TVariables, N> {
  query: TypedDocumentNode<TData, TVariables>;
  /** Variables besides `first` and `after` (filters, order); a change goes back to the first page. */
  variables?: Omit<TVariables, 'first' | 'after'>;
  select: (data: TData) => Connection<N> | null | undefined;
  columns: ColumnsType<N>;
  rowKey: (node: N) => Key;
  pageSize?: number;
  rowSelection?: TableProps<N>['rowSelection'];
  onRow?: TableProps<N>['onRow'];
  emptyText?: ReactNode;
  testId?: string;
  pollInterval?: number;
  size?: 'small' | 'middle' | 'large';
  skip?: boolean;
}

/**
 * A table over a Relay connection, paged by cursor: it keeps the cursors of the pages
 * already seen, so "previous" goes back exactly and "next" asks for `after: endCursor`.
 */
export function ConnectionTable<TData, TVariables, N extends object>(props: ConnectionTableProps<TData, TVariables, N>) {
  const { t } = useTranslation();
  const { query, variables, select, columns, rowKey, pageSize = 20, testId = 'connection-table' } = props;
  const variablesKey = JSON.stringify(variables ?? {});
  const [paging, setPaging] = useState<{ key: string; cursors: Array<string | null> }>({ key: variablesKey, cursors: [null] });
  const cursors = paging.key === variablesKey ? paging.cursors : [null];
  const after = cursors[cursors.length - 1] ?? null;

  const { data, previousData, loading, error, refetch } = useQuery(query, {
    variables: { ...(variables ?? {}), first: pageSize, after } as unknown as TVariables,
    skip: props.skip,
    pollInterval: props.pollInterval,
    notifyOnNetworkStatusChange: true,
  } as never) as {
    data: TData | undefined;
    previousData: TData | undefined;
    loading: boolean;
    error: unknown;
    refetch: () => Promise<unknown>;
  };

  const shownPageRef = useRef(1);
  const shown = data ?? previousData;
  const connection = shown ? select(shown) : undefined;
  const rows = useMemo(() => (connection?.edges ?? []).map((e) => e.node), [connection]);

  if (error && !connection) {
    return <ErrorState testId={`${testId}-error`} error={error} onRetry={() => void refetch()} />;
  }

  // While the next page loads, the rows (previousData) and the page number stay those of the last page shown.
  const requestedPage = cursors.length;
  if (data) shownPageRef.current = requestedPage;
  const page = data ? requestedPage : shownPageRef.current;
  const hasNext = Boolean(connection?.pageInfo.hasNextPage && connection.pageInfo.endCursor);
  const total = connection?.totalCount;

  return (
    <div data-testid={testId}>
      <Table<N>
        columns={columns}
        dataSource={rows}
        rowKey={rowKey}
        loading={loading}
        pagination={false}
        size={props.size ?? 'middle'}
        rowSelection={props.rowSelection}
        onRow={props.onRow}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: loading ? ' ' : <EmptyState testId={`${testId}-empty`} title={props.emptyText} /> }}
      />
      <Space style={{ marginTop: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary" data-testid={`${testId}-page`}>
          {total != null ? t('common.pageOf', { page, total }) : t('common.page', { page })}
        </Typography.Text>
        <Space>
          <Button
            data-testid={`${testId}-prev`}
            disabled={requestedPage <= 1 || loading}
            onClick={() => setPaging({ key: variablesKey, cursors: cursors.slice(0, -1) })}
          >
            {t('common.previous')}
          </Button>
          <Button
            data-testid={`${testId}-next`}
            disabled={!hasNext || loading}
            onClick={() =>
              setPaging({ key: variablesKey, cursors: [...cursors, connection?.pageInfo.endCursor ?? null] })
            }
          >
            {t('common.next')}
          </Button>
        </Space>
      </Space>
    </div>
  );
}
