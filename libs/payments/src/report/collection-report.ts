import type { EntityManager } from 'typeorm';

/** One line of the bank's daily collection report. */
export interface CollectionReportRow {
  section: 'payment' | 'reversal' | 'plan' | 'promise';
  placement: string;
  bankRef: string;
  reference: string;
  status: string;
  amount: string;
  currency: string;
  date: string;
  channel: string;
  detail: string;
}

export const COLLECTION_REPORT_COLUMNS: { key: keyof CollectionReportRow; header: string }[] = [
  { key: 'section', header: 'section' },
  { key: 'placement', header: 'placement' },
  { key: 'bankRef', header: 'account' },
  { key: 'reference', header: 'reference' },
  { key: 'status', header: 'status' },
  { key: 'amount', header: 'amount' },
  { key: 'currency', header: 'currency' },
  { key: 'date', header: 'date' },
  { key: 'channel', header: 'channel' },
  { key: 'detail', header: 'detail' },
];

/**
 * What happened on a bank's accounts on one day (the bank's calendar date): payments posted (credited
 * to the placement they were earned in, direct-to-bank payments included), reversals, plans proposed
 * or decided and promises taken or judged, ordered by placement. Runs under the caller's RLS.
 */
export async function collectionReportRows(db: EntityManager, clientId: string, from: string, to: string): Promise<CollectionReportRow[]> {
  return db.query(
    `with day as (select $2::date as d1, $3::date as d2)
     select * from (
       select 'payment' as section, pl.name as placement, a.bank_ref as "bankRef", p.bank_txn_ref as reference, p.status, p.amount::text, p.currency,
              p.paid_on::text as date, p.channel, coalesce(p.note, '') as detail
         from payment p join account a on a.client_id = p.client_id and a.id = p.account_id
         join placement pl on pl.client_id = p.client_id and pl.id = p.placement_id, day
        where p.client_id = $1 and p.paid_on between day.d1 and day.d2
       union all
       select 'reversal', pl.name, a.bank_ref, p.bank_txn_ref, 'reversed', (-p.amount)::text, p.currency,
              (p.reversed_at at time zone 'Asia/Shanghai')::date::text, p.channel, coalesce(p.reversal_reason, '')
         from payment p join account a on a.client_id = p.client_id and a.id = p.account_id
         join placement pl on pl.client_id = p.client_id and pl.id = p.placement_id, day
        where p.client_id = $1 and p.status = 'reversed' and (p.reversed_at at time zone 'Asia/Shanghai')::date between day.d1 and day.d2
       union all
       select 'plan', pl.name, a.bank_ref, r.id::text, r.status, r.total::text, r.currency,
              (greatest(r.proposed_at, coalesce(r.decided_at, r.proposed_at), coalesce(r.ended_at, r.proposed_at)) at time zone 'Asia/Shanghai')::date::text, '',
              r.months || ' months, discount ' || r.discount || case when r.interest_freeze then ', interest frozen' else '' end
         from repayment_plan r join account a on a.client_id = r.client_id and a.id = r.account_id
         join placement pl on pl.client_id = a.client_id and pl.id = a.placement_id, day
        where r.client_id = $1 and (
          (r.proposed_at at time zone 'Asia/Shanghai')::date between day.d1 and day.d2
          or (r.decided_at at time zone 'Asia/Shanghai')::date between day.d1 and day.d2
          or (r.ended_at at time zone 'Asia/Shanghai')::date between day.d1 and day.d2)
       union all
       select 'promise', pl.name, a.bank_ref, pr.id::text, pr.status, pr.amount::text, pr.currency, pr.due_on::text, '', 'paid ' || pr.paid
         from promise_to_pay pr join account a on a.client_id = pr.client_id and a.id = pr.account_id
         join placement pl on pl.client_id = a.client_id and pl.id = a.placement_id, day
        where pr.client_id = $1 and ((pr.taken_at at time zone 'Asia/Shanghai')::date between day.d1 and day.d2
          or (pr.evaluated_at at time zone 'Asia/Shanghai')::date between day.d1 and day.d2 or pr.due_on between day.d1 and day.d2)
     ) r order by placement, section, date, "bankRef", reference
     limit 100000`,
    [clientId, from, to],
  );
}
