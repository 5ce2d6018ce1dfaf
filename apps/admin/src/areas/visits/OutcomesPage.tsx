import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { ErrorState, Loading } from '../../shared/states';
import { ContactOutcomesQuery, SetContactOutcomeMutation } from './operations';
import DialerSettingsCard from './DialerSettingsCard';

const KINDS = ['CONTACT', 'PROMISE', 'REFUSAL', 'WRONG_NUMBER', 'NO_CONTACT', 'THIRD_PARTY', 'HARDSHIP', 'CALL_BACK', 'OTHER'] as const;

interface Draft {
  code: string;
  labelZh: string;
  labelEn: string;
  connected: boolean;
  disclosesDebt: boolean;
  kind: string;
  active: boolean;
  sort: number;
  builtIn: boolean;
  isNew: boolean;
}

/** Agency admins: the outcome list collectors record (built-in outcomes keep their meaning). */
export default function OutcomesPage() {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(ContactOutcomesQuery, { fetchPolicy: 'network-only' });
  const [save, saving] = useMutation(SetContactOutcomeMutation);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;

  async function onSave() {
    if (!draft) return;
    setProblem(null);
    try {
      const { builtIn: _b, isNew: _n, ...input } = draft;
      const r = (await save({ variables: { input: { ...input, kind: input.kind as never } } })).data?.setContactOutcome;
      if (r?.__typename === 'NotEligible') return setProblem(r.message);
      setDraft(null);
      await refetch();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  }
  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));

  return (
    <div data-testid="outcomes-page">
      <PageHeader
        title={t('outcomes.title')}
        extra={
          <Button type="primary" data-testid="outcome-add" onClick={() => setDraft({ code: '', labelZh: '', labelEn: '', connected: false, disclosesDebt: false, kind: 'OTHER', active: true, sort: 100, builtIn: false, isNew: true })}>
            {t('outcomes.add')}
          </Button>
        }
      />
      <Table
        data-testid="outcomes-table"
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={data?.contactOutcomes ?? []}
        columns={[
          { title: t('outcomes.code'), dataIndex: 'code', key: 'code', render: (c: string) => <code>{c}</code> },
          { title: t('outcomes.labelZh'), dataIndex: 'labelZh', key: 'zh' },
          { title: t('outcomes.labelEn'), dataIndex: 'labelEn', key: 'en' },
          { title: t('outcomes.kind'), key: 'k', render: (_, o) => <Tag color={o.acknowledgesDebt ? 'purple' : undefined}>{t(`outcomes.kinds.${o.kind}`)}</Tag> },
          { title: t('outcomes.connected'), key: 'c', render: (_, o) => (o.connected ? t('common.yes') : t('common.no')) },
          { title: t('outcomes.state'), key: 's', render: (_, o) => <Space size={4}>{o.builtIn ? <Tag>{t('outcomes.builtIn')}</Tag> : null}{o.active ? null : <Tag color="default">{t('outcomes.retired')}</Tag>}</Space> },
          {
            title: '',
            key: 'e',
            render: (_, o) => (
              <Button size="small" data-testid={`outcome-edit-${o.code}`} onClick={() => setDraft({ code: o.code, labelZh: o.labelZh, labelEn: o.labelEn, connected: o.connected, disclosesDebt: o.disclosesDebt, kind: o.kind, active: o.active, sort: o.sort, builtIn: o.builtIn, isNew: false })}>
                {t('outcomes.edit')}
              </Button>
            ),
          },
        ]}
      />
      <DialerSettingsCard />
      <Modal open={!!draft} title={draft?.isNew ? t('outcomes.add') : t('outcomes.edit')} onCancel={() => setDraft(null)} onOk={() => void onSave()} confirmLoading={saving.loading} okButtonProps={{ 'data-testid': 'outcome-save' } as never}>
        {draft ? (
          <Form layout="vertical">
            <Form.Item label={t('outcomes.code')}>
              <Input data-testid="outcome-code" value={draft.code} disabled={!draft.isNew} onChange={(e) => set({ code: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('outcomes.labelZh')}>
              <Input data-testid="outcome-label-zh" value={draft.labelZh} onChange={(e) => set({ labelZh: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('outcomes.labelEn')}>
              <Input data-testid="outcome-label-en" value={draft.labelEn} onChange={(e) => set({ labelEn: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('outcomes.kind')}>
              <Select disabled={draft.builtIn} value={draft.kind} onChange={(v) => set({ kind: v })} options={(draft.builtIn ? [draft.kind] : KINDS).map((k) => ({ value: k, label: t(`outcomes.kinds.${k}`) }))} />
            </Form.Item>
            <Space wrap>
              <Checkbox disabled={draft.builtIn} checked={draft.connected} onChange={(e) => set({ connected: e.target.checked })}>
                {t('outcomes.connected')}
              </Checkbox>
              <Checkbox disabled={draft.builtIn} checked={draft.disclosesDebt} onChange={(e) => set({ disclosesDebt: e.target.checked })}>
                {t('outcomes.disclosesDebt')}
              </Checkbox>
              <Checkbox data-testid="outcome-active" checked={draft.active} onChange={(e) => set({ active: e.target.checked })}>
                {t('outcomes.active')}
              </Checkbox>
              <InputNumber min={0} max={10000} value={draft.sort} onChange={(v) => set({ sort: v ?? 100 })} addonBefore={t('outcomes.sort')} />
            </Space>
            {draft.builtIn ? <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('outcomes.builtInHint')} /> : null}
            {problem ? <Alert style={{ marginTop: 12 }} type="warning" showIcon data-testid="outcome-problem" title={problem} /> : null}
          </Form>
        ) : null}
      </Modal>
    </div>
  );
}
