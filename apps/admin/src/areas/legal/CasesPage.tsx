import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LegalCaseRowFragment } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { useCurrentRole } from '../../shared/current-role';
import { DateTime } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { PageHeader } from '../../shared/PageHeader';
import { LegalStatusTag } from './LegalStatusTag';
import { LegalCasesQuery } from './operations';

/** Legal cases as the caller may see them: a lawyer the firm's, staff and banks theirs (RLS decides). */
export default function CasesPage() {
  const { t } = useTranslation();
  const lawyer = useCurrentRole() === 'LAWYER';
  return (
    <div data-testid="cases-page">
      <PageHeader title={t('legal.title')} />
      <Card>
        <ConnectionTable
          testId="legal-cases"
          query={LegalCasesQuery}
          variables={{}}
          select={(d) => d.legalCases}
          rowKey={(n: LegalCaseRowFragment) => n.id}
          emptyText={lawyer ? `${t('legal.empty')} ${t('legal.emptyHint')}` : t('legal.emptyStaff')}
          columns={[
            {
              title: t('legal.col.account'),
              key: 'account',
              render: (_, c) => (
                <Link to={`/legal/cases/${encodeURIComponent(c.id)}`} data-testid={`case-link-${c.accountRef ?? c.id}`}>
                  {c.accountRef ?? <Typography.Text type="secondary">{t('legal.case.open')}</Typography.Text>}
                </Link>
              ),
            },
            { title: t('legal.col.debtor'), key: 'debtor', render: (_, c) => c.debtorName ?? '—' },
            { title: t('legal.col.bank'), key: 'bank', render: (_, c) => c.plaintiffName ?? '—' },
            { title: t('legal.col.firm'), dataIndex: 'lawFirmName', key: 'firm' },
            { title: t('legal.col.status'), key: 'status', render: (_, c) => <LegalStatusTag status={c.status} testId={`case-status-${c.accountRef ?? c.id}`} /> },
            { title: t('legal.col.claim'), key: 'claim', render: (_, c) => <Money value={c.claim} /> },
            { title: t('legal.col.referredAt'), key: 'referredAt', render: (_, c) => <DateTime value={c.referredAt} /> },
          ]}
        />
      </Card>
    </div>
  );
}
