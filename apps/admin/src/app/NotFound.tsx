import { useTranslation } from 'react-i18next';
import { Notice } from '../shared/Notice';

export function NotFound() {
  const { t } = useTranslation();
  return <Notice testId="not-found" title={t('common.notFound')} />;
}
