import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';

export type FeeBasis = 'contingency' | 'risk_agency' | 'fixed';

export interface LawFirmRow {
  id: string;
  name: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  regions: string[];
  courts: string[];
  fee_basis: FeeBasis;
  fee_rate: string | null;
  fixed_fee: string | null;
  fee_currency: string;
  created_at: Date;
}

const COLUMNS = 'id, name, contact_name, contact_phone, contact_email, regions, courts, fee_basis, fee_rate, fixed_fee, fee_currency, created_at';

export interface LawFirmInput {
  name: string;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  regions?: string[];
  courts?: string[];
  feeBasis: FeeBasis;
  feeRate?: string | null;
  fixedFee?: string | null;
  feeCurrency?: string | null;
}

/** What is wrong with a firm's fee terms, or null: a share for contingency and 风险代理, an amount for fixed. */
export function feeTermsProblem(i: Pick<LawFirmInput, 'feeBasis' | 'feeRate' | 'fixedFee'>): string | null {
  const rate = i.feeRate != null && i.feeRate !== '' ? Number(i.feeRate) : null;
  if (i.feeBasis === 'fixed') return i.fixedFee && /^\d{1,16}(\.\d{1,2})?$/.test(i.fixedFee) ? null : 'A fixed fee needs its amount';
  if (rate === null || !/^0(\.\d{1,4})?$|^1(\.0{1,4})?$/.test(String(i.feeRate))) return 'A contingency share is a fraction between 0 and 1 (e.g. 0.25)';
  return null;
}

const tidy = (list: string[] | undefined) => [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))].slice(0, 100);

/** Partner law firms of the agency. RLS: staff see every firm; a lawyer only their own; admins write. */
export class LawFirmService {
  constructor(private readonly db: EntityManager) {}

  async byIds(ids: readonly string[]): Promise<LawFirmRow[]> {
    return this.db.query(`select ${COLUMNS} from law_firm where id = any($1::uuid[])`, [ids]);
  }

  async list(first: number, after: [string, string] | null): Promise<LawFirmRow[]> {
    return after
      ? this.db.query(`select ${COLUMNS} from law_firm where (name, id) > ($2, $3::uuid) order by name, id limit $1`, [first + 1, after[0], after[1]])
      : this.db.query(`select ${COLUMNS} from law_firm order by name, id limit $1`, [first + 1]);
  }

  /** Creates a firm, or updates it when `id` is given (null when that firm is not the caller's to see). */
  async save(actor: Principal, id: string | null, i: LawFirmInput): Promise<LawFirmRow | null> {
    const values = [
      i.name.trim(),
      i.contactName?.trim() || null,
      i.contactPhone?.trim() || null,
      i.contactEmail?.trim().toLowerCase() || null,
      tidy(i.regions),
      tidy(i.courts),
      i.feeBasis,
      i.feeBasis === 'fixed' ? null : i.feeRate,
      i.feeBasis === 'fixed' ? i.fixedFee : null,
      (i.feeCurrency ?? 'CNY').toUpperCase(),
    ];
    if (id) {
      const [rows]: [LawFirmRow[], number] = await this.db.query(
        `update law_firm set name = $2, contact_name = $3, contact_phone = $4, contact_email = $5, regions = $6, courts = $7, fee_basis = $8,
                fee_rate = $9, fixed_fee = $10, fee_currency = $11, updated_at = now() where id = $1 returning ${COLUMNS}`,
        [id, ...values],
      );
      return rows[0] ?? null;
    }
    const [row]: LawFirmRow[] = await this.db.query(
      `insert into law_firm (agency_id, name, contact_name, contact_phone, contact_email, regions, courts, fee_basis, fee_rate, fixed_fee, fee_currency)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${COLUMNS}`,
      [actor.agencyId, ...values],
    );
    return row;
  }
}
