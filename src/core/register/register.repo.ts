/** Data access for the register and retention. Always scoped by organisation; never authorizes. */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';
import { processingActivities, registerControllers, retentionRuns, retentionSettings } from './register.tables.ts';

export type ActivityRow = typeof processingActivities.$inferSelect;
export type ActivityInsert = typeof processingActivities.$inferInsert;
export type ControllerRow = typeof registerControllers.$inferSelect;
export type RetentionSettingRow = typeof retentionSettings.$inferSelect;
export type RetentionRunRow = typeof retentionRuns.$inferSelect;

export async function findController(db: Db, orgId: string): Promise<ControllerRow | undefined> {
  const [row] = await db.select().from(registerControllers).where(eq(registerControllers.orgId, orgId));
  return row;
}

/** Creates or replaces the organisation's controller block (Art. 30(1)(a)). */
export async function upsertController(db: Db, values: typeof registerControllers.$inferInsert): Promise<ControllerRow> {
  const { orgId: _orgId, ...changes } = values;
  const [row] = await db.insert(registerControllers).values(values).onConflictDoUpdate({ target: registerControllers.orgId, set: changes }).returning();
  if (!row) throw new Error('upsert returned no row');
  return row;
}

/** Activities, active first, then by name. */
export async function findActivities(db: Db, orgId: string): Promise<ActivityRow[]> {
  return db.select().from(processingActivities).where(eq(processingActivities.orgId, orgId)).orderBy(asc(processingActivities.status), asc(processingActivities.name));
}

export async function findActivity(db: Db, orgId: string, id: string, forUpdate = false): Promise<ActivityRow | undefined> {
  const query = db.select().from(processingActivities).where(and(eq(processingActivities.orgId, orgId), eq(processingActivities.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Inserts an activity unless one with the same key exists; returns it only when created. */
export async function insertActivityIfMissing(db: Db, values: ActivityInsert): Promise<ActivityRow | undefined> {
  const [row] = await db.insert(processingActivities).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateActivity(db: Db, orgId: string, id: string, values: Partial<ActivityInsert>): Promise<ActivityRow> {
  const [row] = await db.update(processingActivities).set(values).where(and(eq(processingActivities.orgId, orgId), eq(processingActivities.id, id))).returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export async function findRetentionSettings(db: Db, orgId: string): Promise<RetentionSettingRow[]> {
  return db.select().from(retentionSettings).where(eq(retentionSettings.orgId, orgId));
}

export async function upsertRetentionSetting(db: Db, values: typeof retentionSettings.$inferInsert): Promise<void> {
  await db
    .insert(retentionSettings)
    .values(values)
    .onConflictDoUpdate({ target: [retentionSettings.orgId, retentionSettings.rule], set: { amount: values.amount, unit: values.unit, updatedBy: values.updatedBy ?? null, updatedAt: values.updatedAt ?? new Date() } });
}

export async function insertRun(db: Db, values: typeof retentionRuns.$inferInsert): Promise<RetentionRunRow> {
  const [row] = await db.insert(retentionRuns).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** The latest runs first. */
export async function findRuns(db: Db, orgId: string, limit: number): Promise<RetentionRunRow[]> {
  return db.select().from(retentionRuns).where(eq(retentionRuns.orgId, orgId)).orderBy(desc(retentionRuns.startedAt)).limit(limit);
}

/** Every organisation, for the daily job (the job runs once for the whole instance). */
export async function findAllOrganisations(db: Db): Promise<{ id: string; timezone: string }[]> {
  return db.select({ id: organisations.id, timezone: organisations.timezone }).from(organisations).orderBy(asc(organisations.createdAt));
}

/** The organisation's latest retention run, if any (the failed-run control reads it). */
export async function findLatestRun(db: Db, orgId: string): Promise<RetentionRunRow | undefined> {
  const [row] = await findRuns(db, orgId, 1);
  return row;
}
