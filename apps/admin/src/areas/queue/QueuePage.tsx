import { Card, Space, Switch, Tag, Typography } from 'antd';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { QueueStandingTag } from '../contact/QueueStanding';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyQueueQuery as MyQueueData } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime, LocalDate } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { PageHeader } from '../../shared/PageHeader';
import { BucketTag } from '../accounts/AccountsList';
import { MyQueueNextOpeningQuery, MyQueueQuery } from './operations';
import { QueueFilterBar, type QueueFilterValue } from '../accounts/QueueFilterBar';

type QueueNode = MyQueueData['myQueue']['edges'][number]['node'];

/** The collector's work queue, highest priority first. */
export default function QueuePage() {
  const { t } = useTranslation();
  const [includeBlocked, setIncludeBlocked] = useState(false);
  const [filter, setFilter] = useState<QueueFilterValue | null>(null);
  const next = useQuery(MyQueueNextOpeningQuery, { fetchPolicy: 'network-only' });
  const columns: ColumnsType<QueueNode> = [
    {
      title: t('queue.priority'),
      key: 'priority',
      render: (_, a) => <Tag color="geekblue">{a.priority.score.toFixed(0)}</Tag>,
    },
    {
      title: t('accounts.account'),
      key: 'ref',
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/accounts/${encodeURIComponent(a.id)}`} data-testid="queue-account-link">
            {a.bankRef}
          </Link>
          {a.cardLast4 ? <Typography.Text type="secondary">•••• {a.cardLast4}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('accounts.debtor'), key: 'debtor', render: (_, a) => a.debtor.name },
    { title: t('accounts.client'), key: 'client', render: (_, a) => a.client.name },
    { title: t('accounts.bucket'), key: 'bucket', render: (_, a) => <BucketTag bucket={a.bucket} /> },
    { title: t('accounts.dpd'), dataIndex: 'daysPastDue', key: 'dpd', align: 'right' },
    { title: t('accounts.totalDue'), key: 'totalDue', align: 'right', render: (_, a) => <Money value={a.totalDue} /> },
    { title: t('queue.nextPromise'), key: 'ptp', render: (_, a) => <LocalDate value={a.nextPromiseDue} /> },
    { title: t('queue.lastContact'), key: 'lastContact', render: (_, a) => <DateTime value={a.lastContactAt} /> },
    { title: t('contact.queue.standing'), key: 'standing', render: (_, a) => <QueueStandingTag standing={a.queueStanding} holds={a.holds} /> },
  ];
  return (
    <div data-testid="queue-page">
      <PageHeader title={t('queue.title')} />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Switch data-testid="queue-include-blocked" checked={includeBlocked} onChange={setIncludeBlocked} />
          {t('contact.queue.includeBlocked')}
          <Typography.Text type="secondary" data-testid="queue-next-opening">
            {t('contact.queue.nextOpening')} <DateTime value={next.data?.myQueueNextOpening ?? null} />
          </Typography.Text>
        </Space>
        <QueueFilterBar onChange={setFilter} />
        <ConnectionTable
          testId="queue-table"
          query={MyQueueQuery}
          variables={{ includeBlocked, filter }}
          select={(d) => d.myQueue}
          rowKey={(a: QueueNode) => a.id}
          columns={columns}
          emptyText={t('queue.empty')}
        />
      </Card>
    </div>
  );
}
