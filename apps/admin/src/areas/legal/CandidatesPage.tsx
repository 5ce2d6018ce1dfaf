import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegalCandidatesQuery as CandidatesData } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { LocalDate } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { Money } from '../../shared/Money';
import { PageHeader } from '../../shared/PageHeader';
import { ClientPicker, useSelectedClient } from '../bank/ClientPicker';
import { LawFirmsQuery, LegalCandidatesQuery, LegalReadinessQuery, ReferToLawFirmMutation } from './operations';

type Candidate = NonNullable<CandidatesData['legalCandidates']>['edges'][number]['node'];

/** The supervisor's view: a client's accounts as legal candidates, each with why it qualifies or not; refer the selection. */
export default function CandidatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useSelectedClient();
  const clientId = client.client?.id ?? '';
  const [eligibleOnly, setEligibleOnly] = useState(true);
  const [selected, setSelected] = useState<string[]>([]);
  const [firmId, setFirmId] = useState<string | undefined>();
  const readiness = useQuery(LegalReadinessQuery, { variables: { clientId }, skip: !clientId });
  const firms = useQuery(LawFirmsQuery, { variables: { first: 100 } });
  const [refer, { loading }] = useMutation(ReferToLawFirmMutation, { refetchQueries: ['LegalCandidates', 'LegalCases'] });
  const r = readiness.data?.legalReadiness;

  const submit = async () => {
    if (!firmId || !selected.length) return;
    try {
      const res = await refer({ variables: { input: { accountIds: selected, lawFirmId: firmId } } });
      const out = res.data?.referToLawFirm;
      if (out?.__typename === 'NotEligible') void message.warning(out.message);
      if (out?.__typename === 'ReferralResult') {
        if (out.cases.length) void message.success(t('legal.candidates.referred', { count: out.cases.length }));
        if (out.refused.length) void message.warning(t('legal.candidates.refused', { count: out.refused.length, reasons: out.refused.map((x) => x.message).join('; ') }));
      }
      setSelected([]);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <div data-testid="candidates-page">
      <PageHeader title={t('legal.candidates.title')} extra={<ClientPicker state={client} />} />
      {r ? (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
          <Space wrap>
            <Tag>{t('legal.candidates.policy', { preset: r.preset, version: r.policyVersion })}</Tag>
            {r.authorisationRequired ? <Tag color="gold">{t('legal.candidates.authorisationRequired')}</Tag> : null}
          </Space>
          {r.missing.includes('plaintiff_legal_entity') ? <Alert type="warning" showIcon message={t('legal.candidates.plaintiffMissing')} data-testid="plaintiff-missing" /> : null}
        </Space>
      ) : null}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Space>
            <Switch checked={eligibleOnly} onChange={setEligibleOnly} data-testid="candidates-eligible-only" />
            {t('legal.candidates.eligibleOnly')}
          </Space>
          <Select
            style={{ width: 240 }}
            placeholder={t('legal.candidates.firm')}
            value={firmId}
            onChange={setFirmId}
            options={(firms.data?.lawFirms.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))}
            data-testid="refer-firm"
          />
          <Button type="primary" disabled={!firmId || !selected.length} loading={loading} onClick={() => void submit()} data-testid="refer-submit">
            {t('legal.candidates.refer', { count: selected.length })}
          </Button>
        </Space>
        <ConnectionTable
          testId="candidates-table"
          query={LegalCandidatesQuery}
          variables={{ clientId, eligibleOnly }}
          skip={!clientId}
          select={(d) => d.legalCandidates}
          rowKey={(n: Candidate) => n.accountId}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (n: Candidate) => ({ disabled: !n.eligible || n.missing.length > 0, 'data-testid': `candidate-select-${n.bankRef}` }) as never,
          }}
          columns={[
            { title: t('legal.col.account'), dataIndex: 'bankRef', key: 'bankRef' },
            { title: t('legal.col.debtor'), dataIndex: 'debtorName', key: 'debtor' },
            { title: t('legal.col.dpd'), dataIndex: 'dpd', key: 'dpd' },
            { title: t('legal.col.balance'), key: 'balance', render: (_, n) => <Money value={n.balance} /> },
            {
              title: t('legal.col.eligible'),
              key: 'eligible',
              render: (_, n) => (
                <Tooltip
                  title={
                    <div>
                      {n.checks.map((c) => (
                        <div key={c.code}>
                          {c.passed ? '✓' : '✗'} {c.message}
                        </div>
                      ))}
                    </div>
                  }
                >
                  <Tag color={n.eligible ? 'green' : 'default'} data-testid={`candidate-eligible-${n.bankRef}`}>
                    {n.eligible ? t('legal.candidates.eligible') : t('legal.candidates.notEligible')}
                  </Tag>
                  {!n.eligible ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.checks
                        .filter((c) => !c.passed)
                        .map((c) => c.message)
                        .join('; ')}
                    </Typography.Text>
                  ) : null}
                </Tooltip>
              ),
            },
            {
              title: t('legal.col.missing'),
              key: 'missing',
              render: (_, n) =>
                n.missing.length ? (
                  n.missing.map((m) => (
                    <Tag key={m} color="orange">
                      {t(`legal.missing.${m}`, { defaultValue: m })}
                    </Tag>
                  ))
                ) : (
                  <Tag color="green">{t('legal.candidates.complete')}</Tag>
                ),
            },
            {
              title: t('legal.col.limitation'),
              key: 'limitation',
              render: (_, n) => (
                <Space size={4}>
                  <LocalDate value={n.limitation.expiresOn} />
                  {n.limitation.timeBarred ? <Tag color="red">{t('legal.candidates.timeBarred')}</Tag> : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
