import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Typography, Upload, message } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { sessionStore } from '../../app/session-store';
import { DateTime } from '../../shared/DateTime';
import { downloadWithAuth } from '../../shared/download';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { useCurrentRole } from '../../shared/current-role';
import { EmptyState, ErrorState, Loading } from '../../shared/states';
import { FieldVisitsQuery, RecordVisitResultMutation } from './operations';
import { outcomeLabel } from './outcome-label';
import VisitPlanActions from './VisitPlanActions';

type Visit = NonNullable<ReturnType<typeof useVisits>['data']>['fieldVisits'][number];
const useVisits = (mine: boolean) => useQuery(FieldVisitsQuery, { variables: { mine }, fetchPolicy: 'network-only' });
const MET = ['DEBTOR', 'GUARANTOR', 'THIRD_PARTY', 'NOBODY'] as const;

/** Photo evidence: streamed to the gateway's REST upload (multipart, size-limited, audited download). */
async function uploadPhoto(visitId: string, file: File): Promise<void> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/visits/${encodeURIComponent(visitId)}/photos`, { method: 'POST', headers: { authorization: `Bearer ${sessionStore.token ?? ''}` }, body: form });
  const body = (await response.json()) as { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
}

function RecordResult({ visit, outcomes, onClose }: { visit: Visit; outcomes: { code: string; labelZh: string; labelEn: string; connected: boolean }[]; onClose: (saved: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const [record, state] = useMutation(RecordVisitResultMutation);
  const [met, setMet] = useState<(typeof MET)[number]>('DEBTOR');
  const [outcome, setOutcome] = useState<string | undefined>();
  const [verified, setVerified] = useState(false);
  const [note, setNote] = useState('');
  const [lat, setLat] = useState<number | null>(null);
  const [lng, setLng] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSave() {
    if (!outcome) return;
    setProblem(null);
    try {
      const r = (await record({ variables: { input: { visitId: visit.id, met, outcome, rightPartyVerified: verified, note: note || undefined, latitude: lat ?? undefined, longitude: lng ?? undefined } } })).data?.recordVisitResult;
      if (r?.__typename === 'FieldVisit') return onClose(true);
      if (r?.__typename === 'ContactBlocked') setProblem(`${t('visits.blocked')} ${r.message}`);
      else if (r?.__typename === 'NotEligible') setProblem(r.code === 'RIGHT_PARTY_VERIFICATION' ? t('contact.verifyFirst') : r.message);
    } catch (e) {
      setProblem(errorMessage(e));
    }
  }

  return (
    <Modal open title={t('visits.recordResult')} onCancel={() => onClose(false)} onOk={() => void onSave()} okText={t('visits.save')} confirmLoading={state.loading} okButtonProps={{ disabled: !outcome, 'data-testid': 'visit-result-save' } as never}>
      <Form layout="vertical">
        <Form.Item label={t('visits.met')}>
          <Segmented data-testid="visit-met" value={met} onChange={(v) => setMet(v as (typeof MET)[number])} options={MET.map((m) => ({ value: m, label: t(`visits.metWho.${m}`) }))} />
        </Form.Item>
        <Form.Item label={t('contact.outcome')}>
          <Select data-testid="visit-outcome" virtual={false} value={outcome} onChange={setOutcome} options={outcomes.map((o) => ({ value: o.code, label: outcomeLabel(o, i18n.language) }))} />
        </Form.Item>
        <Checkbox data-testid="visit-rpv" checked={verified} onChange={(e) => setVerified(e.target.checked)}>
          {t('contact.rightPartyVerified')}
        </Checkbox>
        <Form.Item label={t('contact.note')} style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} data-testid="visit-note" />
        </Form.Item>
        <Space>
          <Form.Item label={t('visits.latitude')}>
            <InputNumber min={-90} max={90} step={0.000001} value={lat} onChange={setLat} />
          </Form.Item>
          <Form.Item label={t('visits.longitude')}>
            <InputNumber min={-180} max={180} step={0.000001} value={lng} onChange={setLng} />
          </Form.Item>
          <Button
            onClick={() =>
              navigator.geolocation?.getCurrentPosition((p) => {
                setLat(Number(p.coords.latitude.toFixed(6)));
                setLng(Number(p.coords.longitude.toFixed(6)));
              })
            }
          >
            {t('visits.useLocation')}
          </Button>
        </Space>
      </Form>
      {problem ? <Alert type="warning" showIcon data-testid="visit-problem" title={problem} /> : null}
    </Modal>
  );
}

/** Field visits: collectors see theirs (record the result, add photos); supervisors see all. */
export default function VisitsPage() {
  const { t, i18n } = useTranslation();
  const role = useCurrentRole();
  const [mine, setMine] = useState(role === 'COLLECTOR');
  const { data, loading, error, refetch } = useVisits(mine);
  const [recording, setRecording] = useState<Visit | null>(null);

  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const outcomes = (data?.contactOutcomes ?? []).map((o) => o);
  const labelOf = (code: string | null | undefined) => {
    const o = outcomes.find((x) => x.code === code);
    return o ? outcomeLabel(o, i18n.language) : (code ?? '—');
  };

  return (
    <div data-testid="visits-page">
      <PageHeader title={t('visits.title')} />
      {role !== 'COLLECTOR' ? (
        <Segmented style={{ marginBottom: 12 }} value={mine ? 'mine' : 'all'} onChange={(v) => setMine(v === 'mine')} options={[{ value: 'all', label: t('visits.all') }, { value: 'mine', label: t('visits.mine') }]} />
      ) : null}
      <Table
        data-testid="visits-table"
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data?.fieldVisits ?? []}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('visits.plannedAt'), key: 'p', render: (_, v) => <DateTime value={v.plannedAt} /> },
          { title: t('visits.account'), key: 'a', render: (_, v) => (v.account ? <Link to={`/accounts/${v.account.id}`}>{v.account.bankRef}</Link> : '—') },
          { title: t('visits.address'), dataIndex: 'address', key: 'ad' },
          { title: t('visits.collectors'), key: 'c', render: (_, v) => v.collectors.map((c) => c.displayName).join(', ') },
          {
            title: t('visits.status'),
            key: 's',
            render: (_, v) => (
              <Space size={4} wrap>
                <Tag color={v.status === 'completed' ? 'green' : v.status === 'cancelled' ? 'default' : 'blue'} data-testid="visit-status">
                  {t(`visits.statuses.${v.status}`)}
                </Tag>
                {v.attempt ? <Tag>{labelOf(v.attempt.outcome)}</Tag> : null}
                {v.met ? <Tag>{t(`visits.metWho.${v.met}`)}</Tag> : null}
                {v.cancelReason ? (
                  <Typography.Text type="secondary" data-testid="visit-cancel-reason-shown">
                    {v.cancelReason}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('visits.photos'),
            key: 'ph',
            render: (_, v) => (
              <Space size={4} wrap>
                {v.photos.map((p) => (
                  <Button key={p.id} size="small" type="link" data-testid="visit-photo" onClick={() => void downloadWithAuth(p.downloadPath, p.fileName).catch((e) => void message.error(errorMessage(e)))}>
                    {p.fileName}
                  </Button>
                ))}
                <Upload
                  accept="image/jpeg,image/png,image/webp,image/heic"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void uploadPhoto(v.id, file).then(
                      () => {
                        void message.success(t('visits.photoUploaded'));
                        void refetch();
                      },
                      (e) => void message.error(errorMessage(e)),
                    );
                    return false;
                  }}
                >
                  <Button size="small" icon={<CameraOutlined />} data-testid="visit-photo-upload">
                    {t('visits.addPhoto')}
                  </Button>
                </Upload>
              </Space>
            ),
          },
          {
            title: '',
            key: 'r',
            render: (_, v) =>
              v.status === 'scheduled' ? (
                <Space size={4}>
                  <Button size="small" type="primary" data-testid="visit-record" onClick={() => setRecording(v)}>
                    {t('visits.recordResult')}
                  </Button>
                  <VisitPlanActions visit={v} onChanged={() => void refetch()} />
                </Space>
              ) : (
                <Typography.Text type="secondary">{v.checkedInAt ? <DateTime value={v.checkedInAt} /> : null}</Typography.Text>
              ),
          },
        ]}
      />
      {recording ? (
        <RecordResult
          visit={recording}
          outcomes={outcomes}
          onClose={(saved) => {
            setRecording(null);
            if (saved) {
              void message.success(t('visits.saved'));
              void refetch();
            }
          }}
        />
      ) : null}
    </div>
  );
}
