import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { rowsOf, runStatement, type Db } from "@/db/client";

export const RFM_SEGMENTS = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new_customers",
  "at_risk",
  "hibernating",
  "lost",
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** The lifecycle stage (docs/domain.md) from a member's first and last purchase times, as SQL. */
export function lifecycleStageSql(firstPurchase: SQL, lastPurchase: SQL, nowIso: string | SQL): SQL {
  return sql`(case
      when ${firstPurchase} is null then 'potential'
      when ${lastPurchase} <= ${nowIso}::timestamptz - interval '365 days' then 'lost'
      when ${lastPurchase} <= ${nowIso}::timestamptz - interval '180 days' then 'dormant'
      when ${firstPurchase} > ${nowIso}::timestamptz - interval '90 days' then 'new'
      else 'regular'
    end)::lifecycle_stage`;
}

/** Sets one member's lifecycle stage from their own purchases (after a purchase or refund; one row, cheap). */
export async function refreshMemberLifecycle(db: Db, memberId: string, now: Date = new Date()): Promise<void> {
  await runStatement(db, REFRESH_LIFECYCLE, [memberId, now.toISOString()]);
}

// Every purchase runs this: the text is built once, from the one definition of the stages.
const REFRESH_LIFECYCLE = new PgDialect().sqlToQuery(sql`
    update members m set lifecycle_stage = s.stage, updated_at = now()
      from (select ${lifecycleStageSql(sql`min(occurred_at)`, sql`max(occurred_at)`, sql.raw("$2"))} as stage
              from sales_transactions where member_id = $1::uuid and kind = 'purchase') s
     where m.id = $1::uuid and m.lifecycle_stage is distinct from s.stage`).sql;

/**
 * Recomputes every member's lifecycle stage and 12-month RFM scores from the sales facts, in one
 * statement, and writes only the rows whose values changed. Pass `memberIds` to limit the write
 * to those members (after a purchase); the quintiles are still taken over all buyers.
 *
 * Lifecycle (docs/domain.md): potential = no purchase; new = first purchase within 90 days; dormant = no
 * purchase for 180 days; lost = none for 365 days; else regular. RFM: members who bought in the
 * last 12 months get recency, frequency and monetary scores 1–5 by quintile (5 = most recent,
 * most frequent, highest spend); the others get none.
 */
export async function refreshMemberSegments(
  db: Db,
  options: { now?: Date; memberIds?: string[] } = {},
): Promise<{ updated: number }> {
  const now = (options.now ?? new Date()).toISOString();
  const only = options.memberIds?.length
    ? sql`and m.id in (${sql.join(
        options.memberIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const result = await db.execute(sql`
    with facts as (
      select t.member_id,
             min(t.occurred_at) filter (where t.kind = 'purchase') as first_purchase,
             max(t.occurred_at) filter (where t.kind = 'purchase') as last_purchase,
             count(*) filter (where t.kind = 'purchase' and t.occurred_at > ${now}::timestamptz - interval '12 months') as frequency,
             coalesce(sum(t.net_paid_fen) filter (where t.occurred_at > ${now}::timestamptz - interval '12 months'), 0) as monetary
        from sales_transactions t
       where t.member_id is not null and t.occurred_at <= ${now}::timestamptz
       group by t.member_id
    ),
    scored as (
      select f.*,
             ntile(5) over (order by f.last_purchase, f.member_id) as r,
             ntile(5) over (order by f.frequency, f.member_id) as f_score,
             ntile(5) over (order by f.monetary, f.member_id) as m_score
        from facts f
       where f.frequency > 0
    ),
    target as (
      select m.id,
             ${lifecycleStageSql(sql`f.first_purchase`, sql`f.last_purchase`, now)} as stage,
             s.r::smallint as r, s.f_score::smallint as f, s.m_score::smallint as mo,
             case
               when s.r is null then case when f.first_purchase is not null then 'lost' end
               when s.r >= 4 and s.f_score >= 4 and s.m_score >= 4 then 'champions'
               when s.r >= 3 and s.f_score >= 4 then 'loyal'
               when s.r >= 4 and s.f_score <= 1 then 'new_customers'
               when s.r >= 3 then 'potential_loyalist'
               when s.f_score >= 3 then 'at_risk'
               else 'hibernating'
             end as segment
        from members m
        left join facts f on f.member_id = m.id
        left join scored s on s.member_id = m.id
       where m.merged_into_id is null ${only}
    )
    update members m
       set lifecycle_stage = t.stage, rfm_recency = t.r, rfm_frequency = t.f, rfm_monetary = t.mo, rfm_segment = t.segment
      from target t
     where m.id = t.id
       and (m.lifecycle_stage, m.rfm_recency, m.rfm_frequency, m.rfm_monetary, m.rfm_segment)
           is distinct from (t.stage, t.r, t.f, t.mo, t.segment)
    returning m.id
  `);
  return { updated: rowsOf(result).length };
}
