import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplatesPageQuery as PageData } from '../../../gql/graphql';
import { useCurrentRole } from '../../../shared/current-role';
import { DateTime } from '../../../shared/DateTime';
import { errorMessage } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../../shared/states';
import { CreateTemplateMutation, DecideVersionMutation, DraftVersionMutation, SubmitVersionMutation, TemplatesPageQuery } from './operations';

type Template = PageData['messageTemplates'][number];
type Version = Template['versions'][number];
const STATUS_COLOR: Record<string, string> = { DRAFT: 'default', SUBMITTED: 'blue', APPROVED: 'green', REJECTED: 'red' };
const PLACEHOLDERS = ['debtorName', 'amountDue', 'dueDate', 'agencyPhone', 'reference', 'objectionNotice'];

interface Draft {
  name: string;
  channel: 'SMS' | 'LETTER';
  title: string;
  body: string;
  agencyPhone: string;
}
const EMPTY: Draft = { name: '', channel: 'SMS', title: '', body: '', agencyPhone: '' };

/**
 * SMS and letter templates. The agency drafts versions and submits them; the bank's user approves or
 * rejects them (the same page in the bank portal). Only an approved version is ever sent.
 */
export default function TemplatesPage() {
  const { t } = useTranslation();
  const bank = useCurrentRole() === 'CLIENT_USER';
  const [clientId, setClientId] = useState<string | undefined>();
  const { data, loading, error, refetch } = useQuery(TemplatesPageQuery, { variables: { clientId: clientId ?? null }, fetchPolicy: 'network-only' });
  const [create, createState] = useMutation(CreateTemplateMutation);
  const [draftVersion] = useMutation(DraftVersionMutation);
  const [submit] = useMutation(SubmitVersionMutation);
  const [decide] = useMutation(DecideVersionMutation);
  const [form, setForm] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});

  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const clients = (data?.clients.edges ?? []).map((e) => e.node);
  const bankId = clientId ?? (bank ? clients[0]?.id : undefined);

  async function run(work: () => Promise<{ __typename?: string; message?: string } | null | undefined>) {
    setProblem(null);
    try {
      const r = await work();
      if (r?.__typename === 'NotEligible') setProblem(r.message ?? '');
      else {
        setForm(EMPTY);
        setEditing(null);
      }
    } catch (e) {
      setProblem(errorMessage(e));
    }
    await refetch();
  }

  const onSave = () =>
    run(async () => {
      const body = { title: form.channel === 'LETTER' && form.title ? form.title : null, body: form.body, agencyPhone: form.agencyPhone };
      if (editing) return (await draftVersion({ variables: { input: { templateId: editing, ...body } } })).data?.draftMessageTemplateVersion;
      return (await create({ variables: { input: { clientId: bankId!, channel: form.channel, name: form.name, ...body } } })).data?.createMessageTemplate;
    });

  const startNewVersion = (tpl: Template) => {
    const latest = tpl.versions[0];
    setEditing(tpl.id);
    setForm({ name: tpl.name, channel: tpl.channel, title: latest?.title ?? '', body: latest?.body ?? '', agencyPhone: latest?.agencyPhone ?? '' });
  };

  const versionActions = (v: Version) => {
    if (!bank && v.status === 'DRAFT')
      return (
        <Button size="small" type="primary" data-testid={`submit-${v.id}`} onClick={() => void run(async () => (await submit({ variables: { versionId: v.id } })).data?.submitMessageTemplateVersion)}>
          {t('letters.templates.submit')}
        </Button>
      );
    if (bank && v.status === 'SUBMITTED')
      return (
        <Space wrap>
          <Input size="small" style={{ width: 200 }} placeholder={t('letters.templates.note')} value={notes[v.id] ?? ''} onChange={(e) => setNotes({ ...notes, [v.id]: e.target.value })} data-testid="decision-note" />
          <Button size="small" type="primary" data-testid="approve-version" onClick={() => void run(async () => (await decide({ variables: { versionId: v.id, approve: true, note: notes[v.id] || null } })).data?.decideMessageTemplateVersion)}>
            {t('letters.templates.approve')}
          </Button>
          <Button size="small" danger data-testid="reject-version" onClick={() => void run(async () => (await decide({ variables: { versionId: v.id, approve: false, note: notes[v.id] || null } })).data?.decideMessageTemplateVersion)}>
            {t('letters.templates.reject')}
          </Button>
        </Space>
      );
    return null;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="templates-page">
      <PageHeader title={t('letters.templates.title')} />
      {!bank ? (
        <Select
          data-testid="templates-bank"
          style={{ width: 260 }}
          placeholder={t('letters.templates.bank')}
          value={clientId}
          onChange={(v) => {
            setClientId(v);
            setEditing(null);
          }}
          options={clients.map((c) => ({ value: c.id, label: c.name }))}
        />
      ) : null}
      {problem ? <Alert type="warning" showIcon data-testid="template-problem" title={problem} /> : null}
      {!bank && bankId ? (
        <Card size="small" title={editing ? t('letters.templates.newVersion', { name: form.name }) : t('letters.templates.create')} data-testid="template-form">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Row gutter={8}>
              <Col flex="260px">
                <Input data-testid="template-name" placeholder={t('letters.templates.name')} value={form.name} disabled={!!editing} onChange={(e) => setForm({ ...form, name: e.target.value })} maxLength={120} />
              </Col>
              <Col flex="160px">
                <Select
                  data-testid="template-channel"
                  style={{ width: '100%' }}
                  value={form.channel}
                  disabled={!!editing}
                  onChange={(v) => setForm({ ...form, channel: v })}
                  options={[
                    { value: 'SMS', label: t('contact.channels.SMS') },
                    { value: 'LETTER', label: t('contact.channels.LETTER') },
                  ]}
                />
              </Col>
              <Col flex="200px">
                <Input data-testid="template-phone" placeholder={t('letters.templates.agencyPhone')} value={form.agencyPhone} onChange={(e) => setForm({ ...form, agencyPhone: e.target.value })} maxLength={40} />
              </Col>
            </Row>
            {form.channel === 'LETTER' ? <Input data-testid="template-title" placeholder={t('letters.templates.heading')} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} maxLength={200} /> : null}
            <Input.TextArea data-testid="template-body" rows={4} placeholder={t('letters.templates.body')} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} />
            <Typography.Text type="secondary">
              {t('letters.templates.placeholders')} {PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}
            </Typography.Text>
            <Space>
              <Button type="primary" data-testid="template-save" loading={createState.loading} disabled={!form.name || !form.body || !form.agencyPhone} onClick={() => void onSave()}>
                {t('letters.templates.saveDraft')}
              </Button>
              {editing ? (
                <Button
                  onClick={() => {
                    setEditing(null);
                    setForm(EMPTY);
                  }}
                >
                  {t('common.cancel')}
                </Button>
              ) : null}
            </Space>
          </Space>
        </Card>
      ) : null}
      {(data?.messageTemplates ?? []).length === 0 ? <EmptyState /> : null}
      {(data?.messageTemplates ?? []).map((tpl) => (
        <Card
          key={tpl.id}
          size="small"
          data-testid="template-card"
          data-name={tpl.name}
          title={
            <Space>
              <span>{tpl.name}</span>
              <Tag>{t(`contact.channels.${tpl.channel}`)}</Tag>
            </Space>
          }
          extra={
            !bank ? (
              <Button size="small" data-testid="new-version" onClick={() => startNewVersion(tpl)}>
                {t('letters.templates.draftNew')}
              </Button>
            ) : null
          }
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            {tpl.versions.length === 0 ? <Typography.Text type="secondary">{t('letters.templates.nothingSubmitted')}</Typography.Text> : null}
            {tpl.versions.map((v) => (
              <Card key={v.id} size="small" type="inner" data-testid="template-version" data-status={v.status}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>v{v.version}</Typography.Text>
                    <Tag color={STATUS_COLOR[v.status]} data-testid="version-status">
                      {t(`letters.status.${v.status}`)}
                    </Tag>
                    <DateTime value={v.decidedAt ?? v.submittedAt ?? v.createdAt} />
                    {v.decisionNote ? <Typography.Text type="secondary">“{v.decisionNote}”</Typography.Text> : null}
                  </Space>
                  {v.title ? <Typography.Text strong>{v.title}</Typography.Text> : null}
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{v.body}</Typography.Paragraph>
                  <Typography.Text type="secondary">
                    {t('letters.templates.agencyPhone')}: {v.agencyPhone}
                  </Typography.Text>
                  {versionActions(v)}
                </Space>
              </Card>
            ))}
          </Space>
        </Card>
      ))}
    </Space>
  );
}
