import { useQuery } from '@apollo/client/react';
import { Card, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ContactRefusalsQuery as RefusalsData } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { PageHeader } from '../../shared/PageHeader';
import { RuleTags } from './ContactPanel';
import { ContactRefusalsQuery, RevealCountsQuery } from './operations';

type Refusal = RefusalsData['contactRefusals']['edges'][number]['node'];

/** Supervisors: every contact the policy refused, with the rules, the version and who tried. */
export default function ContactCompliancePage() {
  const { t } = useTranslation();
  const reveals = useQuery(RevealCountsQuery, { fetchPolicy: 'network-only' });
  const columns: ColumnsType<Refusal> = [
    { title: t('contact.at'), key: 'at', render: (_, r) => <DateTime value={r.attemptedAt} /> },
    {
      title: t('contact.compliance.account'),
      key: 'account',
      render: (_, r) => (r.account ? <Link to={`/accounts/${encodeURIComponent(r.account.id)}`}>{r.account.bankRef}</Link> : '—'),
    },
    { title: t('contact.compliance.bank'), key: 'bank', render: (_, r) => r.account?.client.name ?? '—' },
    { title: t('contact.compliance.collector'), key: 'by', render: (_, r) => r.attemptedBy?.displayName ?? '—' },
    { title: t('contact.channel'), key: 'ch', render: (_, r) => `${t(`contact.channels.${r.channel}`)} · ${t(`contact.parties.${r.party}`)}` },
    { title: t('contact.compliance.rules'), key: 'rules', render: (_, r) => <RuleTags rules={r.rules} /> },
    { title: t('contact.nextAllowed'), key: 'next', render: (_, r) => <DateTime value={r.nextAllowedAt} /> },
    { title: 'v', key: 'v', render: (_, r) => <Tag>{r.policyVersion}</Tag> },
  ];
  return (
    <div data-testid="contact-compliance-page">
      <PageHeader title={t('contact.compliance.title')} />
      <Card title={t('contact.compliance.refusals')}>
        <ConnectionTable testId="refusals-table" query={ContactRefusalsQuery} select={(d) => d.contactRefusals} rowKey={(r: Refusal) => r.id} columns={columns} emptyText={t('contact.compliance.empty')} />
      </Card>
      <Card title={t('contact.compliance.reveals')} style={{ marginTop: 16 }}>
        <Table
          data-testid="reveals-table"
          size="small"
          pagination={false}
          rowKey={(r) => `${r.userId}-${r.day}`}
          loading={reveals.loading}
          dataSource={reveals.data?.contactRevealCounts ?? []}
          locale={{ emptyText: t('contact.compliance.noReveals') }}
          columns={[
            { title: t('contact.compliance.day'), dataIndex: 'day', key: 'day' },
            { title: t('contact.compliance.collector'), dataIndex: 'displayName', key: 'who' },
            { title: t('contact.compliance.revealCount'), key: 'n', align: 'right', render: (_, r) => <Tag color={r.reveals >= r.limit ? 'red' : undefined}>{`${r.reveals} / ${r.limit}`}</Tag> },
          ]}
        />
      </Card>
    </div>
  );
}
