import { ArrowLeftOutlined, CheckCircleOutlined, DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { LegalCaseQuery as LegalCaseData, LegalCaseStatus, LegalCostKind } from '../../gql/graphql';
import { useCurrentRole } from '../../shared/current-role';
import { DateTime, LocalDate } from '../../shared/DateTime';
import { downloadWithAuth } from '../../shared/download';
import { errorMessage } from '../../shared/errors';
import { Money } from '../../shared/Money';
import { Notice } from '../../shared/Notice';
import { PageHeader } from '../../shared/PageHeader';
import { ErrorState, Loading } from '../../shared/states';
import { documentSha256, uploadLegalDocument } from './caseDocuments';
import { LegalStatusTag } from './LegalStatusTag';
import {
  AuthoriseLegalCaseMutation,
  DecideLegalRecoveryMutation,
  LegalCaseQuery,
  MoveLegalCaseMutation,
  RecordLegalCostMutation,
  PostLegalCostMutation,
  RecordLegalRecoveryMutation,
} from './operations';

type LegalCaseDetail = NonNullable<LegalCaseData['legalCase']>;
type Outcome = { __typename: string; message?: string } | null | undefined;

function useOutcome() {
  const { message } = App.useApp();
  return (outcome: Outcome, ok: string) => {
    if (outcome?.__typename === 'NotEligible') void message.warning(outcome.message ?? '');
    else void message.success(ok);
  };
}

/** One legal case: its immutable case file, the court path, costs and recoveries. */
export default function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const role = useCurrentRole();
  const { data, loading, error, refetch } = useQuery(LegalCaseQuery, { variables: { id } });
  if (loading && !data) return <Loading testId="case-loading" />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} testId="case-error" />;
  const c = data?.legalCase;
  if (!c) return <Notice testId="case-not-found" title={t('legal.case.notFound')} />;
  const staff = role === 'AGENCY_ADMIN' || role === 'SUPERVISOR';
  const worksCase = role === 'LAWYER' || staff;
  const inProgress = ['ACCEPTED', 'PRE_SUIT_MEDIATION', 'FILED', 'HEARING', 'JUDGMENT', 'ENFORCEMENT', 'CLOSED'].includes(c.status);

  return (
    <div data-testid="case-page">
      <PageHeader
        testId="case-title"
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} aria-label={t('common.back')} />
            {t('legal.case.title', { ref: c.accountRef ?? '' })}
            <LegalStatusTag status={c.status} testId="case-status" />
          </Space>
        }
        extra={c.account ? <Link to={`/accounts/${encodeURIComponent(c.account.id)}`}>{t('legal.case.account')}</Link> : null}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Overview c={c} />
        </Col>
        <Col xs={24} xl={12}>
          {role === 'CLIENT_USER' && c.status === 'AWAITING_AUTHORISATION' ? <AuthorisePanel caseId={c.id} /> : null}
          {c.allowedMoves.length ? <MovePanel c={c} /> : null}
          <Statement c={c} />
        </Col>
        <Col span={24}>
          <CaseFileCard c={c} canUpload={role === 'LAWYER' && inProgress && c.status !== 'CLOSED'} onUploaded={() => void refetch()} />
        </Col>
        <Col xs={24} xl={12}>
          <CostsCard c={c} canRecord={worksCase && inProgress} canPost={staff} />
        </Col>
        <Col xs={24} xl={12}>
          <RecoveriesCard c={c} canRecord={worksCase && inProgress} canDecide={staff} />
        </Col>
        <Col span={24}>
          <Card title={t('legal.case.history')} size="small">
            <Timeline
              items={c.statusHistory.map((h) => ({
                children: (
                  <Space>
                    <LegalStatusTag status={h.to} />
                    <DateTime value={h.changedAt} />
                    {h.note ? <Typography.Text type="secondary">{h.note}</Typography.Text> : null}
                  </Space>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function Overview({ c }: { c: LegalCaseDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('legal.case.overview')} size="small" data-testid="case-overview">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('legal.col.debtor')}>{c.debtorName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('legal.col.bank')}>{c.plaintiffName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('legal.col.firm')}>{c.lawFirmName}</Descriptions.Item>
        <Descriptions.Item label={t('legal.col.claim')}>
          <Money value={c.claim} strong />
        </Descriptions.Item>
        <Descriptions.Item label={t('legal.col.referredAt')}>
          <DateTime value={c.referredAt} /> · {c.referredByName}
        </Descriptions.Item>
        <Descriptions.Item label={t('legal.case.authorisation')}>
          {c.authorisationRequired ? (c.authorisedAt ? t('legal.case.authorised', { at: dayjs(c.authorisedAt).format('YYYY-MM-DD HH:mm') }) : '—') : t('legal.case.notRequired')}
        </Descriptions.Item>
        <Descriptions.Item label={t('legal.case.court')}>{c.court ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('legal.case.courtCaseNo')}>{c.courtCaseNo ?? '—'}</Descriptions.Item>
        {c.reason ? <Descriptions.Item label={t('legal.case.note')}>{c.reason}</Descriptions.Item> : null}
      </Descriptions>
    </Card>
  );
}

function AuthorisePanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const show = useOutcome();
  const [note, setNote] = useState('');
  const [authorise, { loading }] = useMutation(AuthoriseLegalCaseMutation, { refetchQueries: ['LegalCase', 'LegalCases'] });
  const run = async (approve: boolean) => {
    try {
      const r = await authorise({ variables: { caseId, approve, note: note || null } });
      show(r.data?.authoriseLegalCase, approve ? t('legal.authorisations.approved') : t('legal.authorisations.declined'));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card title={t('legal.case.authorisation')} size="small" style={{ marginBottom: 16 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Input placeholder={t('legal.authorisations.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="authorise-note" />
        <Button type="primary" loading={loading} onClick={() => void run(true)} data-testid="authorise-approve">
          {t('legal.authorisations.approve')}
        </Button>
        <Button danger loading={loading} onClick={() => void run(false)} data-testid="authorise-decline">
          {t('legal.authorisations.decline')}
        </Button>
      </Space.Compact>
    </Card>
  );
}

function MovePanel({ c }: { c: LegalCaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const show = useOutcome();
  const [form] = Form.useForm<{ note?: string; court?: string; courtCaseNo?: string }>();
  const [move, { loading }] = useMutation(MoveLegalCaseMutation, { refetchQueries: ['LegalCase'] });
  const run = async (to: LegalCaseStatus) => {
    const v = form.getFieldsValue();
    try {
      const r = await move({ variables: { input: { caseId: c.id, to, note: v.note || null, court: v.court || null, courtCaseNo: v.courtCaseNo || null } } });
      show(r.data?.moveLegalCase, t('legal.case.moved'));
      form.resetFields();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card title={t('legal.case.actions')} size="small" style={{ marginBottom: 16 }} data-testid="case-actions">
      <Form form={form} layout="inline" style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="court">
          <Input placeholder={t('legal.case.court')} data-testid="move-court" />
        </Form.Item>
        <Form.Item name="courtCaseNo">
          <Input placeholder={t('legal.case.courtCaseNo')} data-testid="move-case-no" />
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder={t('legal.case.note')} data-testid="move-note" />
        </Form.Item>
      </Form>
      <Space wrap>
        {c.allowedMoves.map((to) => (
          <Button
            key={to}
            loading={loading}
            danger={['DECLINED', 'RETURNED', 'WITHDRAWN'].includes(to)}
            type={to === 'ACCEPTED' || to === 'FILED' ? 'primary' : 'default'}
            onClick={() => void run(to)}
            data-testid={`move-${to}`}
          >
            {t(`legal.move.${to}`)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}

interface Snapshot {
  statement?: {
    currency: string;
    principal: string;
    interest: string;
    fees: string;
    lateCharges?: string;
    costs?: string;
    balance: string;
    chargeOffDate: string | null;
    chargeOffBalance: string | null;
    lastPayment: { date: string; amount: string | null } | null;
    lines?: unknown[];
  };
}
interface Manifest {
  sections?: { name: string; status: string; source: string }[];
}

function Statement({ c }: { c: LegalCaseDetail }) {
  const { t } = useTranslation();
  const s = (c.caseFile?.snapshot as Snapshot | undefined)?.statement;
  if (!c.caseFile || !s) return null;
  const sections = (c.caseFile.manifest as Manifest).sections ?? [];
  return (
    <Card title={t('legal.case.statement')} size="small" data-testid="case-statement">
      <Descriptions column={2} size="small">
        <Descriptions.Item label={t('legal.case.principal')}>
          <Money amount={s.principal} currency={s.currency} />
        </Descriptions.Item>
        <Descriptions.Item label={t('legal.case.interest')}>
          <Money amount={s.interest} currency={s.currency} />
        </Descriptions.Item>
        <Descriptions.Item label={t('legal.case.fees')}>
          <Money amount={s.fees} currency={s.currency} />
        </Descriptions.Item>
        {s.lateCharges !== undefined ? (
          <Descriptions.Item label={t('legal.case.lateCharges')}>
            <Money amount={s.lateCharges} currency={s.currency} />
          </Descriptions.Item>
        ) : null}
        {s.costs !== undefined ? (
          <Descriptions.Item label={t('legal.case.costsBalance')}>
            <Money amount={s.costs} currency={s.currency} testId="case-costs-balance" />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('legal.case.balance')}>
          <Money amount={s.balance} currency={s.currency} strong testId="case-balance" />
        </Descriptions.Item>
        <Descriptions.Item label={t('legal.case.chargeOff')}>
          <LocalDate value={s.chargeOffDate} />
          {s.chargeOffBalance ? (
            <>
              {' · '}
              <Money amount={s.chargeOffBalance} currency={s.currency} />
            </>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('legal.case.lastPayment')}>
          {s.lastPayment ? (
            <>
              <LocalDate value={s.lastPayment.date} /> {s.lastPayment.amount ? <Money amount={s.lastPayment.amount} currency={s.currency} /> : null}
            </>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('legal.case.sections')}</Typography.Text>
      <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
        {sections.map((sec) => (
          <li key={sec.name} data-testid={`section-${sec.name}`}>
            {sec.name}: {sec.status}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function CaseFileCard({ c, canUpload, onUploaded }: { c: LegalCaseDetail; canUpload: boolean; onUploaded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [verified, setVerified] = useState<Record<string, boolean>>({});
  const verify = async (doc: LegalCaseDetail['documents'][number]) => {
    try {
      const sha = await documentSha256(doc.downloadPath);
      setVerified((v) => ({ ...v, [doc.id]: sha === doc.sha256 }));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card
      title={t('legal.case.caseFile')}
      size="small"
      data-testid="case-file"
      extra={
        canUpload ? (
          <Upload
            showUploadList={false}
            accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff"
            customRequest={({ file, onSuccess, onError }) => {
              uploadLegalDocument(`/api/legal/cases/${encodeURIComponent(c.id)}/documents`, file as File)
                .then((r) => {
                  onSuccess?.(r);
                  void message.success(t('legal.case.uploaded'));
                  onUploaded();
                })
                .catch((e: Error) => {
                  onError?.(e);
                  void message.error(e.message);
                });
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="court-upload">
              {t('legal.case.uploadCourt')}
            </Button>
          </Upload>
        ) : null
      }
    >
      {c.caseFile ? (
        <Typography.Paragraph>
          {t('legal.case.manifestSha')}: <Typography.Text code data-testid="manifest-sha">{c.caseFile.manifestSha256}</Typography.Text>
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="secondary" data-testid="case-file-pending">
          {t('legal.case.noFile')}
        </Typography.Paragraph>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.documents}
        data-testid="case-documents"
        columns={[
          { title: t('legal.case.kind'), key: 'kind', render: (_, d) => t(`legal.docKind.${d.kind}`, { defaultValue: d.kind }) },
          { title: t('legal.firms.name'), dataIndex: 'fileName', key: 'fileName' },
          {
            title: 'SHA-256',
            key: 'sha',
            render: (_, d) => (
              <Typography.Text code copyable={{ text: d.sha256 }} data-testid={`doc-sha-${d.kind}`} title={d.sha256}>
                {d.sha256.slice(0, 16)}…
              </Typography.Text>
            ),
          },
          { title: '', key: 'size', render: (_, d) => `${Math.ceil(d.size / 1024)} KB` },
          {
            title: '',
            key: 'actions',
            render: (_, d) => (
              <Space>
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void downloadWithAuth(d.downloadPath, d.fileName)} data-testid={`doc-download-${d.kind}`}>
                  {t('legal.case.download')}
                </Button>
                <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => void verify(d)} data-testid={`doc-verify-${d.kind}`}>
                  {t('legal.case.verify')}
                </Button>
                {verified[d.id] === true ? (
                  <Tag color="green" icon={<CheckCircleOutlined />} data-testid={`doc-verified-${d.kind}`}>
                    {t('legal.case.verified')}
                  </Tag>
                ) : verified[d.id] === false ? (
                  <Tag color="red" data-testid={`doc-mismatch-${d.kind}`}>
                    {t('legal.case.mismatch')}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function AmountForm({ onSubmit, withKind, testId }: { onSubmit: (v: { amount: string; date: string; kind?: LegalCostKind; note?: string }) => Promise<void>; withKind?: boolean; testId: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ amount: string; date: dayjs.Dayjs; kind?: LegalCostKind; note?: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    await onSubmit({ amount: v.amount.trim(), date: v.date.format('YYYY-MM-DD'), kind: v.kind, note: v.note });
    form.resetFields();
  };
  return (
    <Form form={form} layout="inline" style={{ rowGap: 8, marginTop: 12 }} initialValues={{ date: dayjs(), kind: 'COURT_FEE' }}>
      {withKind ? (
        <Form.Item name="kind" rules={[{ required: true }]}>
          <Select
            style={{ width: 140 }}
            options={(['COURT_FEE', 'PRESERVATION_FEE', 'ENFORCEMENT_FEE', 'SERVICE_FEE', 'OTHER'] as LegalCostKind[]).map((k) => ({ value: k, label: t(`legal.costKind.${k}`) }))}
            data-testid={`${testId}-kind`}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="amount" rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/ }]}>
        <Input placeholder={t('legal.case.amount')} style={{ width: 120 }} data-testid={`${testId}-amount`} />
      </Form.Item>
      <Form.Item name="date" rules={[{ required: true }]}>
        <DatePicker data-testid={`${testId}-date`} />
      </Form.Item>
      <Form.Item name="note">
        <Input placeholder={t('legal.case.note')} data-testid={`${testId}-note`} />
      </Form.Item>
      <Button type="primary" onClick={() => void submit()} data-testid={`${testId}-submit`}>
        {withKind ? t('legal.case.addCost') : t('legal.case.addRecovery')}
      </Button>
    </Form>
  );
}

function CostsCard({ c, canRecord, canPost }: { c: LegalCaseDetail; canRecord: boolean; canPost: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const show = useOutcome();
  const [record] = useMutation(RecordLegalCostMutation, { refetchQueries: ['LegalCase'] });
  const [post, { loading: posting }] = useMutation(PostLegalCostMutation, { refetchQueries: ['LegalCase'] });
  const onPost = async (costId: string) => {
    try {
      const r = await post({ variables: { costId } });
      show(r.data?.postLegalCost, t('legal.case.costPosted'));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card title={t('legal.case.costs')} size="small" data-testid="case-costs">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.costs}
        columns={[
          { title: t('legal.case.kind'), key: 'kind', render: (_, x) => t(`legal.costKind.${x.kind}`) },
          { title: t('legal.case.amount'), key: 'amount', render: (_, x) => <Money value={x.amount} /> },
          { title: t('legal.case.date'), key: 'date', render: (_, x) => <LocalDate value={x.incurredOn} /> },
          { title: t('legal.case.note'), dataIndex: 'note', key: 'note' },
          {
            title: t('legal.case.ledger'),
            key: 'posted',
            render: (_, x, i) =>
              x.postedAt ? (
                <Tag color="green" data-testid={`cost-posted-${i}`}>
                  {t('legal.case.costPosted')}
                </Tag>
              ) : canPost ? (
                <Button size="small" loading={posting} onClick={() => void onPost(x.id)} data-testid={`cost-post-${i}`}>
                  {t('legal.case.postCost')}
                </Button>
              ) : (
                <Tag color="gold" data-testid={`cost-awaiting-${i}`}>
                  {t('legal.case.costAwaiting')}
                </Tag>
              ),
          },
        ]}
      />
      {canRecord ? (
        <AmountForm
          withKind
          testId="cost"
          onSubmit={async (v) => {
            try {
              const r = await record({ variables: { input: { caseId: c.id, kind: v.kind ?? 'OTHER', amount: v.amount, incurredOn: v.date, note: v.note || null } } });
              show(r.data?.recordLegalCost, t('legal.case.recorded'));
            } catch (e) {
              void message.error(errorMessage(e));
            }
          }}
        />
      ) : null}
    </Card>
  );
}

function RecoveriesCard({ c, canRecord, canDecide }: { c: LegalCaseDetail; canRecord: boolean; canDecide: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const show = useOutcome();
  const [record] = useMutation(RecordLegalRecoveryMutation, { refetchQueries: ['LegalCase'] });
  const [decide, { loading }] = useMutation(DecideLegalRecoveryMutation, { refetchQueries: ['LegalCase'] });
  const onDecide = async (recoveryId: string, confirm: boolean) => {
    try {
      const r = await decide({ variables: { recoveryId, confirm } });
      show(r.data?.decideLegalRecovery, confirm ? t('legal.case.confirmed') : t('legal.recoveryStatus.REJECTED'));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card title={t('legal.case.recoveries')} size="small" data-testid="case-recoveries">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.recoveries}
        columns={[
          { title: t('legal.case.amount'), key: 'amount', render: (_, x) => <Money value={x.amount} /> },
          { title: t('legal.case.date'), key: 'date', render: (_, x) => <LocalDate value={x.receivedOn} /> },
          { title: t('legal.case.note'), dataIndex: 'note', key: 'note' },
          {
            title: t('legal.col.status'),
            key: 'status',
            render: (_, x, i) => (
              <Tag color={x.status === 'CONFIRMED' ? 'green' : x.status === 'REJECTED' ? 'red' : 'gold'} data-testid={`recovery-status-${i}`}>
                {t(`legal.recoveryStatus.${x.status}`)}
              </Tag>
            ),
          },
          {
            title: '',
            key: 'decide',
            render: (_, x, i) =>
              canDecide && x.status === 'RECORDED' ? (
                <Space>
                  <Button size="small" type="primary" loading={loading} onClick={() => void onDecide(x.id, true)} data-testid={`recovery-confirm-${i}`}>
                    {t('legal.case.confirm')}
                  </Button>
                  <Button size="small" danger loading={loading} onClick={() => void onDecide(x.id, false)} data-testid={`recovery-reject-${i}`}>
                    {t('legal.case.reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {canRecord ? (
        <AmountForm
          testId="recovery"
          onSubmit={async (v) => {
            try {
              const r = await record({ variables: { input: { caseId: c.id, amount: v.amount, receivedOn: v.date, note: v.note || null } } });
              show(r.data?.recordLegalRecovery, t('legal.case.recorded'));
            } catch (e) {
              void message.error(errorMessage(e));
            }
          }}
        />
      ) : null}
    </Card>
  );
}
