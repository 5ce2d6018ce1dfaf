import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from './money';

/** An exact amount with its currency, formatted for the user's language. */
export function Money({
  amount,
  currency,
  code,
  testId,
  strong,
}: {
  amount: string | null | undefined;
  currency: string | null | undefined;
  code?: boolean;
  testId?: string;
  strong?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const text = amount != null && currency ? formatMoney(amount, currency, { locale: i18n.language, code }) : null;
  return (
    <Typography.Text
      data-testid={testId}
      strong={strong}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
      title={amount != null && currency ? `${amount} ${currency}` : undefined}
    >
      {text ?? t('money.invalid')}
    </Typography.Text>
  );
}
