/**
 * Retention of contracts: deleted 5 years after their end by default (C. civ. art. 2224 and
 * C. com. L.110-4: the limitation period of a claim the contract and its termination could serve
 * as evidence for). History goes with the contract (ON DELETE CASCADE). Legal holds: an active
 * contract is never purged; a contract concluded online is kept at least 10 years from its
 * conclusion (C. consom. L.213-1, D.213-2: the trader keeps the electronic contract for 10 years;
 * applied whatever the amount, the 120 € threshold being the contract's total, not known here).
 */
import { and, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { RetentionHandler } from '../module.ts';
import { contracts } from './contracts.tables.ts';

const ONLINE_YEARS = 10;

/**
 * Ended before `cutoff`, and, concluded online, concluded more than 10 years before now. The end
 * is the day the contract stops (a termination asked today may end a commitment two years on),
 * not the day it was asked for: the limitation period runs from the end.
 */
const expired = (orgId: string, cutoff: Date, now: Date) =>
  and(
    eq(contracts.orgId, orgId),
    isNotNull(contracts.endedAt),
    sql`coalesce(${contracts.endOn}, ${contracts.endedAt}::date) < ${cutoff.toISOString()}::timestamptz::date`,
    or(
      ne(contracts.channel, 'online'),
      sql`${contracts.concludedOn} < (${now.toISOString()}::timestamptz - make_interval(years => ${ONLINE_YEARS}))::date`,
    ),
  );

export const contractRetention: RetentionHandler = {
  rule: 'contract.ended',
  action: 'delete',
  async findExpired(deps, db, orgId, cutoff) {
    const now = deps.clock.now();
    const ids = (
      await db
        .select({ id: contracts.id })
        .from(contracts)
        .where(expired(orgId, cutoff, now))
        .orderBy(contracts.endedAt)
    ).map((r) => r.id);
    // Held: contracts concluded before the cutoff still active, or online within their 10 years.
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(contracts)
      .where(
        and(
          eq(contracts.orgId, orgId),
          sql`${contracts.concludedOn} < ${cutoff.toISOString()}::timestamptz::date`,
          sql`not (${expired(orgId, cutoff, now)})`,
        ),
      );
    return { ids, held: row?.n ?? 0 };
  },
  async purge(deps, tx, _ctx, orgId, ids, cutoff) {
    if (ids.length === 0) return [];
    const gone = await tx
      .delete(contracts)
      .where(and(expired(orgId, cutoff, deps.clock.now()), inArray(contracts.id, [...ids])))
      .returning({ id: contracts.id });
    return gone.map((g) => g.id);
  },
};
