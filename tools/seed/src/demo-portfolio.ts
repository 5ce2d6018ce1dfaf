import { fakerZH_CN as faker } from '@faker-js/faker';
import type pg from 'pg';
import { bucketFor, maskNationalId, ProtectedData, refreshPortfolioSnapshot, recomputeAging } from '@arrears/accounts';
import type { DataSource } from 'typeorm';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A well-formed PRC identity number (GB 11643 check digit) for a made-up person. */
function fakeNationalId(): string {
  const region = faker.helpers.arrayElement(['110105', '310104', '440305', '330106', '510107', '420106']);
  const birth = faker.date.birthdate({ min: 22, max: 65, mode: 'age' });
  const body = `${region}${birth.getFullYear()}${String(birth.getMonth() + 1).padStart(2, '0')}${String(birth.getDate()).padStart(2, '0')}${faker.string.numeric(3)}`;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + ID_CHECK[sum % 11];
}

const MOBILE_PREFIXES = ['130', '131', '135', '136', '138', '139', '150', '158', '177', '186', '188', '199'];
const fakeMobile = () => faker.helpers.arrayElement(MOBILE_PREFIXES) + faker.string.numeric(8);
// Spread over every bucket, M1 to M6+, with more accounts in the early buckets as real books have.
const DPD_RANGES: [number, number, number][] = [
  [1, 30, 22],
  [31, 60, 18],
  [61, 90, 15],
  [91, 120, 12],
  [121, 150, 10],
  [151, 180, 9],
  [181, 720, 14],
];

function fakeDpd(): number {
  const [lo, hi] = faker.helpers.weightedArrayElement(DPD_RANGES.map(([lo, hi, weight]) => ({ weight, value: [lo, hi] as const })));
  return faker.number.int({ min: lo, max: hi });
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const minusDays = (iso: string, days: number) => isoDate(new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000));

/**
 * A realistic portfolio for one bank: placements over the last six months, zh-CN debtors with valid
 * national ids (stored encrypted, shown masked), mobiles, addresses, employers and an emergency
 * contact, balances in CNY with exact decimals, and every bucket present. Deterministic per seed.
 */
export async function seedPortfolio(
  q: pg.PoolClient,
  t: { agencyId: string; clientId: string; prefix: string; accounts: number; today: string; seed: number; protect: ProtectedData },
): Promise<void> {
  faker.seed(t.seed);
  const placementIds: { id: string; placedOn: string }[] = [];
  for (let m = 5; m >= 0; m--) {
    const d = new Date(Date.parse(`${t.today.slice(0, 7)}-01T00:00:00Z`));
    d.setUTCMonth(d.getUTCMonth() - m);
    const placedOn = isoDate(d);
    const r = await q.query(`insert into placement (client_id, agency_id, name, placed_on, expires_on) values ($1, $2, $3, $4, $4::date + 180) returning id`, [
      t.clientId,
      t.agencyId,
      `${t.prefix} ${placedOn.slice(0, 7)} 委案`,
      placedOn,
    ]);
    placementIds.push({ id: r.rows[0].id, placedOn });
  }
  const batch = 1000;
  for (let start = 0; start < t.accounts; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(t.accounts, start + batch); i++) {
      const nationalId = fakeNationalId();
      const placement = placementIds[i % placementIds.length];
      const dpd = fakeDpd();
      const principal = faker.finance.amount({ min: 800, max: 180_000, dec: 2 });
      rows.push({
        bankRef: `${t.prefix}${String(i + 1).padStart(8, '0')}`,
        last4: faker.string.numeric(4),
        name: faker.person.fullName(),
        nationalIdEnc: t.protect.encrypt(nationalId),
        nationalIdMasked: maskNationalId(nationalId),
        identityHash: t.protect.personHash(t.agencyId, nationalId),
        phones: faker.datatype.boolean(0.3) ? [fakeMobile(), fakeMobile()] : [fakeMobile()],
        address: `${faker.location.state()}${faker.location.city()}${faker.location.street()}${faker.location.buildingNumber()}号`,
        employer: faker.datatype.boolean(0.7) ? faker.company.name() : null,
        contactName: faker.person.fullName(),
        contactRelation: faker.helpers.arrayElement(['配偶', '父母', '子女', '朋友', '同事']),
        contactPhone: fakeMobile(),
        principal,
        interest: faker.finance.amount({ min: 0, max: Number(principal) * 0.2, dec: 2 }),
        fees: faker.finance.amount({ min: 0, max: 500, dec: 2 }),
        overdue: faker.finance.amount({ min: 100, max: Number(principal), dec: 2 }),
        delinquentSince: minusDays(t.today, dpd),
        dpd,
        bucket: bucketFor(dpd),
        placementId: placement.id,
        placedOn: placement.placedOn,
      });
    }
    // One statement per table per batch; json_to_recordset keeps the parameters few.
    await q.query(
      `with r as (select * from json_to_recordset($3::json) as x("bankRef" text, "last4" text, "name" text, "nationalIdEnc" text, "nationalIdMasked" text,
                  "identityHash" text, "phones" text[], "address" text, "employer" text, "contactName" text, "contactRelation" text, "contactPhone" text,
                  "principal" numeric, "interest" numeric, "fees" numeric, "overdue" numeric, "delinquentSince" date, "dpd" int, "bucket" text, "placementId" uuid, "placedOn" date)),
       d as (
         insert into debtor (client_id, agency_id, full_name, national_id_enc, national_id_masked, identity_hash, phones, addresses, employer)
         select $1, $2, name, "nationalIdEnc", "nationalIdMasked", "identityHash", phones, jsonb_build_array(address), employer from r
         on conflict (client_id, identity_hash) do update set full_name = excluded.full_name
         returning id, identity_hash, phones
       ), ph as (
         insert into debtor_phone (client_id, agency_id, phone, debtor_id) select distinct $1::uuid, $2::uuid, p, d.id from d, unnest(d.phones) p
         on conflict do nothing
       ), c as (
         insert into debtor_contact (client_id, agency_id, debtor_id, relation, name, phone)
         select $1, $2, d.id, r."contactRelation", r."contactName", r."contactPhone" from r join d on d.identity_hash = r."identityHash"
       )
       insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, interest, fees,
                            overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on)
       select $1, $2, r."placementId", d.id, r."bankRef", r.last4, 'CNY', r.principal, r.interest, r.fees, least(r.overdue, r.principal),
              r."delinquentSince", r.dpd, r.bucket, $4::date, r."placedOn"
       from r join d on d.identity_hash = r."identityHash"
       on conflict (client_id, bank_ref) do nothing`,
      [t.clientId, t.agencyId, JSON.stringify(rows), t.today],
    );
  }
}

/** Records the initial buckets, assigns them to the demo collectors by round robin and builds the bank views. */
export async function finishPortfolio(owner: DataSource, t: { bankIds: string[]; collectorIds: string[]; supervisorId: string }): Promise<void> {
  await owner.transaction(async (m) => {
    await m.query(
      `insert into bucket_history (client_id, agency_id, account_id, from_bucket, to_bucket, dpd, changed_on)
       select client_id, agency_id, id, null, bucket, dpd, aged_on from account a
       where client_id = any($1::uuid[]) and not exists (select 1 from bucket_history h where h.client_id = a.client_id and h.account_id = a.id)`,
      [t.bankIds],
    );
    if (t.collectorIds.length) await m.query(
      `with ranked as (
         select client_id, id, agency_id, row_number() over (partition by client_id order by total_due desc, id) as rn
         from account where client_id = any($1::uuid[]) and status = 'active' and assigned_collector_id is null
       ), upd as (
         update account a set assigned_collector_id = ($2::uuid[])[((r.rn - 1) % array_length($2::uuid[], 1)) + 1], assigned_at = now()
         from ranked r where a.client_id = r.client_id and a.id = r.id
         returning a.client_id, a.id, a.agency_id, a.assigned_collector_id
       )
       insert into assignment_history (client_id, agency_id, account_id, collector_id, assigned_by, rule)
       select client_id, agency_id, id, assigned_collector_id, $3, 'round_robin' from upd`,
      [t.bankIds, t.collectorIds, t.supervisorId],
    );
    await recomputeAging(m);
    await refreshPortfolioSnapshot(m);
  });
}
