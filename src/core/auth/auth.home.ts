import { and, asc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { HomeSection, HomeViewer } from '../module.ts';
import { apiTokens, userMfa, users } from './auth.tables.ts';

const EXPIRING_DAYS = 30;

/** Admin: who can sign in, who never has (invited), who uses two-step sign-in. */
async function people(deps: Deps, { orgId }: HomeViewer) {
  const [row] = await deps.db
    .select({
      active: sql<number>`count(*) filter (where ${users.status} = 'active')::int`,
      disabled: sql<number>`count(*) filter (where ${users.status} = 'disabled')::int`,
      invited: sql<number>`count(*) filter (where ${users.status} = 'active' and ${users.lastLoginAt} is null)::int`,
      twoStep: sql<number>`count(*) filter (where ${users.status} = 'active' and ${userMfa.enabledAt} is not null)::int`,
    })
    .from(users)
    .leftJoin(userMfa, eq(userMfa.userId, users.id))
    .where(eq(users.orgId, orgId));
  return { active: row?.active ?? 0, disabled: row?.disabled ?? 0, invited: row?.invited ?? 0, twoStep: row?.twoStep ?? 0 };
}

/** Admin: live API tokens and those that expire within 30 days (to renew before integrations stop). */
async function tokens(deps: Deps, { orgId, now }: HomeViewer) {
  const soon = new Date(now.getTime() + EXPIRING_DAYS * 86_400_000);
  const live = and(eq(apiTokens.orgId, orgId), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)));
  const [[count], expiring] = await Promise.all([
    deps.db.select({ n: sql<number>`count(*)::int` }).from(apiTokens).where(live),
    deps.db
      .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .where(and(live, isNotNull(apiTokens.expiresAt), lte(apiTokens.expiresAt, soon)))
      .orderBy(asc(apiTokens.expiresAt))
      .limit(5),
  ]);
  return { active: count?.n ?? 0, expiring: expiring.map((t) => ({ ...t, expiresAt: t.expiresAt?.toISOString() ?? null })) };
}

export const authHomeSections: HomeSection[] = [
  { id: 'auth.users', roles: ['admin'], permission: 'user:manage', order: 70, load: people },
  { id: 'auth.tokens', roles: ['admin'], permission: 'token:manage', order: 80, load: tokens },
];
