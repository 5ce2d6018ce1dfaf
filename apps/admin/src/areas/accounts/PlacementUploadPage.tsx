import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useApolloClient } from '@apollo/client/react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Progress, Row, Select, Space, Statistic, Steps, Table, Tag, Upload } from 'antd';
import type { UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import type { PlacementImportsQuery as PlacementImportsData } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { downloadWithAuth } from '../../shared/download';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { ColumnMappingDrawer } from './ColumnMappingDrawer';
import { isFinished, PlacementImportsQuery, useImportStatus } from './import-status';
import { PLACEMENT_FIELDS } from './ColumnMappingDrawer';
import { placementTemplateCsv, rejectionReportUrl, UploadError, uploadPlacement } from './upload';

type ImportNode = PlacementImportsData['placementImports']['edges'][number]['node'];

interface UploadForm {
  clientId: string;
  name?: string;
  placedOn?: Dayjs | null;
}

type Phase = 'idle' | 'uploading' | 'importing' | 'done' | 'failed' | 'duplicate';

/** The columns every placement file needs (daysPastDue may stand in for delinquentSince). */
const REQUIRED_FIELDS = ['bankRef', 'debtorName', 'principal', 'overdueAmount', 'delinquentSince'] as const;

/** Supervisor: upload a bank's placement file (CSV/XLSX) and watch it import. */
export default function PlacementUploadPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const { message } = App.useApp();
  const { me } = useSession();
  const client = useApolloClient();
  const [form] = Form.useForm<UploadForm>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [uploadPercent, setUploadPercent] = useState(0);
  const [importId, setImportId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [duplicateOf, setDuplicateOf] = useState<Record<string, string> | null>(null);
  const abortRef = useRef<(() => void) | null>(null);
  const [mappingOpen, setMappingOpen] = useState(false);
  const selectedClientId = Form.useWatch('clientId', form);
  const status = useImportStatus(phase === 'importing' || phase === 'done' || phase === 'failed' ? importId : null);
  const state = status.data;

  useEffect(() => () => abortRef.current?.(), []);
  useEffect(() => {
    if (phase !== 'importing' || !state || !isFinished(state.status)) return;
    if (state.status === 'FAILED') {
      setFailure(state.error ?? state.status);
      setPhase('failed');
    } else {
      setPhase('done');
    }
    // The recent imports (and any account list still mounted) now have something new to show.
    void client.refetchQueries({ include: ['PlacementImports'] });
  }, [phase, state, client]);

  const clients = me?.clients ?? [];
  const selectedClient = clients.find((c) => c.id === selectedClientId) ?? null;
  const start = async (allowDuplicate = false) => {
    const values = await form.validateFields();
    const file = files[0]?.originFileObj;
    if (!file) {
      void message.error(t('upload.fileRequired'));
      return;
    }
    setFailure(null);
    setUploadPercent(0);
    setPhase('uploading');
    const upload = uploadPlacement(
      { clientId: values.clientId, name: values.name?.trim() || undefined, placedOn: values.placedOn?.format('YYYY-MM-DD'), file, allowDuplicate },
      setUploadPercent,
    );
    abortRef.current = upload.abort;
    try {
      const { importId: id } = await upload.promise;
      setImportId(id);
      setPhase('importing');
      void client.refetchQueries({ include: ['PlacementImports'] });
    } catch (error) {
      if (error instanceof UploadError && error.reason === 'FILE_ALREADY_IMPORTED') {
        // A warning, not a failure: the user decides whether the same file goes in twice.
        setDuplicateOf(error.params);
        setPhase('duplicate');
      } else {
        setFailure(errorMessage(error));
        setPhase('failed');
      }
    } finally {
      abortRef.current = null;
    }
  };

  const reset = () => {
    setPhase('idle');
    setImportId(null);
    setFiles([]);
    setUploadPercent(0);
    setFailure(null);
    setDuplicateOf(null);
  };

  const downloadTemplate = () => {
    const url = URL.createObjectURL(placementTemplateCsv(PLACEMENT_FIELDS.map((f) => t(`fields.${f}`))));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'placement-template.csv';
    a.click();
    URL.revokeObjectURL(url);
  };

  const download = async () => {
    if (!importId) return;
    try {
      const base = state?.fileName.replace(/\.[^.]+$/, '') ?? importId;
      await downloadWithAuth(`${state?.rejectionsCsvUrl ?? rejectionReportUrl(importId)}?lang=${zh ? 'zh-CN' : 'en'}`, `rejections-${base}.csv`);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const busy = phase === 'uploading' || phase === 'importing';
  const stepIndex = phase === 'idle' ? 0 : phase === 'uploading' ? 0 : phase === 'importing' ? 1 : 2;
  // The API does not know a file's row count up front: the bar runs while rows are read, then completes.
  const importPercent = phase === 'done' || phase === 'failed' ? 100 : state?.status === 'RUNNING' ? 50 : 10;

  return (
    <div data-testid="upload-page">
      <PageHeader title={t('upload.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card>
            <Form form={form} layout="vertical" initialValues={{ clientId: clients.length === 1 ? clients[0]?.id : undefined }} disabled={busy}>
              <Form.Item name="clientId" label={t('upload.client')} rules={[{ required: true, message: t('upload.clientRequired') }]}>
                <Select options={clients.map((c) => ({ value: c.id, label: c.name }))} data-testid="upload-client" />
              </Form.Item>
              <Form.Item name="name" label={t('upload.name')}>
                <Input maxLength={200} data-testid="upload-name" />
              </Form.Item>
              <Form.Item name="placedOn" label={t('upload.placedOn')}>
                <DatePicker style={{ width: '100%' }} data-testid="upload-placed-on" />
              </Form.Item>
              <Form.Item label={t('upload.file')} required>
                <Upload.Dragger
                  accept=".csv,.xlsx"
                  maxCount={1}
                  fileList={files}
                  beforeUpload={() => false}
                  onChange={({ fileList }) => setFiles(fileList.slice(-1))}
                  data-testid="upload-file"
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('upload.chooseFile')}</p>
                  <p className="ant-upload-hint">CSV · XLSX</p>
                </Upload.Dragger>
              </Form.Item>
              <Space>
                <Button
                  type="primary"
                  icon={<CloudUploadOutlined />}
                  onClick={() => void start()}
                  loading={busy}
                  // Once a file has gone in, the next one starts from "Upload another file".
                  disabled={phase === 'done' || phase === 'duplicate'}
                  data-testid="upload-submit"
                >
                  {t('upload.submit')}
                </Button>
                <Button onClick={() => setMappingOpen(true)} disabled={!selectedClient} data-testid="mapping-open">
                  {t('mapping.title')}
                </Button>
                <Button onClick={downloadTemplate} icon={<DownloadOutlined />} data-testid="template-download">
                  {t('upload2.template')}
                </Button>
                {phase === 'done' || phase === 'failed' ? (
                  <Button onClick={reset} disabled={false} data-testid="upload-again">
                    {t('upload.another')}
                  </Button>
                ) : null}
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card data-testid="upload-progress-card">
            <Steps
              current={stepIndex}
              status={phase === 'failed' ? 'error' : phase === 'done' ? 'finish' : 'process'}
              items={[{ title: t('upload.stepUpload') }, { title: t('upload.stepImport') }, { title: t('upload.stepDone') }]}
              style={{ marginBottom: 24 }}
            />
            {phase === 'idle' ? (
              <>
                <Alert type="info" showIcon title={t('upload.hint')} />
                <Alert
                  type="info"
                  style={{ marginTop: 12 }}
                  title={t('upload2.requiredColumns')}
                  description={
                    <div data-testid="required-columns">
                      <div>{t('upload2.requiredHint')}</div>
                      <Space wrap style={{ marginTop: 8 }}>
                        {REQUIRED_FIELDS.map((f) => (
                          <Tag key={f} color="red">
                            {t(`fields.${f}`)}
                          </Tag>
                        ))}
                      </Space>
                    </div>
                  }
                />
              </>
            ) : null}
            {phase === 'duplicate' ? (
              <Alert
                type="warning"
                showIcon
                data-testid="duplicate-warning"
                title={t('upload2.duplicate', { fileName: duplicateOf?.fileName ?? '', importedAt: duplicateOf?.importedAt ?? '' })}
                action={
                  <Space direction="vertical">
                    <Button size="small" type="primary" onClick={() => void start(true)} data-testid="upload-anyway">
                      {t('upload2.importAnyway')}
                    </Button>
                    <Button size="small" onClick={reset} data-testid="upload-cancel">
                      {t('upload2.cancel')}
                    </Button>
                  </Space>
                }
              />
            ) : null}
            {phase === 'uploading' ? (
              <div data-testid="upload-progress">
                {t('upload.uploading')}
                <Progress percent={uploadPercent} status="active" />
              </div>
            ) : null}
            {phase === 'importing' || phase === 'done' || (phase === 'failed' && importId) ? (
              <div data-testid="import-progress">
                <div data-testid="import-status">{state ? t(`importStatus.${state.status}`, { defaultValue: state.status }) : t('upload.processing')}</div>
                <Progress
                  percent={importPercent}
                  status={phase === 'failed' ? 'exception' : phase === 'done' ? 'success' : 'active'}
                  showInfo={phase !== 'importing'}
                />
                {status.error ? <Alert type="error" showIcon title={errorMessage(status.error)} /> : null}
                {state ? (
                  <Row gutter={16} style={{ marginTop: 16 }}>
                    <Col span={6}>
                      <Statistic title={t('upload.rowsRead')} value={state.rowsRead} data-testid="rows-read" />
                    </Col>
                    <Col span={6}>
                      <Statistic title={t('upload.rowsImported')} value={state.rowsImported} data-testid="rows-imported" />
                    </Col>
                    <Col span={6}>
                      <Statistic title={t('upload.rowsUpdated')} value={state.rowsUpdated} data-testid="rows-updated" />
                    </Col>
                    <Col span={6}>
                      <Statistic
                        title={t('upload.rowsRejected')}
                        value={state.rowsRejected}
                        styles={state.rowsRejected ? { content: { color: "#cf1322" } } : undefined}
                        data-testid="rows-rejected"
                      />
                    </Col>
                  </Row>
                ) : null}
              </div>
            ) : null}
            {phase === 'done' ? (
              <Alert
                type="success"
                showIcon
                title={t('upload.done')}
                description={state && !state.placementId && state.rowsImported === 0 && state.rowsUpdated === 0 ? t('upload2.nothingChanged') : undefined}
                style={{ marginTop: 16 }}
                data-testid="import-done"
              />
            ) : null}
            {phase === 'failed' ? (
              <Alert type="error" showIcon title={t('upload.failed', { message: failure ?? '' })} style={{ marginTop: 16 }} data-testid="import-failed" />
            ) : null}
            {state && state.rowsRejected > 0 && (phase === 'done' || phase === 'failed') ? (
              <>
                <Table
                  style={{ marginTop: 16 }}
                  size="small"
                  pagination={false}
                  data-testid="rejections-preview"
                  rowKey={(r) => `${r.row}-${r.column ?? ''}-${r.reason}`}
                  dataSource={state.rejections.edges.map((e) => e.node)}
                  columns={[
                    { title: t('upload.row'), dataIndex: 'row', key: 'row', width: 70 },
                    { title: t('upload.column'), dataIndex: 'column', key: 'column' },
                    // The server's reason in the user's language, rendered from its code.
                    { title: t('upload.reason'), key: 'reason', render: (_, r) => <span data-testid="rejection-reason">{zh ? r.reasonZh : r.reason}</span> },
                    { title: t('upload.value'), dataIndex: 'value', key: 'value' },
                  ]}
                />
                <Button icon={<DownloadOutlined />} style={{ marginTop: 16 }} onClick={() => void download()} data-testid="download-rejections">
                  {t('upload.downloadRejections')}
                  {state.rejections.totalCount != null ? ` (${state.rejections.totalCount})` : ''}
                </Button>
              </>
            ) : null}
          </Card>
        </Col>
      </Row>
      <ColumnMappingDrawer client={selectedClient} open={mappingOpen} onClose={() => setMappingOpen(false)} />
      <Card title={t('upload.recent')} style={{ marginTop: 16 }}>
        <RecentImports />
      </Card>
    </div>
  );
}

function RecentImports() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const colors: Record<string, string> = { QUEUED: 'default', RUNNING: 'processing', SUCCEEDED: 'success', FAILED: 'error' };
  return (
    <ConnectionTable
      testId="imports-table"
      query={PlacementImportsQuery}
      select={(d) => d.placementImports}
      rowKey={(n: ImportNode) => n.id}
      pageSize={10}
      size="small"
      columns={[
        { title: t('upload.fileName'), dataIndex: 'fileName', key: 'fileName' },
        { title: t('accounts.client'), key: 'client', render: (_, n) => n.client?.name ?? '—' },
        { title: t('upload.status'), key: 'status', render: (_, n) => <Tag color={colors[n.status]}>{t(`importStatus.${n.status}`)}</Tag> },
        { title: t('upload.rowsImported'), dataIndex: 'rowsImported', key: 'imported', align: 'right' },
        { title: t('upload.rowsUpdated'), dataIndex: 'rowsUpdated', key: 'updated', align: 'right' },
        { title: t('upload.rowsRejected'), dataIndex: 'rowsRejected', key: 'rejected', align: 'right' },
        { title: t('upload.by'), key: 'by', render: (_, n) => n.createdBy?.displayName ?? '—' },
        { title: t('common.createdAt'), key: 'createdAt', render: (_, n) => <DateTime value={n.createdAt} /> },
        {
          title: '',
          key: 'download',
          render: (_, n) =>
            n.rowsRejected > 0 ? (
              <Button
                size="small"
                icon={<DownloadOutlined />}
                onClick={() =>
                  void downloadWithAuth(n.rejectionsCsvUrl, `rejections-${n.fileName.replace(/\.[^.]+$/, '')}.csv`).catch((error: unknown) =>
                    message.error(errorMessage(error)),
                  )
                }
              >
                {t('common.download')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
