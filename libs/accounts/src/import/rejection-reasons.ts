/**
 * Placement rejection reasons as stable codes with parameters, and their text in each language. The
 * importer stores a reason as "<bank's column> <message>" with the messages of validate-row.ts and
 * values.ts; this catalogue names every one of those messages (a spec proves none is left out), so
 * the web app and the rejection CSV say it in the user's language.
 */
export type RejectionLanguage = 'zh-CN' | 'en';

interface Entry {
  code: string;
  /** Matches the message (after the column name); named groups become parameters. */
  pattern: RegExp;
  zh: (p: Record<string, string>) => string;
}

const CATALOGUE: Entry[] = [
  { code: 'REQUIRED', pattern: /^is required$/, zh: () => '为必填项' },
  { code: 'TOO_LONG', pattern: /^is longer than (?<max>\d+) characters$/, zh: (p) => `超过 ${p.max} 个字符` },
  { code: 'BAD_BANK_REF', pattern: /^must be 1–64 letters, digits or/, zh: () => '须为 1–64 位字母、数字或 - _ . / # :' },
  { code: 'CARD_NUMBER_AS_REF', pattern: /^is the full card number; send the account reference instead$/, zh: () => '是完整卡号，请改为提供账户编号' },
  { code: 'NATIONAL_ID_CHECK_DIGIT', pattern: /^has an invalid check digit$/, zh: () => '校验位不正确' },
  { code: 'NATIONAL_ID_FORMAT', pattern: /^is not a recognised identity document/, zh: () => '不是可识别的证件号码（居民身份证、港澳或台湾通行证、护照）' },
  { code: 'NOT_A_PHONE', pattern: /^contains (?<values>.+), which (is not a phone number|are not phone numbers)$/, zh: (p) => `包含 ${p.values}，不是有效的电话号码` },
  { code: 'CONTACT_PHONE_INVALID', pattern: /^is not a phone number$/, zh: () => '不是有效的电话号码' },
  { code: 'CONTACT_NAME_REQUIRED', pattern: /^is required when a contact phone is given$/, zh: () => '填写联系人电话时为必填项' },
  { code: 'AFTER_PLACEMENT_DATE', pattern: /^is after the placement date (?<placedOn>\d{4}-\d{2}-\d{2})$/, zh: (p) => `晚于委案日期 ${p.placedOn}` },
  { code: 'DUPLICATE_BANK_REF', pattern: /^appears more than once in the file(?: \(first at row (?<firstRow>\d+)\))?; only its first row was imported$/, zh: (p) => `在文件中重复出现${p.firstRow ? `（首次在第 ${p.firstRow} 行）` : ''}；只导入了第一行` },
  { code: 'NOT_A_NUMBER', pattern: /^is not a number$/, zh: () => '不是数字' },
  { code: 'EMPTY', pattern: /^is empty$/, zh: () => '为空' },
  { code: 'NOT_AN_AMOUNT', pattern: /^is not an amount/, zh: () => '不是金额（应为数字，可带小数点，如 12,345.60）' },
  { code: 'NEGATIVE', pattern: /^is negative$/, zh: () => '为负数' },
  { code: 'TOO_MANY_DECIMALS', pattern: /^has more than two decimals$/, zh: () => '小数超过两位' },
  { code: 'TOO_LARGE', pattern: /^is too large$/, zh: () => '金额过大' },
  { code: 'NOT_A_DATE', pattern: /^is not a (valid )?date/, zh: () => '不是日期（应为 yyyy-mm-dd、yyyy/mm/dd 或 yyyymmdd）' },
  { code: 'NOT_A_CALENDAR_DATE', pattern: /^is not a valid calendar date$/, zh: () => '不是有效的日历日期' },
  { code: 'NOT_DAYS', pattern: /^is not a whole number of days$/, zh: () => '不是整数天数' },
  { code: 'NOT_A_CARD_NUMBER', pattern: /^is not a card number/, zh: () => '不是卡号（应为完整卡号或后四位）' },
  { code: 'NOT_A_CURRENCY', pattern: /^is not an ISO 4217 currency code/, zh: () => '不是 ISO 4217 币种代码（如 CNY）' },
  { code: 'NOT_A_TIME_ZONE', pattern: /^is not an IANA time zone/, zh: () => '不是 IANA 时区（如 Asia/Shanghai）' },
];

export interface CodedReason {
  code: string;
  params: Record<string, string>;
}

/** The code and parameters of a stored reason ("<column> <message>"); OTHER for a message not in the catalogue. */
export function rejectionCode(reason: string, column: string | null): CodedReason {
  const message = column && reason.startsWith(`${column} `) ? reason.slice(column.length + 1) : reason;
  for (const e of CATALOGUE) {
    const m = e.pattern.exec(message);
    if (m) return { code: e.code, params: { column: column ?? '', ...(m.groups ?? {}) } };
  }
  return { code: 'OTHER', params: { column: column ?? '', message } };
}

/** The reason in a language: English is the stored text; Chinese is rendered from the code. */
export function rejectionMessage(reason: string, column: string | null, language: RejectionLanguage): string {
  if (language === 'en') return reason;
  const { code, params } = rejectionCode(reason, column);
  const entry = CATALOGUE.find((e) => e.code === code);
  return entry ? `${column ? `「${column}」` : ''}${entry.zh(params)}` : reason;
}
