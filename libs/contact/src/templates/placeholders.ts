/**
 * The variables a message template may use: a fixed whitelist. Nothing else of the debtor's record can
 * reach a message (never the full national id), so a template the bank approved says exactly what will
 * be sent apart from these values. `dueDate` is the next date a payment is due (promise or installment);
 * `objectionNotice` is how to object to the debt (GB/T 45251 Art. 69), worded by the product.
 */
export const PLACEHOLDERS = ['debtorName', 'amountDue', 'dueDate', 'agencyPhone', 'reference', 'objectionNotice'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface TemplateProblem {
  rule: 'unknown_placeholder' | 'unbalanced_braces' | 'national_id' | 'too_long';
  message: string;
}

/** The longest SMS body allowed before rendering (about four concatenated Chinese segments). */
export const SMS_MAX_CHARS = 280;

/** Problems with a template text: unknown `{{placeholders}}`, stray braces, a national id pasted in. */
export function templateProblems(text: string, channel: 'sms' | 'letter'): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  const unknown = new Set<string>();
  for (const m of text.matchAll(TOKEN)) if (!(PLACEHOLDERS as readonly string[]).includes(m[1])) unknown.add(m[1]);
  for (const u of unknown) out.push({ rule: 'unknown_placeholder', message: `Unknown placeholder {{${u}}}; allowed: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}` });
  if (/[{}]/.test(text.replace(TOKEN, ''))) out.push({ rule: 'unbalanced_braces', message: 'Braces are only used around a placeholder, as in {{debtorName}}' });
  // An 18-character PRC id (17 digits and a digit or X) written into the text itself.
  if (/(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])/.test(text)) out.push({ rule: 'national_id', message: 'A template never contains a national id number' });
  if (channel === 'sms' && text.length > SMS_MAX_CHARS) out.push({ rule: 'too_long', message: `An SMS template has at most ${SMS_MAX_CHARS} characters` });
  return out;
}

/** The text with every placeholder replaced (the text must have passed `templateProblems`). */
export function renderTemplate(text: string, values: PlaceholderValues): string {
  return text.replace(TOKEN, (_, name: string) => values[name as Placeholder] ?? '');
}

/** The amount as a debtor reads it: currency symbol for CNY, two decimals from the exact decimal string. */
export function formatAmount(amount: string, currency: string): string {
  const [int, frac = ''] = amount.replace(/^-/, '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = `${amount.startsWith('-') ? '-' : ''}${grouped}.${(frac + '00').slice(0, 2)}`;
  return currency === 'CNY' ? `¥${text}` : `${text} ${currency}`;
}

/**
 * How the debtor may object to the debt or complain: the agency's number, the bank, and the regulator's
 * consumer hotline (12378 in China). Every letter prints it; an SMS template may include it.
 */
export function objectionNotice(bankName: string, agencyPhone: string, currency: string): string {
  return currency === 'CNY'
    ? `如对上述债务有异议，请致电 ${agencyPhone} 或联系${bankName}提出；您也可以拨打银行业保险业消费投诉热线 12378。`
    : `If you dispute this debt, call ${agencyPhone} or contact ${bankName}; you may also complain to the regulator.`;
}
