import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobsQuery as JobsData, JobStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { JobsQuery, RetryJobMutation } from './operations';

type JobNode = JobsData['jobs']['edges'][number]['node'];

const STATUS_COLOR: Record<string, string> = { QUEUED: 'default', RUNNING: 'processing', SUCCEEDED: 'success', FAILED: 'error' };
const FILTERS = ['ALL', 'QUEUED', 'RUNNING', 'FAILED', 'SUCCEEDED'] as const;

/** Background jobs of the user's banks (imports, daily aging): what waits, runs and failed, with a retry. */
export default function JobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('ALL');
  const [retry, { loading }] = useMutation(RetryJobMutation, { refetchQueries: ['Jobs'] });

  const onRetry = async (id: string) => {
    try {
      const r = await retry({ variables: { id } });
      const result = r.data?.retryJob;
      if (result?.__typename === 'NotEligible') void message.warning(result.message);
      else void message.success(t('jobs.retried'));
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <div data-testid="jobs-page">
      <PageHeader title={t('jobs.title')} />
      <Card>
        <Segmented
          data-testid="jobs-filter"
          value={filter}
          onChange={(v) => setFilter(v as (typeof FILTERS)[number])}
          options={FILTERS.map((f) => ({ value: f, label: t(`jobs.filter.${f}`) }))}
          style={{ marginBottom: 16 }}
        />
        <ConnectionTable
          testId="jobs-table"
          query={JobsQuery}
          variables={{ status: filter === 'ALL' ? null : (filter as JobStatus) }}
          select={(d) => d.jobs}
          rowKey={(n: JobNode) => n.id}
          pollInterval={5_000}
          columns={[
            { title: t('jobs.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => t(`jobs.kinds.${k}`) },
            { title: t('jobs.client'), dataIndex: 'clientName', key: 'client' },
            {
              title: t('jobs.status'),
              dataIndex: 'status',
              key: 'status',
              render: (s: string) => (
                <Tag color={STATUS_COLOR[s]} data-testid={`job-status-${s}`}>
                  {t(`jobs.statuses.${s}`)}
                </Tag>
              ),
            },
            { title: t('jobs.attempts'), key: 'attempts', render: (_: unknown, n: JobNode) => `${n.attempts} / ${n.maxAttempts}` },
            {
              title: t('jobs.reason'),
              dataIndex: 'lastError',
              key: 'reason',
              render: (e: string | null) => (e ? <Typography.Text type="danger" data-testid="job-reason">{e}</Typography.Text> : '—'),
            },
            { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => <DateTime value={v} /> },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, n: JobNode) =>
                n.status === 'FAILED' ? (
                  <Button size="small" loading={loading} onClick={() => void onRetry(n.id)} data-testid="job-retry">
                    {t('jobs.retry')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
