import { useQuery } from '@apollo/client/react';
import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentRole } from '../../shared/current-role';
import { categoryName, ClockTag, ComplaintStatusTag } from './ClockTag';
import { ComplaintCategoriesQuery, ComplaintsQuery } from './operations';

/** The account's complaints on the shared account page: why it may be held, and how long is left. */
export function AccountComplaintsCard({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const role = useCurrentRole();
  const { data } = useQuery(ComplaintsQuery, { variables: { first: 20, filter: { accountId } } });
  const categories = useQuery(ComplaintCategoriesQuery);
  const rows = data?.complaints.edges.map((e) => e.node) ?? [];
  if (!rows.length) return null;
  const base = role === 'CLIENT_USER' ? '/bank/complaints' : '/complaints';
  return (
    <Card title={t('complaints.nav')} size="small" data-testid="account-complaints">
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={rows}
        columns={[
          { title: t('complaints.reference'), key: 'ref', render: (_, c) => <Link to={`${base}/${c.id}`}>{c.reference}</Link> },
          { title: t('complaints.category'), key: 'cat', render: (_, c) => categoryName(categories.data?.complaintCategories, c.category, i18n.language) },
          { title: t('complaints.status'), key: 'status', render: (_, c) => <ComplaintStatusTag status={c.status} /> },
          { title: t('complaints.regulatoryClock'), key: 'reg', render: (_, c) => <ClockTag clock={c.regulatoryClock} /> },
        ]}
      />
    </Card>
  );
}
