import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Input, Space, Table, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadWithAuth } from '../../shared/download';
import { errorMessage } from '../../shared/errors';
import { formatRatio } from '../../shared/money';
import { PageHeader } from '../../shared/PageHeader';
import { ErrorState } from '../../shared/states';
import { ClientPicker, useSelectedClient } from '../bank/ClientPicker';
import { PromiseKeptRatesQuery } from './operations';

const todayISO = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const monthBounds = (iso: string) => {
  const [y, m] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${iso.slice(0, 7)}-01`, to: `${iso.slice(0, 7)}-${String(last).padStart(2, '0')}` };
};

/**
 * Collections for a bank: the daily collection report and the month-end statement as CSV or XLSX
 * (each download audited by the gateway), and the promise-kept rate per collector.
 */
export default function CollectionsPage() {
  const { t } = useTranslation();
  const selected = useSelectedClient();
  const clientId = selected.client?.id ?? '';
  const [day, setDay] = useState(todayISO());
  const month = monthBounds(day);
  const rates = useQuery(PromiseKeptRatesQuery, { variables: { from: month.from, to: month.to, clientId }, skip: !clientId });

  async function download(from: string, to: string, format: 'csv' | 'xlsx') {
    try {
      await downloadWithAuth(`/api/clients/${encodeURIComponent(clientId)}/collection-report.${format}?from=${from}&to=${to}`, `collections-${from}${from === to ? '' : `-${to}`}.${format}`);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  return (
    <div data-testid="collections-page">
      <PageHeader title={t('payments.collectionsTitle')} extra={<ClientPicker state={selected} />} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Card title={t('payments.reports')}>
          <Space wrap>
            <Input type="date" value={day} onChange={(e) => setDay(e.target.value || todayISO())} style={{ width: 180 }} data-testid="report-day" />
            <Button icon={<DownloadOutlined />} disabled={!clientId} data-testid="daily-csv" onClick={() => void download(day, day, 'csv')}>
              {t('payments.dailyReport')} CSV
            </Button>
            <Button icon={<DownloadOutlined />} disabled={!clientId} data-testid="daily-xlsx" onClick={() => void download(day, day, 'xlsx')}>
              {t('payments.dailyReport')} XLSX
            </Button>
            <Button icon={<DownloadOutlined />} disabled={!clientId} data-testid="month-xlsx" onClick={() => void download(month.from, month.to, 'xlsx')}>
              {t('payments.monthStatement', { month: day.slice(0, 7) })}
            </Button>
          </Space>
        </Card>
        <Card title={t('payments.keptRates', { month: day.slice(0, 7) })}>
          {rates.error && !rates.data ? (
            <ErrorState error={rates.error} onRetry={() => void rates.refetch()} />
          ) : (
            <Table
              size="small"
              rowKey={(r) => `${r.client.id}-${r.collector?.id ?? ''}`}
              loading={rates.loading}
              pagination={false}
              data-testid="kept-rates"
              dataSource={rates.data?.promiseKeptRates ?? []}
              columns={[
                { title: t('payments.collector'), key: 'c', render: (_, r) => r.collector?.displayName ?? t('payments.agencyStaff') },
                { title: t('payments.promisesCount'), dataIndex: 'promises', key: 'n', align: 'right' },
                { title: t('payments.promiseStatus.KEPT'), dataIndex: 'kept', key: 'k', align: 'right' },
                { title: t('payments.promiseStatus.PARTIAL'), dataIndex: 'partial', key: 'p', align: 'right' },
                { title: t('payments.promiseStatus.BROKEN'), dataIndex: 'broken', key: 'b', align: 'right' },
                { title: t('payments.promiseStatus.OPEN'), dataIndex: 'open', key: 'o', align: 'right' },
                { title: t('payments.keptRate'), key: 'r', align: 'right', render: (_, r) => formatRatio(r.keptRate) ?? '—' },
              ]}
            />
          )}
        </Card>
      </Space>
    </div>
  );
}
