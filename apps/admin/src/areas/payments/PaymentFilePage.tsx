import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Select, Space, Table, Tag, message } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionStore } from '../../app/session-store';
import { DateTime } from '../../shared/DateTime';
import { downloadWithAuth } from '../../shared/download';
import { errorMessage } from '../../shared/errors';
import { Money } from '../../shared/Money';
import { PageHeader } from '../../shared/PageHeader';
import { ClientPicker, useSelectedClient } from '../bank/ClientPicker';
import { PaymentImportsQuery } from './operations';

interface UploadOutcome {
  importId?: string;
  status?: string;
  rowsRead?: number;
  rowsPosted?: number;
  rowsDuplicate?: number;
  rowsRejected?: number;
  error?: string | { message: string } | null;
}

/** A bank's payment file (CSV/XLSX): posted row by row, each bank transaction once; rejections downloadable. */
export default function PaymentFilePage() {
  const { t } = useTranslation();
  const selected = useSelectedClient();
  const clientId = selected.client?.id ?? '';
  const [kind, setKind] = useState<'PAYMENTS' | 'DIRECT_PAYMENTS'>('PAYMENTS');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<UploadOutcome | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const imports = useQuery(PaymentImportsQuery, { variables: { clientId }, skip: !clientId, fetchPolicy: 'cache-and-network' });

  async function send(file: File) {
    setBusy(true);
    setOutcome(null);
    try {
      const body = new FormData();
      body.append('clientId', clientId);
      body.append('fileKind', kind);
      body.append('file', file, file.name);
      const token = sessionStore.token;
      const res = await fetch('/api/payment-files/upload', { method: 'POST', body, headers: { 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
      const json = (await res.json()) as UploadOutcome;
      setOutcome(json);
      void imports.refetch();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  const errorText = typeof outcome?.error === 'string' ? outcome.error : outcome?.error?.message;
  return (
    <div data-testid="payment-file-page">
      <PageHeader title={t('payments.fileTitle')} extra={<ClientPicker state={selected} />} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Card>
          <Space wrap>
            <Select
              value={kind}
              onChange={setKind}
              style={{ width: 240 }}
              data-testid="payment-file-kind"
              options={(['PAYMENTS', 'DIRECT_PAYMENTS'] as const).map((k) => ({ value: k, label: t(`payments.fileKinds.${k}`) }))}
            />
            <input ref={input} type="file" accept=".csv,.xlsx" style={{ display: 'none' }} data-testid="payment-file-input" onChange={(e) => e.target.files?.[0] && void send(e.target.files[0])} />
            <Button type="primary" icon={<UploadOutlined />} loading={busy} disabled={!clientId} onClick={() => input.current?.click()}>
              {t('payments.fileUpload')}
            </Button>
          </Space>
          <div style={{ color: 'rgba(0,0,0,0.45)', marginTop: 8 }}>{t('payments.fileHint')}</div>
          {outcome ? (
            <Alert
              style={{ marginTop: 12 }}
              data-testid="payment-file-result"
              type={errorText || outcome.status === 'failed' ? 'error' : 'success'}
              showIcon
              title={errorText ?? t('payments.fileResult', { read: outcome.rowsRead, posted: outcome.rowsPosted, duplicate: outcome.rowsDuplicate, rejected: outcome.rowsRejected })}
            />
          ) : null}
        </Card>
        <Card title={t('payments.fileHistory')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            loading={imports.loading}
            data-testid="payment-imports"
            dataSource={imports.data?.paymentImports ?? []}
            columns={[
              { title: t('payments.fileWhen'), key: 'at', render: (_, r) => <DateTime value={r.createdAt} /> },
              { title: t('payments.fileName'), dataIndex: 'fileName', key: 'name' },
              { title: t('payments.fileKind'), key: 'kind', render: (_, r) => t(`payments.fileKinds.${r.fileKind}`) },
              { title: t('payments.status'), key: 'status', render: (_, r) => <Tag color={r.status === 'failed' ? 'red' : 'green'}>{r.error ?? r.status}</Tag> },
              { title: t('payments.filePosted'), key: 'posted', align: 'right', render: (_, r) => `${r.rowsPosted} / ${r.rowsRead}` },
              { title: t('payments.fileDuplicates'), dataIndex: 'rowsDuplicate', key: 'dup', align: 'right' },
              { title: t('payments.fileRejected'), dataIndex: 'rowsRejected', key: 'rej', align: 'right' },
              { title: t('payments.amount'), key: 'total', align: 'right', render: (_, r) => <Money value={r.totalPosted} /> },
              {
                title: '',
                key: 'dl',
                render: (_, r) =>
                  r.rowsDuplicate + r.rowsRejected > 0 ? (
                    <Button size="small" icon={<DownloadOutlined />} onClick={() => void downloadWithAuth(`/api/payment-imports/${encodeURIComponent(r.id)}/rejections.csv`, `rejections-${r.fileName}.csv`).catch((e) => message.error(errorMessage(e)))}>
                      {t('payments.fileRejections')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}
