import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../shared/states';
import { PageHeader } from '../../shared/PageHeader';

/** The lawyer portal's cases: empty until legal handoff exists in the API. */
export default function CasesPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="cases-page">
      <PageHeader title={t('legal.title')} />
      <Card>
        <EmptyState testId="cases-empty" title={t('legal.empty')} description={t('legal.emptyHint')} />
      </Card>
    </div>
  );
}
