/**
 * What the standing security tests (authorization matrix, tenant isolation, fuzzing) share: every
 * route of every manifest, a fingerprint of everything one organisation holds (to prove a refused
 * request changed nothing), the ids an organisation owns, and an organisation filled with data
 * through the routes themselves. All of it is read from the running app and the database's own
 * catalogue, never from a list kept by hand, so a module that lands later is covered at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { queryRows } from '../../db/client.ts';
import { insertSession } from '../../core/auth/auth.repo.ts';
import type { TestUser } from '../../db/testing/factories.ts';
import { isPortalAccess, type AnyRoute } from '../route.ts';
import { buildUrl, jsonSchemaOf, sampleValidBody, type JsonSchema } from './route-inputs.ts';

export interface ManifestRoute {
  module: string;
  route: AnyRoute;
}

/** Every route of every manifest, in manifest order. */
export function manifestRoutes(rt: Runtime): ManifestRoute[] {
  return rt.modules.flatMap((m) => m.routes(rt.deps).map((route) => ({ module: m.name, route })));
}

export const routeLabel = (route: AnyRoute): string => `${route.method} ${route.url}`;
export const isWrite = (route: AnyRoute): boolean => route.method !== 'GET';

/** Path parameters that hold a record id (uuid in the route's schema), in URL order. */
export function idParams(route: AnyRoute): string[] {
  if (!route.schema.params) return [];
  const properties = jsonSchemaOf(route.schema.params).properties ?? {};
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  return names.filter((name) => (properties[name] as JsonSchema | undefined)?.format === 'uuid');
}

const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables that hold an organisation's rows (an `org_id` column), from the database catalogue. */
export async function tenantTables(rt: Runtime): Promise<{ table: string; uuidColumns: string[] }[]> {
  const rows = await queryRows<{ table_name: string; uuid_columns: string[] | null }>(
    rt.deps.db,
    sql`select table_name,
          array_agg(column_name::text order by ordinal_position) filter (where data_type = 'uuid' and column_name <> 'org_id') as uuid_columns
        from information_schema.columns
        where table_schema = current_schema()
        group by table_name
        having bool_or(column_name = 'org_id')
        order by table_name`,
  );
  return rows.map((r) => ({ table: r.table_name, uuidColumns: r.uuid_columns ?? [] }));
}

/** Columns that change when a credential is merely used: a read is not a change. */
const TOUCHED_ON_USE = ['last_used_at', 'last_login_at'];
/** The audit chain is checked by its own tests; a denial is written to it on purpose. */
const AUDIT_TABLES = new Set(['audit_events', 'audit_chain_heads']);

/**
 * Everything an organisation holds, as one comparable string: for each tenant table its row count
 * and a digest of its rows, plus the number of successful audit events (every change writes one).
 * Denials are not counted: recording who tried is the one write a refused request makes.
 */
export async function orgFingerprint(rt: Runtime, orgId: string, tables?: string[]): Promise<string> {
  const names = tables ?? (await tenantTables(rt)).map((t) => t.table).filter((t) => !AUDIT_TABLES.has(t));
  const strip = TOUCHED_ON_USE.map((c) => ` - '${c}'`).join('');
  const parts = names.map(
    (t) =>
      `select '${t}' as t, count(*)::int as n, coalesce(md5(string_agg(md5((to_jsonb(x)${strip})::text), '' order by md5((to_jsonb(x)${strip})::text))), '') as h from ${identifier(t)} x where org_id = $1`,
  );
  parts.push(
    `select 'audit_events(success)' as t, count(*)::int as n, '' as h from audit_events where org_id = $1 and outcome = 'success'`,
  );
  const rows = await queryRows<{ t: string; n: number; h: string }>(
    rt.deps.db,
    sql.raw(parts.join(' union all ').replaceAll('$1', `'${orgId.replace(/'/g, '')}'`)),
  );
  return rows
    .filter((r) => r.n > 0)
    .map((r) => `${r.t}:${r.n}:${r.h}`)
    .join('\n');
}

/** A cheaper fingerprint for thousands of requests: row counts only (changes in place still write an audit event). */
export async function orgCounts(rt: Runtime, orgId: string, tables: string[]): Promise<string> {
  const parts = tables.map((t) => `select count(*)::int as n from ${identifier(t)} where org_id = '${orgId.replace(/'/g, '')}'`);
  parts.push(`select count(*)::int as n from audit_events where org_id = '${orgId.replace(/'/g, '')}' and outcome = 'success'`);
  const rows = await queryRows<{ n: number }>(rt.deps.db, sql.raw(parts.join(' union all ')));
  return rows.map((r) => r.n).join(',');
}

/** Rows of an organisation as their uuid values (the row's own id first): what a route's `:id` can name. */
export async function harvestRows(rt: Runtime, orgId: string, perTable = 3): Promise<{ table: string; ids: string[] }[]> {
  const found: { table: string; ids: string[] }[] = [];
  for (const { table, uuidColumns } of await tenantTables(rt)) {
    if (uuidColumns.length === 0 || AUDIT_TABLES.has(table)) continue;
    const columns = uuidColumns.map((c) => `${identifier(c)}::text as ${identifier(c)}`).join(', ');
    const rows = await queryRows<Record<string, string | null>>(
      rt.deps.db,
      sql.raw(`select ${columns} from ${identifier(table)} where org_id = '${orgId.replace(/'/g, '')}' limit ${perTable}`),
    );
    for (const row of rows) found.push({ table, ids: uuidColumns.map((c) => row[c]).filter((v): v is string => typeof v === 'string') });
  }
  return found;
}

/** Distinct ids an organisation owns, the actors' own excepted (a generated request must not revoke the prober). */
export async function harvestIds(rt: Runtime, orgId: string, except: readonly string[] = []): Promise<string[]> {
  const skip = new Set(except);
  return [...new Set((await harvestRows(rt, orgId)).flatMap((r) => r.ids))].filter((id) => !skip.has(id));
}

/** Ids of the tables named like a field (`customerId` -> customers, `purposeId` -> consent_purposes). */
export function idsByField(rows: readonly { table: string; ids: string[] }[]): (field: string) => string[] {
  return (field) => {
    const name = stem(
      field
        .replace(/Ids?$/, '')
        .replace(/([a-z])([A-Z])/g, '$1_$2')
        .toLowerCase(),
    );
    return name.length < 3 ? [] : rows.filter((r) => r.table.includes(name)).map((r) => r.ids[0] as string);
  };
}

/** `breaches` -> `breach`, `activities` -> `activit`: enough to find a resource's tables by name. */
const stem = (segment: string) => segment.replace(/-/g, '_').replace(/(ies|es|s)$/, '');

/**
 * The ids worth trying on a route's `:id` parameters: rows of the tables named like the URL
 * segment before the parameter (`/api/breaches/:id` -> breaches, breach_supplements), each row
 * filling the last parameter with its own id and earlier ones with the ids it refers to; every
 * row of every table when no table matches. Returns parameter maps.
 */
export function candidateTargets(route: AnyRoute, rows: readonly { table: string; ids: string[] }[]): Record<string, string>[] {
  const params = idParams(route);
  if (params.length === 0) return [];
  const segments = route.url.split('/');
  const first = segments.indexOf(`:${params[0]}`);
  const resource = first > 0 ? stem(segments[first - 1] as string) : '';
  const last = params[params.length - 1] as string;
  const lastStem = stem(
    last
      .replace(/Id$/, '')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase(),
  );
  const named = rows.filter((r) => resource !== '' && r.table.includes(resource));
  const pool = named.length > 0 ? named : rows;
  const targets: Record<string, string>[] = [];
  for (const row of pool) {
    const [own, ...refs] = row.ids;
    if (!own) continue;
    if (params.length === 1) targets.push({ [last]: own });
    // Several ids: the row named like the last parameter (an attachment) gives it, its references the others.
    else if (row.table.includes(lastStem))
      for (const ref of refs) targets.push(Object.fromEntries(params.map((p) => [p, p === last ? own : ref])));
  }
  // No row named like the last parameter (no attachment yet): every parameter gets each row's id.
  if (targets.length === 0)
    for (const row of pool) if (row.ids[0]) targets.push(Object.fromEntries(params.map((p) => [p, row.ids[0] as string])));
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = JSON.stringify(t);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * A new session for a test user without the cost of a password check: tests whose calls may end
 * the session (sign-out, a password change) take a fresh one instead of signing in again.
 */
export async function freshSession(rt: Runtime, user: TestUser): Promise<TestUser> {
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertSession(rt.deps.db, {
    id: createHash('sha256').update(sessionToken).digest('hex'),
    orgId: user.user.orgId,
    userId: user.user.id,
    csrfToken,
    expiresAt: new Date(rt.deps.clock.now().getTime() + 3_600_000),
  });
  return { ...user, headers: { cookie: `cf_session=${sessionToken}`, 'x-csrf-token': csrfToken } };
}

/**
 * Fills an organisation through its own API, as an administrator's token would: every create
 * route of every module gets valid bodies generated from its schema, then every route acting on
 * a record gets the organisation's ids, for `rounds` rounds (later rounds can refer to what
 * earlier ones created). A new module's records appear here without anyone listing them.
 * Returns how many writes succeeded per route.
 */
export async function populateThroughApi(
  rt: Runtime,
  org: { id: string; slug: string },
  auth: { authorization: string },
  options: { rounds?: number; protectedIds?: readonly string[]; seed?: number } = {},
): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  const writes = manifestRoutes(rt)
    .map((r) => r.route)
    .filter((route) => isWrite(route) && !isPortalAccess(route.access) && route.access !== 'authenticated' && route.method !== 'DELETE');
  let seed = options.seed ?? 1;
  const skip = new Set(options.protectedIds ?? []);
  for (let round = 0; round < (options.rounds ?? 2); round++) {
    const rows = (await harvestRows(rt, org.id, 2)).filter((r) => !r.ids.some((id) => skip.has(id)));
    const ids = await harvestIds(rt, org.id, options.protectedIds);
    for (const route of writes) {
      const targets = idParams(route).length === 0 ? [{}] : candidateTargets(route, rows).slice(0, 6);
      for (const target of targets) {
        // A create route gets a few bodies until one is taken; a record route one per record.
        for (let attempt = 0; attempt < (idParams(route).length === 0 ? 5 : 1); attempt++) {
          const body = route.schema.body ? sampleValidBody(route, { ids, idsFor: idsByField(rows) }, seed++) : undefined;
          if (route.schema.body && body === undefined) continue;
          const res = await rt.app.inject({
            method: route.method,
            url: buildUrl(route, { org: org.slug, ...target }),
            headers: auth,
            ...(body === undefined ? {} : { payload: body as object }),
          });
          if (res.statusCode < 300) {
            created.set(routeLabel(route), (created.get(routeLabel(route)) ?? 0) + 1);
            break;
          }
        }
      }
    }
  }
  return created;
}
