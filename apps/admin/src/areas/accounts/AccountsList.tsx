import { Space, Tag, Typography } from 'antd';
import type { ColumnsType, TableProps } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AccountFilter, AccountListFieldsFragment, AccountOrder } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime, LocalDate } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { bucketLabel } from './AccountFilters';
import { AccountsQuery } from './operations';

export type AccountListNode = AccountListFieldsFragment;

const BUCKET_COLORS: Record<string, string> = {
  M0: 'default',
  M1: 'green',
  M2: 'lime',
  M3: 'gold',
  M4: 'orange',
  M5: 'volcano',
  M6: 'red',
  M6_PLUS: 'magenta',
};

export function BucketTag({ bucket }: { bucket: string | null | undefined }) {
  if (!bucket) return <span>—</span>;
  return <Tag color={BUCKET_COLORS[bucket] ?? 'default'}>{bucketLabel(bucket)}</Tag>;
}

export function AccountStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = status === 'ACTIVE' ? 'blue' : status === 'RECALLED' ? 'purple' : 'default';
  return <Tag color={color}>{t(`accountStatus.${status}`)}</Tag>;
}

/** The account list every portal uses; which columns show depends on who is looking. */
export function AccountsList({
  filter,
  orderBy,
  testId = 'accounts-table',
  showCollector = true,
  showClient = true,
  showRecall = false,
  rowSelection,
}: {
  filter: AccountFilter;
  orderBy?: AccountOrder;
  testId?: string;
  showCollector?: boolean;
  showClient?: boolean;
  showRecall?: boolean;
  rowSelection?: TableProps<AccountListNode>['rowSelection'];
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<AccountListNode> = [
    {
      title: t('accounts.account'),
      key: 'ref',
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/accounts/${encodeURIComponent(a.id)}`} data-testid="account-link">
            {a.bankRef}
          </Link>
          {a.cardLast4 ? <Typography.Text type="secondary">•••• {a.cardLast4}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('accounts.debtor'), key: 'debtor', render: (_, a) => a.debtor.name },
    ...(showClient
      ? [{ title: t('accounts.client'), key: 'client', render: (_: unknown, a: AccountListNode) => <span data-testid="account-client">{a.client.name}</span> }]
      : []),
    { title: t('accounts.bucket'), key: 'bucket', render: (_, a) => <BucketTag bucket={a.bucket} /> },
    { title: t('accounts.dpd'), dataIndex: 'daysPastDue', key: 'dpd', align: 'right' },
    { title: t('accounts.totalDue'), key: 'totalDue', align: 'right', render: (_, a) => <Money value={a.totalDue} /> },
    { title: t('accounts.collected'), key: 'collected', align: 'right', render: (_, a) => <Money value={a.collected} /> },
    { title: t('accounts.status'), key: 'status', render: (_, a) => <AccountStatusTag status={a.status} /> },
    ...(showCollector
      ? [
          {
            title: t('accounts.collector'),
            key: 'collector',
            render: (_: unknown, a: AccountListNode) =>
              a.assignedCollector ? (
                <span data-testid="account-collector">{a.assignedCollector.displayName}</span>
              ) : (
                <Typography.Text type="secondary">{t('accounts.unassigned')}</Typography.Text>
              ),
          },
        ]
      : []),
    { title: t('accounts.placedAt'), key: 'placedOn', render: (_, a) => <LocalDate value={a.placedOn} /> },
    ...(showRecall
      ? [
          { title: t('bank.recalledAt'), key: 'recalledAt', render: (_: unknown, a: AccountListNode) => <DateTime value={a.recalledAt} /> },
          { title: t('bank.reason'), key: 'recallReason', render: (_: unknown, a: AccountListNode) => a.recallReason ?? '—' },
        ]
      : []),
  ];
  return (
    <ConnectionTable
      testId={testId}
      query={AccountsQuery}
      variables={{ filter, orderBy }}
      select={(d) => d.accounts}
      rowKey={(a: AccountListNode) => a.id}
      columns={columns}
      rowSelection={rowSelection}
      pageSize={20}
      size="middle"
    />
  );
}
