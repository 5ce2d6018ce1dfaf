import { useTranslation } from 'react-i18next';
import { formatMoney } from './money';

/** An exact amount with its currency, formatted for the user's language. */
export function Money({
  value,
  amount = value?.amount,
  currency = value?.currency,
  code,
  testId,
  strong,
}: {
  /** The API's Money object ({ amount, currency }); or pass amount and currency. */
  value?: { amount: string; currency: string } | null;
  amount?: string | null;
  currency?: string | null;
  code?: boolean;
  testId?: string;
  strong?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const text = amount != null && currency ? formatMoney(amount, currency, { locale: i18n.language, code }) : null;
  return (
    <span
      data-testid={testId}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', fontWeight: strong ? 600 : undefined }}
      title={amount != null && currency ? `${amount} ${currency}` : undefined}
    >
      {text ?? t('money.invalid')}
    </span>
  );
}
