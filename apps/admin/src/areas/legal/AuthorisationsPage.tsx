import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LegalCaseRowFragment } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { Money } from '../../shared/Money';
import { PageHeader } from '../../shared/PageHeader';
import { AuthoriseLegalCaseMutation, LegalCasesQuery } from './operations';

/** The bank's authorisations: referrals waiting for its decision to sue. */
export default function AuthorisationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [authorise, { loading }] = useMutation(AuthoriseLegalCaseMutation, { refetchQueries: ['LegalCases'] });
  const run = async (caseId: string, approve: boolean) => {
    try {
      const r = await authorise({ variables: { caseId, approve } });
      const out = r.data?.authoriseLegalCase;
      if (out?.__typename === 'NotEligible') void message.warning(out.message);
      else void message.success(approve ? t('legal.authorisations.approved') : t('legal.authorisations.declined'));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <div data-testid="authorisations-page">
      <PageHeader title={t('legal.authorisations.title')} />
      <Card>
        <ConnectionTable
          testId="authorisation-list"
          query={LegalCasesQuery}
          variables={{ filter: { statuses: ['AWAITING_AUTHORISATION'] } }}
          select={(d) => d.legalCases}
          rowKey={(n: LegalCaseRowFragment) => n.id}
          emptyText={t('legal.authorisations.empty')}
          columns={[
            { title: t('legal.col.account'), key: 'account', render: (_, c) => <Link to={`/legal/cases/${encodeURIComponent(c.id)}`}>{(c.account && 'bankRef' in c.account ? c.account.bankRef : null) ?? t('legal.case.open')}</Link> },
            { title: t('legal.col.firm'), dataIndex: 'lawFirmName', key: 'firm' },
            { title: t('legal.col.claim'), key: 'claim', render: (_, c) => <Money value={c.claim} /> },
            { title: t('legal.col.referredAt'), key: 'referredAt', render: (_, c) => <DateTime value={c.referredAt} /> },
            {
              title: '',
              key: 'actions',
              render: (_, c, i) => (
                <Space>
                  <Button type="primary" size="small" loading={loading} onClick={() => void run(c.id, true)} data-testid={`authorise-${i}`}>
                    {t('legal.authorisations.approve')}
                  </Button>
                  <Button danger size="small" loading={loading} onClick={() => void run(c.id, false)} data-testid={`decline-${i}`}>
                    {t('legal.authorisations.decline')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
