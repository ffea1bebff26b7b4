/**
 * The report's figures that no KPI keeps, counted from the records of their modules for a period
 * (local days of the organisation): fine amounts per currency (GRI 417-3), leaks of customer
 * data (GRI 418-1 b), purposes with a published notice (ESRS S4-1).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { withinDays, type KpiPeriod } from '../kpi/index.ts';
import { findRegulatoryEventRows } from '../regulatory/index.ts';

export interface Amount {
  currency: string;
  cents: number;
}

/** GRI 417-3: the fines and penalties about marketing communications of the period, summed per currency. */
export async function fineAmounts(db: Db, orgId: string, period: KpiPeriod): Promise<Amount[]> {
  const rows = await findRegulatoryEventRows(db, orgId, { from: period.from, to: period.to, subjectArea: 'marketing' });
  const sums = new Map<string, number>();
  for (const r of rows) if (r.kind === 'fine' && r.amountCents !== null && r.currency) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.amountCents);
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([currency, cents]) => ({ currency, cents }));
}

/**
 * GRI 418-1 b: "leaks, thefts, or losses of customer data" are the breaches of confidentiality
 * (EDPB Guidelines 9/2022 §2.2) in the register, on the day the organisation became aware.
 * A breach of integrity or availability only (data altered or unavailable) is not counted.
 */
export async function customerDataLeaks(db: Db, orgId: string, period: KpiPeriod, tz: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from breaches where org_id = ${orgId} and 'confidentiality' = any(breach_types)
          and ${withinDays(sql`aware_at`, { ...period, tz })}`,
  );
  return Number(row?.n ?? 0);
}

/** ESRS S4-1: the processing purposes whose notice was published by the end of the period. */
export async function purposesWithNotice(db: Db, orgId: string, period: KpiPeriod, tz: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from consent_purposes where org_id = ${orgId}
          and created_at < ((${period.to}::date + 1)::timestamp at time zone ${tz})`,
  );
  return Number(row?.n ?? 0);
}
