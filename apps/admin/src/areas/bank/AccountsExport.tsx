import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadWithAuth } from '../../shared/download';
import { errorMessage } from '../../shared/errors';

/** The bank's export of its accounts placed within a date range (CSV or Excel, in the user's language). */
export function AccountsExport({ clients }: { clients: Array<{ id: string; name: string }> }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [clientId, setClientId] = useState<string | undefined>(clients[0]?.id);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [busy, setBusy] = useState(false);
  const ready = clientId && range?.[0] && range[1];
  const download = async (format: 'csv' | 'xlsx') => {
    if (!ready) return;
    const from = range![0]!.format('YYYY-MM-DD');
    const to = range![1]!.format('YYYY-MM-DD');
    const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
    setBusy(true);
    try {
      await downloadWithAuth(`/api/accounts/export?clientId=${encodeURIComponent(clientId!)}&from=${from}&to=${to}&format=${format}&lang=${lang}`, `accounts-${from}-${to}.${format}`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap style={{ marginBottom: 16 }} data-testid="accounts-export">
      {clients.length > 1 ? <Select value={clientId} onChange={setClientId} options={clients.map((c) => ({ value: c.id, label: c.name }))} style={{ width: 200 }} /> : null}
      <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} placeholder={[t('export2.from'), t('export2.to')]} />
      <Button icon={<DownloadOutlined />} disabled={!ready} loading={busy} onClick={() => void download('csv')} data-testid="export-csv">
        {t('export2.csv')}
      </Button>
      <Button icon={<DownloadOutlined />} disabled={!ready} loading={busy} onClick={() => void download('xlsx')}>
        {t('export2.xlsx')}
      </Button>
    </Space>
  );
}
