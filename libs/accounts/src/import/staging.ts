import { bucketFor, daysPastDue, type BandStarts } from '../aging/aging.js';
import { maskNationalId, type ProtectedData } from '../protected-data.js';
import type { Rejection, PlacementRow } from './validate-row.js';
import { identityKeyOf } from './identity.js';

/**
 * The TEMP staging tables of one import (dropped at commit) and the COPY text-format lines that fill
 * them. COPY into an RLS table is refused, so rows are COPYed here first and merged set-based with
 * INSERT ... SELECT, where the policies check every row.
 */
export const STAGE_DDL = [
  `create temp table import_stage (
    row_number integer not null,
    bank_ref text not null,
    card_last4 text,
    full_name text not null,
    national_id_enc text,
    national_id_masked text,
    identity_hash text not null,
    phones text[] not null,
    address text,
    employer text,
    time_zone text,
    currency text not null,
    principal numeric(18, 2) not null,
    interest numeric(18, 2) not null,
    fees numeric(18, 2) not null,
    overdue_amount numeric(18, 2) not null,
    delinquent_since date not null,
    charge_off_date date,
    last_payment_date date,
    last_payment_amount numeric(18, 2),
    dpd integer not null,
    bucket text not null,
    contact_name text,
    contact_relation text,
    contact_phone text,
    id_type text,
    identity_match text not null,
    parties jsonb
  ) on commit drop`,
  `create temp table import_rejection_stage (
    row_number integer not null,
    seq smallint not null,
    column_name text,
    reason text not null,
    value text
  ) on commit drop`,
];

export const STAGE_COLUMNS =
  'row_number, bank_ref, card_last4, full_name, national_id_enc, national_id_masked, identity_hash, phones, address, employer, time_zone, currency, principal, interest, fees, overdue_amount, delinquent_since, charge_off_date, last_payment_date, last_payment_amount, dpd, bucket, contact_name, contact_relation, contact_phone, id_type, identity_match, parties';

const SPECIAL = /[\\\t\n\r\0]/;

/** A value in COPY text format: \N for null, backslash escapes for the delimiter, newlines and backslash. */
export function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : ''));
}

/** A debtor's identity key and how it matched (see identityKeyOf for the order). */
export function identityOf(row: Pick<PlacementRow, 'idDocument' | 'debtorName' | 'bankRef' | 'phones'>, clientId: string) {
  return identityKeyOf({ document: row.idDocument, debtorName: row.debtorName, phones: row.phones, bankRef: row.bankRef }, clientId);
}

/** One staging line (tab-separated, newline-terminated) for a validated row. */
export function stageLine(row: PlacementRow, protectedData: ProtectedData, agedOn: string, bandStarts: BandStarts, ids: { clientId: string; agencyId: string }): string {
  const clientId = ids.clientId;
  const identity = identityOf(row, clientId);
  // Nothing overdue is current, whatever the delinquency date says (the same rule as the aging job).
  const dpd = /^0+(\.0+)?$/.test(row.overdueAmount) ? 0 : daysPastDue(row.delinquentSince, agedOn);
  const c = row.contact;
  return (
    [
      row.rowNumber,
      copyValue(row.bankRef),
      copyValue(row.cardLast4),
      copyValue(row.debtorName),
      copyValue(row.nationalId && protectedData.encrypt(row.nationalId)),
      copyValue(row.nationalId && maskNationalId(row.nationalId)),
      copyValue(protectedData.personHash(ids.agencyId, identity.key)),
      `{${row.phones.join(',')}}`,
      copyValue(row.address),
      copyValue(row.employer),
      copyValue(row.timeZone),
      row.currency,
      row.principal,
      row.interest,
      row.fees,
      row.overdueAmount,
      row.delinquentSince,
      copyValue(row.chargeOffDate),
      copyValue(row.lastPaymentDate),
      copyValue(row.lastPaymentAmount),
      dpd,
      bucketFor(dpd, bandStarts),
      copyValue(c ? c.name : null),
      copyValue(c ? c.relation : null),
      copyValue(c ? c.phone : null),
      copyValue(row.idDocument?.type ?? null),
      identity.match,
      copyValue(row.parties.length ? JSON.stringify(row.parties) : null),
    ].join('\t') + '\n'
  );
}

/** Staging lines of a rejected row: one per problem, numbered by `seq`. */
export function rejectionLines(rowNumber: number, rejections: Rejection[]): string {
  return rejections.map((r, seq) => `${rowNumber}\t${seq}\t${copyValue(r.column)}\t${copyValue(r.reason.slice(0, 1000))}\t${copyValue(r.value)}\n`).join('');
}
