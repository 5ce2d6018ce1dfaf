import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Input, Segmented, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/errors';
import { AdminDialerSettingsQuery, SetDialerSettingsMutation } from './operations';

/** Agency admins: the dialer adapter (built-in reveal, or an HTTP click-to-dial service with a shared secret). */
export default function DialerSettingsCard() {
  const { t } = useTranslation();
  const { data, refetch } = useQuery(AdminDialerSettingsQuery, { fetchPolicy: 'network-only' });
  const [save, saving] = useMutation(SetDialerSettingsMutation);
  const [adapter, setAdapter] = useState<'BUILTIN' | 'HTTP'>('BUILTIN');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const current = data?.dialerSettings;
  useEffect(() => {
    if (current) {
      setAdapter(current.adapter);
      setUrl(current.url ?? '');
    }
  }, [current]);

  async function onSave() {
    setResult(null);
    try {
      await save({ variables: { adapter, url: adapter === 'HTTP' ? url : undefined, secret: secret || undefined } });
      setSecret('');
      setResult({ ok: true, text: t('visits.dialerSettings.saved') });
      await refetch();
    } catch (e) {
      setResult({ ok: false, text: errorMessage(e) });
    }
  }

  return (
    <Card title={t('visits.dialerSettings.title')} data-testid="dialer-settings" style={{ marginTop: 16 }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented value={adapter} onChange={(v) => setAdapter(v as 'BUILTIN' | 'HTTP')} options={[{ value: 'BUILTIN', label: t('visits.dialerSettings.builtin') }, { value: 'HTTP', label: t('visits.dialerSettings.http') }]} />
        {adapter === 'HTTP' ? (
          <>
            <Input placeholder={t('visits.dialerSettings.url')} value={url} onChange={(e) => setUrl(e.target.value)} data-testid="dialer-url" />
            <Input.Password placeholder={current?.hasSecret ? t('visits.dialerSettings.secretKept') : t('visits.dialerSettings.secret')} value={secret} onChange={(e) => setSecret(e.target.value)} data-testid="dialer-secret" />
            <Typography.Text type="secondary">{t('visits.dialerSettings.callback', { path: '/api/dialer/callback' })}</Typography.Text>
          </>
        ) : null}
        <Button type="primary" loading={saving.loading} onClick={() => void onSave()} data-testid="dialer-save">
          {t('common.save')}
        </Button>
        {result ? <Alert type={result.ok ? 'success' : 'warning'} showIcon title={result.text} /> : null}
      </Space>
    </Card>
  );
}
