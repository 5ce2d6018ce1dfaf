import type { EntityManager } from 'typeorm';

export interface CategoryDef {
  code: string;
  nameEn: string;
  nameZh: string;
  builtIn: boolean;
  active: boolean;
}

/** Every agency has these; it may add its own (complaint_category) and retire any of its own. */
export const BUILT_IN_CATEGORIES: readonly CategoryDef[] = [
  { code: 'harassment', nameEn: 'Harassment or abusive language', nameZh: '骚扰或辱骂', builtIn: true, active: true },
  { code: 'outside_hours', nameEn: 'Contact outside permitted hours', nameZh: '非允许时段联系', builtIn: true, active: true },
  { code: 'third_party_disclosure', nameEn: 'Disclosure to a third party', nameZh: '向第三方泄露债务', builtIn: true, active: true },
  { code: 'wrong_amount', nameEn: 'Wrong amount', nameZh: '金额有误', builtIn: true, active: true },
  { code: 'not_my_debt', nameEn: 'Not my debt / identity theft', nameZh: '非本人债务 / 身份冒用', builtIn: true, active: true },
  { code: 'privacy', nameEn: 'Privacy', nameZh: '个人信息保护', builtIn: true, active: true },
  { code: 'staff_attitude', nameEn: 'Staff attitude', nameZh: '服务态度', builtIn: true, active: true },
  { code: 'other', nameEn: 'Other', nameZh: '其他', builtIn: true, active: true },
];

/** The agency's list: the built-in categories, then its own (RLS: the caller's agency only). */
export async function listCategories(db: EntityManager): Promise<CategoryDef[]> {
  const own: { code: string; name_en: string; name_zh: string; active: boolean }[] = await db.query(
    `select code, name_en, name_zh, active from complaint_category order by created_at, code`,
  );
  const builtInCodes = new Set(BUILT_IN_CATEGORIES.map((c) => c.code));
  return [
    ...BUILT_IN_CATEGORIES,
    ...own.filter((c) => !builtInCodes.has(c.code)).map((c) => ({ code: c.code, nameEn: c.name_en, nameZh: c.name_zh, builtIn: false, active: c.active })),
  ];
}

export async function isActiveCategory(db: EntityManager, code: string): Promise<boolean> {
  return (await listCategories(db)).some((c) => c.code === code && c.active);
}

export type CategoryChange = { ok: true; value: CategoryDef } | { ok: false; code: 'BUILT_IN_CATEGORY' | 'INVALID_CODE'; message: string };

const CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** Adds or renames one of the agency's own categories, or retires it (active: false). Built-in ones are fixed. */
export async function setCategory(db: EntityManager, agencyId: string, input: { code: string; nameEn: string; nameZh: string; active: boolean }): Promise<CategoryChange> {
  const code = input.code.trim();
  if (!CODE.test(code)) return { ok: false, code: 'INVALID_CODE', message: 'A category code is 2–40 lower-case letters, digits or underscores, starting with a letter' };
  if (BUILT_IN_CATEGORIES.some((c) => c.code === code)) return { ok: false, code: 'BUILT_IN_CATEGORY', message: `"${code}" is a built-in category and cannot be changed` };
  const [row] = await db.query(
    `insert into complaint_category (agency_id, code, name_en, name_zh, active) values ($1, $2, $3, $4, $5)
     on conflict (agency_id, code) do update set name_en = excluded.name_en, name_zh = excluded.name_zh, active = excluded.active
     returning code, name_en, name_zh, active`,
    [agencyId, code, input.nameEn.trim(), input.nameZh.trim(), input.active],
  );
  return { ok: true, value: { code: row.code, nameEn: row.name_en, nameZh: row.name_zh, builtIn: false, active: row.active } };
}
