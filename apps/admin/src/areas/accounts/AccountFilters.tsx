import { ReloadOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountFilter, AccountOrder, AccountStatus, Bucket } from '../../gql/graphql';
import { useUrlState } from '../../shared/useUrlState';

export const BUCKETS: Bucket[] = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6_PLUS'];
export const bucketLabel = (b: string) => (b === 'M6_PLUS' ? 'M6+' : b);
const STATUSES: AccountStatus[] = ['ACTIVE', 'RECALLED', 'CLOSED'];
const SORTS = ['BALANCE', 'DAYS_PAST_DUE', 'PLACED_ON', 'PRIORITY'] as const;

const FILTER_KEYS = ['q', 'bucket', 'dpdMin', 'dpdMax', 'status', 'client', 'unassigned', 'sort', 'dir'] as const;

const int = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

/** The account list's filters, kept in the URL's search params (bookmarkable, survive reload). */
export function useAccountFilters(options: { fixedStatuses?: AccountStatus[] } = {}) {
  const state = useUrlState(FILTER_KEYS);
  const v = state.values;
  const buckets = (v.bucket?.split(',').filter((b) => (BUCKETS as string[]).includes(b)) ?? []) as Bucket[];
  const status = STATUSES.find((s) => s === v.status);
  const filter: AccountFilter = {
    search: v.q || undefined,
    buckets: buckets.length ? buckets : undefined,
    dpdMin: int(v.dpdMin),
    dpdMax: int(v.dpdMax),
    statuses: options.fixedStatuses ?? (status ? [status] : undefined),
    clientId: v.client || undefined,
    unassigned: v.unassigned === '1' ? true : undefined,
  };
  const sort = SORTS.find((s) => s === v.sort);
  const orderBy: AccountOrder | undefined = sort ? { field: sort, direction: v.dir === 'ASC' ? 'ASC' : 'DESC' } : undefined;
  // Drop undefined keys so the variables (and the cursor reset they trigger) are stable.
  const clean = Object.fromEntries(Object.entries(filter).filter(([, x]) => x !== undefined)) as AccountFilter;
  return { ...state, filter: clean, orderBy, buckets, status };
}

export type AccountFiltersState = ReturnType<typeof useAccountFilters>;

export function AccountFilters({
  state,
  clients,
  showStatus = true,
  showAssignment = true,
}: {
  state: AccountFiltersState;
  clients: ReadonlyArray<{ id: string; name: string }>;
  showStatus?: boolean;
  showAssignment?: boolean;
}) {
  const { t } = useTranslation();
  const { values, update, reset, buckets, status } = state;
  return (
    <Space wrap style={{ marginBottom: 16 }} data-testid="account-filters">
      <Input.Search
        allowClear
        key={`q-${values.q ?? ''}`}
        defaultValue={values.q}
        placeholder={t('accounts.search')}
        onSearch={(q) => update({ q: q.trim() })}
        // Wide enough for the whole placeholder in either language.
        style={{ width: 360 }}
        data-testid="filter-search"
      />
      {clients.length > 1 ? (
        <Select
          allowClear
          placeholder={t('accounts.client')}
          style={{ width: 180 }}
          value={values.client}
          onChange={(client?: string) => update({ client })}
          options={clients.map((c) => ({ value: c.id, label: c.name }))}
          data-testid="filter-client"
        />
      ) : null}
      <Select<Bucket[]>
        mode="multiple"
        allowClear
        placeholder={t('accounts.bucket')}
        style={{ minWidth: 180 }}
        value={buckets}
        onChange={(list) => update({ bucket: list.join(',') })}
        options={BUCKETS.map((b) => ({ value: b, label: bucketLabel(b) }))}
        data-testid="filter-bucket"
      />
      <InputNumber<number>
        min={0}
        placeholder={t('accounts.minDpd')}
        value={values.dpdMin ? Number(values.dpdMin) : null}
        onChange={(n) => update({ dpdMin: n ?? undefined })}
        style={{ width: 130 }}
        data-testid="filter-dpd-min"
      />
      <InputNumber<number>
        min={0}
        placeholder={t('accounts.maxDpd')}
        value={values.dpdMax ? Number(values.dpdMax) : null}
        onChange={(n) => update({ dpdMax: n ?? undefined })}
        style={{ width: 130 }}
        data-testid="filter-dpd-max"
      />
      {showStatus ? (
        <Select<AccountStatus>
          allowClear
          placeholder={t('accounts.status')}
          style={{ width: 140 }}
          value={status}
          onChange={(s) => update({ status: s })}
          options={STATUSES.map((s) => ({ value: s, label: t(`accountStatus.${s}`) }))}
          data-testid="filter-status"
        />
      ) : null}
      {showAssignment ? (
        <Checkbox
          checked={values.unassigned === '1'}
          onChange={(e) => update({ unassigned: e.target.checked ? '1' : undefined })}
          data-testid="filter-unassigned"
        >
          {t('accounts.unassigned')}
        </Checkbox>
      ) : null}
      <Select
        style={{ width: 170 }}
        value={values.sort ? `${values.sort}:${values.dir ?? 'DESC'}` : 'BALANCE:DESC'}
        onChange={(v: string) => {
          const [sort, dir] = v.split(':');
          update({ sort, dir });
        }}
        options={SORTS.flatMap((s) => [
          { value: `${s}:DESC`, label: `${t(`accounts.sort.${s}`)} ↓` },
          { value: `${s}:ASC`, label: `${t(`accounts.sort.${s}`)} ↑` },
        ])}
        data-testid="filter-sort"
      />
      <Button icon={<ReloadOutlined />} onClick={reset} data-testid="filter-reset">
        {t('common.reset')}
      </Button>
    </Space>
  );
}
