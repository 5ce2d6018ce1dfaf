import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, DatePicker, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { useCurrentRole } from '../../shared/current-role';
import { ScheduleVisitMutation, VisitCollectorsQuery } from './operations';

/** On the account page, for supervisors: plan a field visit (checked against the contact policy at the planned time). */
export default function ScheduleVisitCard({ accountId }: { accountId: string }) {
  const role = useCurrentRole();
  if (role !== 'SUPERVISOR' && role !== 'AGENCY_ADMIN') return null;
  return <ScheduleVisitForm accountId={accountId} />;
}

function ScheduleVisitForm({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const collectors = useQuery(VisitCollectorsQuery);
  const [schedule, state] = useMutation(ScheduleVisitMutation);
  const [address, setAddress] = useState('');
  const [who, setWho] = useState<string[]>([]);
  const [when, setWhen] = useState<Dayjs | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string; nextAllowedAt?: string | null } | null>(null);

  async function onSchedule() {
    if (!when) return;
    setResult(null);
    try {
      const r = (await schedule({ variables: { input: { accountId, address, collectorIds: who, plannedAt: when.toISOString() } } })).data?.scheduleVisit;
      if (r?.__typename === 'FieldVisit') {
        setResult({ ok: true, text: t('visits.scheduled') });
        setAddress('');
        setWhen(null);
      } else if (r?.__typename === 'VisitNotAllowed') setResult({ ok: false, text: `${t('visits.notAllowed')} ${r.rules.map((x) => t(`contact.rules.${x.rule.replace(':', '_')}`, { defaultValue: x.message })).join('; ')}`, nextAllowedAt: r.nextAllowedAt });
      else if (r?.__typename === 'NotEligible') setResult({ ok: false, text: r.message });
    } catch (e) {
      setResult({ ok: false, text: errorMessage(e) });
    }
  }

  return (
    <Card title={t('visits.schedule')} data-testid="schedule-visit">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input data-testid="visit-address" placeholder={t('visits.address')} value={address} onChange={(e) => setAddress(e.target.value)} maxLength={500} />
        <Select
          data-testid="visit-collectors"
          mode="multiple"
          style={{ width: '100%' }}
          placeholder={t('visits.collectors')}
          value={who}
          onChange={setWho}
          loading={collectors.loading}
          options={(collectors.data?.users.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.displayName }))}
        />
        <DatePicker data-testid="visit-when" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={when} onChange={setWhen} placeholder={t('visits.plannedAt')} />
        <Button type="primary" data-testid="visit-schedule" disabled={!address.trim() || !who.length || !when} loading={state.loading} onClick={() => void onSchedule()}>
          {t('visits.scheduleButton')}
        </Button>
        {result ? (
          <Alert
            type={result.ok ? 'success' : 'warning'}
            showIcon
            data-testid="visit-schedule-result"
            title={result.text}
            description={result.nextAllowedAt ? <span>{t('contact.nextAllowed')} <DateTime value={result.nextAllowedAt} /></span> : undefined}
          />
        ) : null}
      </Space>
    </Card>
  );
}
