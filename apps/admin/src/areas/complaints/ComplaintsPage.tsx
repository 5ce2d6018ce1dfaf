import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import type { ComplaintFilter, ComplaintListFieldsFragment, ComplaintStatus } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { PageHeader } from '../../shared/PageHeader';
import { categoryName, ClockTag, ComplaintStatusTag } from './ClockTag';
import { NewComplaintDrawer } from './NewComplaintDrawer';
import { ComplaintCategoriesQuery, ComplaintsQuery, ComplaintSummaryQuery } from './operations';

const STATUSES: ComplaintStatus[] = ['RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING', 'RESOLVED', 'CLOSED', 'WITHDRAWN'];
const OPEN: ComplaintStatus[] = ['RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING'];
type View = 'all' | 'open' | 'dueSoon' | 'late';

/**
 * The complaints list: staff see every bank in their scope, a bank user its own. Supervisors work from
 * the due-soon and late views; both clocks show the days left.
 */
export default function ComplaintsPage() {
  const { t, i18n } = useTranslation();
  const { role } = useSession();
  const bankUser = role === 'CLIENT_USER';
  const base = bankUser ? '/bank/complaints' : '/complaints';
  const [view, setView] = useState<View>('all');
  const [statuses, setStatuses] = useState<ComplaintStatus[]>([]);
  const [category, setCategory] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const categories = useQuery(ComplaintCategoriesQuery);

  const filter: ComplaintFilter = {
    ...(view === 'open' ? { statuses: OPEN } : statuses.length ? { statuses } : {}),
    ...(view === 'dueSoon' ? { dueSoon: true } : {}),
    ...(view === 'late' ? { overdue: true } : {}),
    ...(category ? { categories: [category] } : {}),
  };

  return (
    <div data-testid="complaints-page">
      <PageHeader
        title={bankUser ? t('complaints.bankTitle') : t('complaints.title')}
        extra={
          bankUser ? null : (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="complaint-new">
              {t('complaints.new')}
            </Button>
          )
        }
      />
      <Card>
        <Tabs
          activeKey={view}
          onChange={(k) => setView(k as View)}
          items={(['all', 'open', 'dueSoon', 'late'] as View[]).map((k) => ({ key: k, label: <span data-testid={`complaints-tab-${k}`}>{t(`complaints.tabs.${k}`)}</span> }))}
        />
        <Space wrap style={{ marginBottom: 12 }}>
          {view === 'all' ? (
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 220 }}
              placeholder={t('complaints.filterStatus')}
              value={statuses}
              onChange={setStatuses}
              data-testid="complaints-filter-status"
              options={STATUSES.map((s) => ({ value: s, label: t(`complaints.statuses.${s}`) }))}
            />
          ) : null}
          <Select
            allowClear
            style={{ minWidth: 220 }}
            placeholder={t('complaints.filterCategory')}
            value={category}
            onChange={setCategory}
            data-testid="complaints-filter-category"
            options={(categories.data?.complaintCategories ?? []).map((c) => ({ value: c.code, label: categoryName(categories.data?.complaintCategories, c.code, i18n.language) }))}
          />
        </Space>
        <ConnectionTable
          testId="complaints-table"
          query={ComplaintsQuery}
          variables={{ filter }}
          select={(d) => d.complaints}
          rowKey={(c: ComplaintListFieldsFragment) => c.id}
          columns={[
            { title: t('complaints.reference'), key: 'ref', render: (_, c) => <Link to={`${base}/${c.id}`} data-testid={`complaint-link-${c.reference}`}>{c.reference}</Link> },
            { title: t('complaints.status'), key: 'status', render: (_, c) => <ComplaintStatusTag status={c.status} /> },
            { title: t('complaints.category'), key: 'category', render: (_, c) => categoryName(categories.data?.complaintCategories, c.category, i18n.language) },
            { title: t('complaints.severity'), key: 'severity', render: (_, c) => <Tag color={c.severity === 'CRITICAL' || c.severity === 'HIGH' ? 'red' : undefined}>{t(`complaints.severities.${c.severity}`)}</Tag> },
            { title: t('complaints.source'), key: 'source', render: (_, c) => t(`complaints.sources.${c.source}`) },
            { title: t('complaints.account'), key: 'account', render: (_, c) => c.accountRef ?? t('complaints.noAccount') },
            ...(bankUser ? [] : [{ title: t('complaints.bank'), key: 'bank', render: (_: unknown, c: ComplaintListFieldsFragment) => c.client.name }]),
            ...(bankUser ? [] : [{ title: t('complaints.against'), key: 'against', render: (_: unknown, c: ComplaintListFieldsFragment) => c.againstCollector?.displayName ?? '—' }]),
            { title: t('complaints.regulatoryClock'), key: 'reg', render: (_, c) => <ClockTag clock={c.regulatoryClock} /> },
            { title: t('complaints.contractualClock'), key: 'con', render: (_, c) => <ClockTag clock={c.contractualClock} /> },
            { title: t('complaints.received'), key: 'received', render: (_, c) => <DateTime value={c.receivedAt} /> },
          ]}
        />
      </Card>
      {bankUser ? null : <BreachSummary />}
      <NewComplaintDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

/** Breach counts by bank: what the supervisor reports upwards. */
function BreachSummary() {
  const { t } = useTranslation();
  const { data } = useQuery(ComplaintSummaryQuery);
  return (
    <Card title={t('complaints.summaryTitle')} style={{ marginTop: 16 }} size="small">
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        data-testid="complaints-summary"
        dataSource={data?.complaintSummary.byClient ?? []}
        columns={[
          { title: t('complaints.bank'), dataIndex: 'label', key: 'label' },
          { title: t('complaints.total'), dataIndex: 'total', key: 'total', align: 'right' },
          { title: t('complaints.open'), dataIndex: 'open', key: 'open', align: 'right' },
          { title: t('complaints.breaches'), dataIndex: 'regulatoryBreaches', key: 'breaches', align: 'right' },
        ]}
      />
    </Card>
  );
}
