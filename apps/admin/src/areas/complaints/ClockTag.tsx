import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClockBasis } from '../../gql/graphql';

export interface ClockValue {
  basis: ClockBasis;
  dueOn: string;
  daysRemaining?: number | null;
  late: boolean;
  approximate: boolean;
}

/** Days left on one complaint clock: green with margin, orange when due soon, red when late. */
export function ClockTag({ clock, dueSoonDays = 3, testId }: { clock: ClockValue | null | undefined; dueSoonDays?: number; testId?: string }) {
  const { t } = useTranslation();
  if (!clock) return <span data-testid={testId}>—</span>;
  const left = clock.daysRemaining;
  let text: string;
  let color: string;
  if (left === null || left === undefined) {
    text = clock.late ? t('complaints.decidedLate') : t('complaints.decidedInTime');
    color = clock.late ? 'red' : 'default';
  } else if (left < 0) {
    text = t('complaints.daysLate', { n: -left });
    color = 'red';
  } else if (left === 0) {
    text = t('complaints.dueToday');
    color = 'orange';
  } else {
    text = clock.basis === 'WORKING' ? t('complaints.daysLeftWorking', { n: left }) : t('complaints.daysLeft', { n: left });
    color = left <= dueSoonDays ? 'orange' : 'green';
  }
  return (
    <Space size={4} data-testid={testId}>
      <Tag color={color}>{text}</Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('complaints.dueOn', { date: clock.dueOn, basis: t(`complaints.basis.${clock.basis}`) })}
      </Typography.Text>
      {clock.approximate ? (
        <Tooltip title={t('complaints.approximate')}>
          <Tag>≈</Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}

const STATUS_COLORS: Record<string, string> = {
  RECEIVED: 'blue',
  ACKNOWLEDGED: 'cyan',
  INVESTIGATING: 'gold',
  RESOLVED: 'purple',
  CLOSED: 'default',
  WITHDRAWN: 'default',
};

export function ComplaintStatusTag({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId}>
      {t(`complaints.statuses.${status}`)}
    </Tag>
  );
}

/** The category's name in the screen's language. */
export function categoryName(categories: ReadonlyArray<{ code: string; nameEn: string; nameZh: string }> | undefined, code: string, language: string): string {
  const c = categories?.find((x) => x.code === code);
  if (!c) return code;
  return language.startsWith('zh') ? c.nameZh : c.nameEn;
}
