import type { DataSource, EntityManager } from 'typeorm';
import { ProtectedData } from '../protected-data.js';
import { identityKeyOf, type IdDocumentType } from '../import/identity.js';

/** What one run of a key-rotation command did (per run; a second run over finished data does nothing). */
export interface RotationReport {
  /** Rows rewritten under the newest key version. */
  changed: number;
  /** Rows left alone because they cannot be rebuilt (re-hash: purged debtors) or would collide with another. */
  skipped: number;
  /** Rows another writer changed between read and write (picked up by the next run). */
  raced: number;
  batches: number;
}

export interface RotationOptions {
  /** Debtors per transaction (default 500). */
  batchSize?: number;
  /** Called after each committed batch. */
  onBatch?: (agencyId: string, report: RotationReport) => void;
}

interface Cursor {
  clientId: string;
  id: string;
}

/**
 * Runs `batch` over an agency's debtors in keyset order (client_id, id), each batch in a transaction of
 * its own, so a run can stop anywhere and the next run carries on: the selection only returns rows that
 * still need the work, so a finished row is never read again.
 */
async function inBatches(
  owner: DataSource,
  opts: RotationOptions,
  work: (m: EntityManager, agencyId: string, after: Cursor | null, limit: number, report: RotationReport) => Promise<Cursor | null>,
): Promise<RotationReport> {
  const total: RotationReport = { changed: 0, skipped: 0, raced: 0, batches: 0 };
  const limit = opts.batchSize ?? 500;
  const agencies: { id: string }[] = await owner.query('select id from agency order by id');
  for (const { id: agencyId } of agencies) {
    let after: Cursor | null = null;
    for (;;) {
      const report: RotationReport = { changed: 0, skipped: 0, raced: 0, batches: 1 };
      after = await owner.transaction((m) => work(m, agencyId, after, limit, report));
      if (report.changed + report.skipped + report.raced === 0 && after === null) break;
      total.changed += report.changed;
      total.skipped += report.skipped;
      total.raced += report.raced;
      total.batches++;
      opts.onBatch?.(agencyId, total);
      if (after === null) break;
    }
  }
  return total;
}

const AFTER = `and ($2::uuid is null or (d.client_id, d.id) > ($2::uuid, $3::uuid))`;

/**
 * Re-encrypts every national id not sealed with the newest encryption key version. The ring must still
 * hold the older keys (they open the old ciphertexts). Idempotent and resumable; the key can be retired
 * once a run reports nothing left (`changed` and `raced` 0).
 */
export async function reencryptNationalIds(owner: DataSource, protect: ProtectedData, opts: RotationOptions = {}): Promise<RotationReport> {
  const current = `v${protect.encryptionVersion}:%`;
  return inBatches(owner, opts, async (m, agencyId, after, limit, report) => {
    const rows: { client_id: string; id: string; national_id_enc: string }[] = await m.query(
      `select d.client_id, d.id, d.national_id_enc from debtor d
        where d.agency_id = $1 and d.national_id_enc is not null and d.national_id_enc not like $4 ${AFTER}
        order by d.client_id, d.id limit $5 for update`,
      [agencyId, after?.clientId ?? null, after?.id ?? null, current, limit],
    );
    if (rows.length === 0) return null;
    const sealed = rows.map((r) => protect.encrypt(protect.decrypt(r.national_id_enc)));
    const [{ n }]: { n: number }[] = await m.query(
      `with done as (
         update debtor d set national_id_enc = v.sealed, updated_at = now()
           from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) v(client_id, id, old, sealed)
          where d.client_id = v.client_id and d.id = v.id and d.national_id_enc = v.old
         returning 1
       ) select count(*)::int as n from done`,
      [rows.map((r) => r.client_id), rows.map((r) => r.id), rows.map((r) => r.national_id_enc), sealed],
    );
    report.changed = n;
    report.raced = rows.length - n;
    const last = rows[rows.length - 1];
    return rows.length < limit ? null : { clientId: last.client_id, id: last.id };
  });
}

interface HashSource {
  client_id: string;
  id: string;
  identity_hash: string;
  full_name: string;
  national_id_enc: string | null;
  id_document_type: IdDocumentType | null;
  identity_match: 'document' | 'name_mobile' | 'none' | null;
  phones: string[];
  bank_ref: string | null;
  purged_at: Date | null;
}

/**
 * The identity key a debtor was matched by, rebuilt from what is stored: the decrypted document, or
 * the name and first mobile (weak), or the name and the debtor's first account reference (none).
 * Null for a purged debtor, whose name and document are gone.
 */
export function storedIdentityKey(d: HashSource, protect: ProtectedData): string | null {
  if (d.purged_at) return null;
  if (d.national_id_enc) {
    const document = { type: d.id_document_type ?? 'prc_id', number: protect.decrypt(d.national_id_enc) };
    return identityKeyOf({ document, debtorName: d.full_name, phones: [], bankRef: '' }, d.client_id).key;
  }
  if (d.identity_match === 'name_mobile') {
    const weak = identityKeyOf({ document: null, debtorName: d.full_name, phones: d.phones, bankRef: d.bank_ref ?? '' }, d.client_id);
    if (weak.match === 'name_mobile') return weak.key;
  }
  return d.bank_ref ? identityKeyOf({ document: null, debtorName: d.full_name, phones: [], bankRef: d.bank_ref }, d.client_id).key : null;
}

/**
 * Re-hashes every debtor not hashed with the newest identity key version (including the first
 * release's unversioned hashes keyed by the encryption key), with the agency's own derived key.
 * Idempotent and resumable. A debtor whose new hash another debtor of the bank already holds is left
 * alone and counted as skipped (two rows of one person: a merge is a person-level decision, not a
 * key rotation's).
 */
export async function rehashDebtors(owner: DataSource, protect: ProtectedData, opts: RotationOptions = {}): Promise<RotationReport> {
  if (protect.identityVersion === null) throw new Error('No identity hash key is configured (IDENTITY_HASH_KEY)');
  const current = `h${protect.identityVersion}:%`;
  return inBatches(owner, opts, async (m, agencyId, after, limit, report) => {
    const rows: HashSource[] = await m.query(
      `select d.client_id, d.id, d.identity_hash, d.full_name, d.national_id_enc, d.id_document_type, d.identity_match, d.phones, d.purged_at,
              (select a.bank_ref from account a where a.client_id = d.client_id and a.debtor_id = d.id order by a.created_at, a.id limit 1) as bank_ref
         from debtor d
        where d.agency_id = $1 and d.identity_hash not like $4 ${AFTER}
        order by d.client_id, d.id limit $5 for update of d`,
      [agencyId, after?.clientId ?? null, after?.id ?? null, current, limit],
    );
    if (rows.length === 0) return null;
    const seen = new Set<string>();
    const todo: { row: HashSource; hash: string }[] = [];
    for (const row of rows) {
      const key = storedIdentityKey(row, protect);
      const hash = key === null ? null : protect.personHash(agencyId, key);
      if (hash === null || seen.has(`${row.client_id}/${hash}`)) {
        report.skipped++;
        continue;
      }
      seen.add(`${row.client_id}/${hash}`);
      todo.push({ row, hash });
    }
    if (todo.length) {
      const [{ n }]: { n: number }[] = await m.query(
        `with done as (
           update debtor d set identity_hash = v.hash, updated_at = now()
             from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) v(client_id, id, old, hash)
            where d.client_id = v.client_id and d.id = v.id and d.identity_hash = v.old
              and not exists (select 1 from debtor x where x.client_id = v.client_id and x.identity_hash = v.hash)
           returning 1
         ) select count(*)::int as n from done`,
        [todo.map((t) => t.row.client_id), todo.map((t) => t.row.id), todo.map((t) => t.row.identity_hash), todo.map((t) => t.hash)],
      );
      report.changed = n;
      report.skipped += todo.length - n;
    }
    const last = rows[rows.length - 1];
    return rows.length < limit ? null : { clientId: last.client_id, id: last.id };
  });
}
