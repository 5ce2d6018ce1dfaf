import { Checkbox, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueFilter } from '../../gql/graphql';
import { BUCKETS, bucketLabel } from './AccountFilters';

export type QueueFilterValue = QueueFilter;

/** Search and filters over the collector's own queue: name or reference prefix, phone tail, bucket, promise due today, holds. */
export function QueueFilterBar({ onChange }: { onChange: (filter: QueueFilterValue | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [buckets, setBuckets] = useState<QueueFilter['buckets']>([]);
  const [promiseDueToday, setPromiseDueToday] = useState(false);
  const [held, setHeld] = useState<'any' | 'held' | 'clear'>('any');
  useEffect(() => {
    const f: QueueFilterValue = {
      ...(search.trim() ? { search: search.trim() } : {}),
      ...(buckets?.length ? { buckets } : {}),
      ...(promiseDueToday ? { promiseDueToday: true } : {}),
      ...(held === 'any' ? {} : { held: held === 'held' }),
    };
    onChange(Object.keys(f).length ? f : null);
  }, [search, buckets, promiseDueToday, held, onChange]);
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="queue-filter">
      <Input.Search allowClear placeholder={t('queueFilter.search')} style={{ width: 280 }} onSearch={setSearch} data-testid="queue-search" />
      <Select
        mode="multiple"
        allowClear
        placeholder={t('queueFilter.buckets')}
        style={{ minWidth: 180 }}
        value={buckets ?? []}
        onChange={setBuckets}
        options={BUCKETS.map((b) => ({ value: b, label: bucketLabel(b) }))}
        data-testid="queue-buckets"
      />
      <Checkbox checked={promiseDueToday} onChange={(e) => setPromiseDueToday(e.target.checked)} data-testid="queue-promise-today">
        {t('queueFilter.promiseDueToday')}
      </Checkbox>
      <Select
        value={held}
        onChange={setHeld}
        style={{ width: 150 }}
        options={[
          { value: 'any', label: t('queueFilter.holdAny') },
          { value: 'held', label: t('queueFilter.held') },
          { value: 'clear', label: t('queueFilter.notHeld') },
        ]}
        data-testid="queue-held"
      />
    </Space>
  );
}
