import { Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A plain full-page message with a way home (no access, not found). */
export function Notice({ title, hint, testId }: { title: ReactNode; hint?: ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId} role="alert" style={{ padding: '64px 24px', textAlign: 'center' }}>
      <Typography.Title level={4} data-testid={`${testId}-title`}>
        {title}
      </Typography.Title>
      {hint ? <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph> : null}
      <Link to="/">
        <Button type="primary">{t('common.goHome')}</Button>
      </Link>
    </div>
  );
}
