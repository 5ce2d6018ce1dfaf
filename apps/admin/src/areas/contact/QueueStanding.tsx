import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../shared/DateTime';
import { ruleKey } from './ContactPanel';

interface Standing {
  open: boolean;
  reason: string;
  opensAt: string | null;
}

/** Why an account stands where it does in the queue: contactable, a follow-up due, or what blocks it and until when. */
export function QueueStandingTag({ standing, holds }: { standing: Standing | null | undefined; holds: { id: string; reason: string }[] }) {
  const { t } = useTranslation();
  if (!standing) return null;
  return (
    <Space wrap size={4} data-testid="queue-standing" data-reason={standing.reason}>
      {standing.open ? (
        <Tag color="green">{t(`contact.queue.${standing.reason === 'follow_up_due' ? 'followUpDue' : 'contactable'}`)}</Tag>
      ) : (
        <Tag color="red">{t(ruleKey(standing.reason), { defaultValue: standing.reason })}</Tag>
      )}
      {holds.map((h) => (
        <Tag key={h.id} color="orange">
          {t(`contact.rules.hold_${h.reason.toLowerCase()}`)}
        </Tag>
      ))}
      {standing.opensAt ? (
        <span>
          {t('contact.queue.opensAt')} <DateTime value={standing.opensAt} />
        </span>
      ) : null}
    </Space>
  );
}
