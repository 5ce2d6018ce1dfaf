import { useTranslation } from 'react-i18next';

export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Formats an ISO timestamp with offset in a time zone: "2026-11-24 16:05". */
export function formatDateTime(iso: string, options: { timeZone?: string; locale?: string; seconds?: boolean } = {}): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: options.timeZone ?? userTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: options.seconds ? '2-digit' : undefined,
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}${options.seconds ? `:${get('second')}` : ''}`;
}

/** A timestamptz shown in the user's time zone (or the given one), with the zone and ISO value on hover. */
export function DateTime({ value, timeZone, testId }: { value: string | null | undefined; timeZone?: string; testId?: string }) {
  const { t } = useTranslation();
  if (!value) return <span data-testid={testId}>{t('money.invalid')}</span>;
  const zone = timeZone ?? userTimeZone();
  const text = formatDateTime(value, { timeZone: zone });
  return (
    <time data-testid={testId} dateTime={value} title={`${value} (${zone})`} style={{ whiteSpace: 'nowrap' }}>
      {text ?? value}
    </time>
  );
}

/** A calendar date ("2026-11-24") needs no zone: shown as is. */
export function LocalDate({ value }: { value: string | null | undefined }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{value ?? '—'}</span>;
}
