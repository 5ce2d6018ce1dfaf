import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Col, Input, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../shared/DateTime';
import { PageHeader } from '../../shared/PageHeader';
import { ErrorState, Loading } from '../../shared/states';
import { errorMessage } from '../../shared/errors';
import { ContactPolicyQuery, SetContactPolicyMutation } from './operations';
import { policyDiff, type PolicyChange } from './policy-diff';

function DiffTable({ changes, testId }: { changes: PolicyChange[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table
      data-testid={testId}
      size="small"
      pagination={false}
      rowKey="path"
      dataSource={changes}
      locale={{ emptyText: t('contact.policy.noChanges') }}
      columns={[
        { title: t('contact.policy.setting'), dataIndex: 'path', key: 'p' },
        { title: t('contact.policy.before'), dataIndex: 'before', key: 'b', render: (v: string) => <code>{v}</code> },
        { title: t('contact.policy.after'), dataIndex: 'after', key: 'a', render: (v: string) => <code>{v}</code> },
      ]}
    />
  );
}

/** Agency admins: each bank's contact policy, which may only tighten its preset; versions and what changed. */
export default function ContactPolicyPage() {
  const { t } = useTranslation();
  const [clientId, setClientId] = useState<string | undefined>();
  const { data, loading, error, refetch } = useQuery(ContactPolicyQuery, { variables: { clientId: clientId ?? '', skip: !clientId }, fetchPolicy: 'network-only' });
  const [save, saving] = useMutation(SetContactPolicyMutation);
  const [preset, setPreset] = useState<string>('cn_gbt45251');
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<{ ok: boolean; version?: number; violations?: { rule: string; message: string }[]; error?: string } | null>(null);

  const kind = data?.policyKinds.find((k) => k.kind === 'contact');
  const current = data?.clientPolicy;
  useEffect(() => {
    if (current) {
      setPreset(current.preset);
      setText(JSON.stringify(current.body, null, 2));
    }
  }, [current]);
  const presetBody = kind?.presets.find((p) => p.name === preset)?.body;
  const parsed = useMemo(() => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
  }, [text]);

  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const versions = data?.clientPolicyVersions ?? [];

  async function onSave() {
    if (!clientId || !parsed) return;
    setResult(null);
    try {
      const r = (await save({ variables: { input: { clientId, kind: 'contact', preset, body: parsed, note: note || undefined } } })).data?.setClientPolicy;
      if (r?.__typename === 'ClientPolicy') {
        setResult({ ok: true, version: r.version });
        setNote('');
        await refetch();
      } else if (r?.__typename === 'PolicyRejected') setResult({ ok: false, violations: r.violations });
    } catch (e) {
      setResult({ ok: false, error: errorMessage(e) });
    }
  }

  return (
    <div data-testid="contact-policy-page">
      <PageHeader title={t('contact.policy.title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Select
          data-testid="policy-client"
          style={{ width: 320 }}
          placeholder={t('contact.policy.pickBank')}
          value={clientId}
          onChange={(v) => {
            setClientId(v);
            setResult(null);
          }}
          options={(data?.clients.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))}
        />
        {clientId && current ? (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card title={t('contact.policy.edit')} extra={<Tag data-testid="policy-current-version">{t('contact.policyVersion', { version: current.version })}</Tag>}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    {t('contact.policy.preset')}
                    <Select data-testid="policy-preset" style={{ width: 220 }} value={preset} onChange={setPreset} options={(kind?.presets ?? []).map((p) => ({ value: p.name, label: t(`contact.policy.presets.${p.name}`, { defaultValue: p.name }) }))} />
                    <Button data-testid="policy-load-preset" onClick={() => setText(JSON.stringify(presetBody ?? {}, null, 2))}>
                      {t('contact.policy.startFromPreset')}
                    </Button>
                  </Space>
                  <Input.TextArea data-testid="policy-body" rows={18} style={{ fontFamily: 'monospace' }} value={text} onChange={(e) => setText(e.target.value)} />
                  {!parsed ? <Alert type="warning" showIcon title={t('contact.policy.invalidJson')} /> : null}
                  <Input data-testid="policy-note" placeholder={t('contact.policy.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
                  <Button type="primary" data-testid="policy-save" disabled={!parsed} loading={saving.loading} onClick={() => void onSave()}>
                    {t('contact.policy.save')}
                  </Button>
                  {result?.ok ? <Alert type="success" showIcon data-testid="policy-saved" title={t('contact.policy.saved', { version: result.version })} /> : null}
                  {result?.violations ? (
                    <Alert
                      type="error"
                      showIcon
                      data-testid="policy-violations"
                      title={t('contact.policy.rejected')}
                      description={<List size="small" dataSource={result.violations} renderItem={(v) => <List.Item data-rule={v.rule}>{`${v.rule}: ${v.message}`}</List.Item>} />}
                    />
                  ) : null}
                  {result?.error ? <Alert type="error" showIcon title={result.error} /> : null}
                </Space>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('contact.policy.againstPreset')}>
                <DiffTable testId="policy-diff-preset" changes={parsed ? policyDiff(presetBody, parsed) : []} />
              </Card>
              <Card title={t('contact.policy.versions')} style={{ marginTop: 16 }}>
                <Space orientation="vertical" style={{ width: '100%' }} data-testid="policy-versions">
                  {versions.length ? null : <Typography.Text type="secondary">{t('contact.policy.presetInForce')}</Typography.Text>}
                  {versions.map((v, i) => (
                    <Card key={v.version} size="small" type="inner" title={<Space><Tag>{t('contact.policyVersion', { version: v.version })}</Tag><DateTime value={v.createdAt} />{v.note}</Space>}>
                      <DiffTable testId={`policy-diff-v${v.version}`} changes={policyDiff(versions[i + 1]?.body ?? kind?.presets.find((p) => p.name === v.preset)?.body, v.body)} />
                    </Card>
                  ))}
                </Space>
              </Card>
            </Col>
          </Row>
        ) : null}
      </Space>
    </div>
  );
}
