import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LegalCaseRowFragment } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { Money } from '../../shared/Money';
import { PageHeader } from '../../shared/PageHeader';
import { useSession } from '../../app/session';
import { AuthoriseLegalCaseMutation, LegalCasesQuery, LegalReadinessQuery, SetLegalPlaintiffMutation } from './operations';

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
      <PlaintiffCard />
    </div>
  );
}

/** The bank's legal entity as it appears as plaintiff in every case file. */
function PlaintiffCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const clientId = me?.clients[0]?.id ?? '';
  const { data } = useQuery(LegalReadinessQuery, { variables: { clientId }, skip: !clientId });
  const [save, { loading }] = useMutation(SetLegalPlaintiffMutation, { refetchQueries: ['LegalReadiness'] });
  const [form] = Form.useForm<{ legalName: string; creditCode?: string; registeredAddress?: string; representative?: string }>();
  const p = data?.legalReadiness.plaintiff;
  if (!clientId || !data) return null;
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save({ variables: { clientId, input: { legalName: v.legalName.trim(), creditCode: v.creditCode || null, registeredAddress: v.registeredAddress || null, representative: v.representative || null } } });
      void message.success(t('legal.plaintiff.saved'));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card title={t('legal.plaintiff.title')} style={{ marginTop: 16 }} data-testid="plaintiff-card">
      <Form form={form} layout="inline" style={{ rowGap: 8 }} initialValues={p ?? {}}>
        <Form.Item name="legalName" rules={[{ required: true, max: 300 }]}>
          <Input placeholder={t('legal.plaintiff.legalName')} style={{ width: 260 }} data-testid="plaintiff-name" />
        </Form.Item>
        <Form.Item name="creditCode">
          <Input placeholder={t('legal.plaintiff.creditCode')} />
        </Form.Item>
        <Form.Item name="registeredAddress">
          <Input placeholder={t('legal.plaintiff.address')} />
        </Form.Item>
        <Form.Item name="representative">
          <Input placeholder={t('legal.plaintiff.representative')} />
        </Form.Item>
        <Button type="primary" loading={loading} onClick={() => void submit()} data-testid="plaintiff-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
