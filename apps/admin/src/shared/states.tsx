import { CloseCircleFilled } from '@ant-design/icons';
import { Button, Empty, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errors';

export function Loading({ tip, testId = 'loading' }: { tip?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId} role="status" style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
      <div style={{ marginTop: 12, color: 'rgba(0,0,0,0.45)' }}>{tip ?? t('common.loading')}</div>
    </div>
  );
}

export function EmptyState({
  title,
  description,
  action,
  testId = 'empty-state',
}: {
  title?: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId} style={{ padding: 32 }}>
      <Empty
        description={
          <div>
            <div>{title ?? t('common.empty')}</div>
            {description ? <div style={{ color: 'rgba(0,0,0,0.45)', marginTop: 4 }}>{description}</div> : null}
          </div>
        }
      >
        {action}
      </Empty>
    </div>
  );
}

export function ErrorState({
  error,
  title,
  onRetry,
  testId = 'error-state',
}: {
  error?: unknown;
  title?: ReactNode;
  onRetry?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <div role="alert" style={{ padding: 32, textAlign: 'center' }}>
        <CloseCircleFilled style={{ fontSize: 40, color: '#ff4d4f' }} />
        <Typography.Title level={4} style={{ marginTop: 12 }}>
          {title ?? t('common.error')}
        </Typography.Title>
        {error ? (
          <Typography.Paragraph type="secondary" data-testid={`${testId}-message`}>
            {errorMessage(error)}
          </Typography.Paragraph>
        ) : null}
        {onRetry ? (
          <Button onClick={onRetry} data-testid={`${testId}-retry`}>
            {t('common.retry')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** A page or section whose API is not in the gateway's schema yet. */
export function NotAvailable({ testId = 'not-available' }: { testId?: string }) {
  const { t } = useTranslation();
  return <EmptyState testId={testId} title={t('common.notAvailable')} />;
}
