import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, type Language } from '../i18n';

/** zh-CN / English; the choice is remembered in localStorage by i18n.ts. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t('app.language')}
      data-testid="language-switch"
      size="small"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={(value) => void changeLanguage(value)}
      options={[
        { label: <span data-testid="lang-zh">中文</span>, value: 'zh-CN' },
        { label: <span data-testid="lang-en">English</span>, value: 'en' },
      ]}
    />
  );
}
