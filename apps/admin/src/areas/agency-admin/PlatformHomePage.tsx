import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { EmptyState } from '../../shared/states';
import { PageHeader } from '../../shared/PageHeader';

export default function PlatformHomePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <div data-testid="platform-page">
      <PageHeader title={t('platform.title')} />
      <Card>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('users.displayName')}>{me?.user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('users.email')}>{me?.user.email}</Descriptions.Item>
          <Descriptions.Item label={t('users.role')}>{me ? t(`role.${me.role}`) : ''}</Descriptions.Item>
        </Descriptions>
        <EmptyState title={t('platform.hint')} />
      </Card>
    </div>
  );
}
