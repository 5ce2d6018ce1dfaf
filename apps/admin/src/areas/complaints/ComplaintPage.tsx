import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, List, Modal, Row, Select, Space, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { sessionStore } from '../../app/session-store';
import { useSession } from '../../app/session';
import type { ComplaintDetailQuery as ComplaintDetailData, ComplaintOutcome } from '../../gql/graphql';
import { DateTime } from '../../shared/DateTime';
import { downloadWithAuth } from '../../shared/download';
import { errorMessage } from '../../shared/errors';
import { Notice } from '../../shared/Notice';
import { PageHeader } from '../../shared/PageHeader';
import { ErrorState, Loading } from '../../shared/states';
import { categoryName, ClockTag, ComplaintStatusTag } from './ClockTag';
import {
  AcknowledgeComplaintMutation,
  AddComplaintCommentMutation,
  CloseComplaintMutation,
  ComplaintCategoriesQuery,
  ComplaintDetailQuery,
  ExtendComplaintMutation,
  InvestigateComplaintMutation,
  ReopenComplaintMutation,
  ResolveComplaintMutation,
  WithdrawComplaintMutation,
} from './operations';

type Complaint = NonNullable<ComplaintDetailData['complaint']>;
type ReasonAction = 'withdraw' | 'reopen' | 'extend';
const OUTCOMES: ComplaintOutcome[] = ['UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD'];

/** One complaint: both clocks, the workflow's next steps, the body (when the caller may read it), comments, evidence, history. */
export default function ComplaintPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { role } = useSession();
  const { data, loading, error, refetch } = useQuery(ComplaintDetailQuery, { variables: { id } });
  const categories = useQuery(ComplaintCategoriesQuery);

  if (loading && !data) return <Loading testId="complaint-loading" />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} testId="complaint-error" />;
  const c = data?.complaint;
  if (!c) return <Notice testId="complaint-not-found" title={t('complaints.notFound')} />;
  const handler = role === 'SUPERVISOR' || role === 'AGENCY_ADMIN';
  const staff = role !== 'CLIENT_USER';
  const accountLink = c.accountId ? <Link to={`/accounts/${c.accountId}`}>{c.accountRef}</Link> : t('complaints.noAccount');

  return (
    <div data-testid="complaint-page">
      <PageHeader
        testId="complaint-title"
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} aria-label={t('common.back')} />
            {t('complaints.detailTitle', { reference: c.reference })}
            <ComplaintStatusTag status={c.status} testId="complaint-status" />
            {c.outcome ? <Tag data-testid="complaint-outcome">{t(`complaints.outcomes.${c.outcome}`)}</Tag> : null}
          </Space>
        }
        extra={handler ? <Actions complaint={c} onDone={() => void refetch()} /> : null}
      />
      {c.holdsAccount ? <Alert type="warning" showIcon title={t('complaints.holdsAccount')} style={{ marginBottom: 16 }} data-testid="complaint-holds" /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('complaints.clocks')} data-testid="complaint-clocks">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('complaints.regulatoryClock')}>
                <ClockTag clock={c.regulatoryClock} testId="complaint-regulatory-clock" />
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.contractualClock')}>
                <ClockTag clock={c.contractualClock} testId="complaint-contractual-clock" />
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.actions.extend')}>{t('complaints.extensions', { level: c.extensionLevel, max: c.maxExtensions })}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.received')}>
                <DateTime value={c.receivedAt} />
              </Descriptions.Item>
            </Descriptions>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('complaints.policyVersion', { preset: c.policyPreset, version: c.policyVersion })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('complaints.reference')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('complaints.category')}>{categoryName(categories.data?.complaintCategories, c.category, i18n.language)}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.severity')}>{t(`complaints.severities.${c.severity}`)}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.source')}>{t(`complaints.sources.${c.source}`)}</Descriptions.Item>
              {c.regulatorRef ? <Descriptions.Item label={t('complaints.regulatorRef')}>{c.regulatorRef}</Descriptions.Item> : null}
              <Descriptions.Item label={t('complaints.bank')}>{c.client.name}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.account')}>{accountLink}</Descriptions.Item>
              {staff ? <Descriptions.Item label={t('complaints.against')}>{c.againstCollector?.displayName ?? '—'}</Descriptions.Item> : null}
              {staff ? <Descriptions.Item label={t('complaints.handler')}>{c.handler?.displayName ?? '—'}</Descriptions.Item> : null}
            </Descriptions>
            {c.doNotCallRequested ? <Tag color="red">{t('complaints.doNotCall')}</Tag> : null}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Body complaint={c} />
        </Col>
        <Col xs={24} xl={12}>
          <Entries complaint={c} onDone={() => void refetch()} />
        </Col>
        <Col xs={24}>
          <Card title={t('complaints.history')} size="small">
            <Timeline
              data-testid="complaint-history"
              items={c.history.map((h) => ({
                content: (
                  <span>
                    <DateTime value={h.at} /> · {t(`complaints.actions.${h.action}`, { defaultValue: h.action })} · {t(`complaints.statuses.${h.toStatus}`)}
                    {h.actor ? ` · ${h.actor.displayName}` : ''}
                    {h.reason ? ` · ${h.reason}` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function Body({ complaint: c }: { complaint: Complaint }) {
  const { t } = useTranslation();
  const d = c.detail;
  if (!d) {
    return (
      <Card title={t('complaints.body')}>
        <Alert type="info" title={t('complaints.bodyHidden')} data-testid="complaint-body-hidden" />
      </Card>
    );
  }
  return (
    <Card title={t('complaints.body')} data-testid="complaint-body">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('complaints.complainant')}>{[d.complainantName, d.complainantPhone, d.complainantRelation].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('complaints.words')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="complaint-words-text">
            {d.words}
          </Typography.Paragraph>
        </Descriptions.Item>
        {d.findings ? <Descriptions.Item label={t('complaints.findings')}>{d.findings}</Descriptions.Item> : null}
        {d.rootCause ? (
          <Descriptions.Item label={t('complaints.rootCause')}>
            <span data-testid="complaint-root-cause">{d.rootCause}</span>
          </Descriptions.Item>
        ) : null}
        {d.remedy ? <Descriptions.Item label={t('complaints.remedy')}>{d.remedy}</Descriptions.Item> : null}
        {d.outcomeNotice ? (
          <Descriptions.Item label={t('complaints.outcomeNotice')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="complaint-notice">
              {d.outcomeNotice}
            </Typography.Paragraph>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

function Entries({ complaint: c, onDone }: { complaint: Complaint; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [comment, { loading }] = useMutation(AddComplaintCommentMutation);
  if (!c.detail) return null;

  const add = async () => {
    if (!text.trim()) return;
    try {
      const r = await comment({ variables: { id: c.id, text } });
      const out = r.data?.addComplaintComment;
      if (out?.__typename === 'NotEligible') return void message.warning(out.message);
      setText('');
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const upload = async (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const response = await fetch(`/api/complaints/${c.id}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${sessionStore.token ?? ''}` }, body: form });
      const body = (await response.json()) as { error?: { message: string } };
      if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
      void message.success(t('complaints.evidenceUploaded'));
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Card title={t('complaints.entries')} data-testid="complaint-entries">
      <List
        size="small"
        locale={{ emptyText: t('complaints.noEntries') }}
        dataSource={c.entries}
        renderItem={(e) => (
          <List.Item
            data-testid="complaint-entry"
            actions={
              e.downloadPath
                ? [
                    <Button key="dl" size="small" onClick={() => void downloadWithAuth(e.downloadPath as string, e.fileName ?? 'evidence').catch((err) => void message.error(errorMessage(err)))}>
                      {t('complaints.download')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space orientation="vertical" size={0}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <DateTime value={e.createdAt} /> · {e.author?.displayName ?? t(`role.${e.authorRole.toUpperCase()}`, { defaultValue: e.authorRole })}
              </Typography.Text>
              {e.kind === 'evidence' ? <span>📎 {e.fileName}</span> : null}
              {e.body ? <span>{e.body}</span> : null}
            </Space>
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: '100%', marginTop: 12 }}>
        <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('complaints.comment')} data-testid="complaint-comment-input" maxLength={20000} />
        <Button type="primary" loading={loading} onClick={() => void add()} data-testid="complaint-comment-add">
          {t('complaints.addComment')}
        </Button>
      </Space.Compact>
      <Upload
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} style={{ marginTop: 12 }} data-testid="complaint-evidence-upload">
          {t('complaints.uploadEvidence')}
        </Button>
      </Upload>
    </Card>
  );
}

/** The steps a handler may take now (the server refuses the rest with a code). */
function Actions({ complaint: c, onDone }: { complaint: Complaint; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [ack] = useMutation(AcknowledgeComplaintMutation);
  const [investigate] = useMutation(InvestigateComplaintMutation);
  const [close] = useMutation(CloseComplaintMutation);
  const [withdraw] = useMutation(WithdrawComplaintMutation);
  const [reopen] = useMutation(ReopenComplaintMutation);
  const [extend] = useMutation(ExtendComplaintMutation);
  const [resolve] = useMutation(ResolveComplaintMutation);
  const [resolving, setResolving] = useState(false);
  const [asking, setAsking] = useState<ReasonAction | null>(null);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const [resolveForm] = Form.useForm<{ outcome: ComplaintOutcome; rootCause: string; remedy?: string; findings?: string }>();

  const run = async (call: () => Promise<{ data?: unknown }>) => {
    try {
      const r = await call();
      const out = Object.values((r.data ?? {}) as Record<string, { __typename?: string; message?: string }>)[0];
      if (out?.__typename === 'NotEligible') {
        void message.warning(out.message);
        return false;
      }
      void message.success(t('complaints.done'));
      onDone();
      return true;
    } catch (error) {
      void message.error(errorMessage(error));
      return false;
    }
  };
  const vars = { variables: { id: c.id } };
  const undecided = ['RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING'].includes(c.status);

  const submitReason = async () => {
    const { reason } = await reasonForm.validateFields();
    const v = { variables: { id: c.id, reason } };
    const ok = await run(() => (asking === 'withdraw' ? withdraw(v) : asking === 'reopen' ? reopen(v) : extend(v)));
    if (ok) {
      reasonForm.resetFields();
      setAsking(null);
    }
  };
  const submitResolve = async () => {
    const values = await resolveForm.validateFields();
    const ok = await run(() => resolve({ variables: { input: { id: c.id, ...values } } }));
    if (ok) setResolving(false);
  };

  return (
    <>
      {c.status === 'RECEIVED' ? (
        <Button type="primary" onClick={() => void run(() => ack(vars))} data-testid="complaint-acknowledge">
          {t('complaints.actions.acknowledge')}
        </Button>
      ) : null}
      {c.status === 'ACKNOWLEDGED' ? (
        <Button type="primary" onClick={() => void run(() => investigate(vars))} data-testid="complaint-investigate">
          {t('complaints.actions.investigate')}
        </Button>
      ) : null}
      {c.status === 'INVESTIGATING' ? (
        <Button type="primary" onClick={() => setResolving(true)} data-testid="complaint-resolve">
          {t('complaints.actions.resolve')}
        </Button>
      ) : null}
      {c.status === 'RESOLVED' ? (
        <Button type="primary" onClick={() => void run(() => close(vars))} data-testid="complaint-close">
          {t('complaints.actions.close')}
        </Button>
      ) : null}
      {undecided && c.extensionLevel < c.maxExtensions ? (
        <Button onClick={() => setAsking('extend')} data-testid="complaint-extend">
          {t('complaints.actions.extend')}
        </Button>
      ) : null}
      {undecided ? (
        <Button onClick={() => setAsking('withdraw')} data-testid="complaint-withdraw">
          {t('complaints.actions.withdraw')}
        </Button>
      ) : (
        <Button onClick={() => setAsking('reopen')} data-testid="complaint-reopen">
          {t('complaints.actions.reopen')}
        </Button>
      )}
      <Modal open={asking !== null} title={asking ? t(`complaints.actions.${asking}`) : ''} onCancel={() => setAsking(null)} onOk={() => void submitReason()} destroyOnHidden okButtonProps={{ 'data-testid': 'complaint-reason-ok' } as Record<string, string>}>
        <Form form={reasonForm} layout="vertical">
          <Form.Item name="reason" label={t('complaints.reason')} rules={[{ required: true, whitespace: true, message: t('complaints.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="complaint-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={resolving} title={t('complaints.actions.resolve')} onCancel={() => setResolving(false)} onOk={() => void submitResolve()} destroyOnHidden okButtonProps={{ 'data-testid': 'complaint-resolve-ok' } as Record<string, string>}>
        <Form form={resolveForm} layout="vertical">
          <Form.Item name="outcome" label={t('complaints.outcome')} rules={[{ required: true, message: t('complaints.form.required') }]}>
            <Select data-testid="complaint-outcome-select" options={OUTCOMES.map((o) => ({ value: o, label: t(`complaints.outcomes.${o}`) }))} />
          </Form.Item>
          <Form.Item name="rootCause" label={t('complaints.rootCause')} rules={[{ required: true, whitespace: true, message: t('complaints.form.required') }]}>
            <Input.TextArea rows={2} maxLength={5000} data-testid="complaint-root-cause-input" />
          </Form.Item>
          <Form.Item name="remedy" label={t('complaints.remedy')}>
            <Input.TextArea rows={2} maxLength={5000} data-testid="complaint-remedy-input" />
          </Form.Item>
          <Form.Item name="findings" label={t('complaints.findings')}>
            <Input.TextArea rows={3} maxLength={20000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
