import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { csrNarratives } from './reporting.tables.ts';

export type NarrativeRow = typeof csrNarratives.$inferSelect;

/** The texts of one period, every section and language. */
export async function findNarratives(db: Db, orgId: string, period: string): Promise<NarrativeRow[]> {
  return db.select().from(csrNarratives).where(and(eq(csrNarratives.orgId, orgId), eq(csrNarratives.period, period)));
}

/** Writes (or replaces) one text. */
export async function upsertNarrative(db: Db, values: typeof csrNarratives.$inferInsert): Promise<void> {
  await db
    .insert(csrNarratives)
    .values(values)
    .onConflictDoUpdate({
      target: [csrNarratives.orgId, csrNarratives.period, csrNarratives.section, csrNarratives.locale],
      set: { body: values.body, updatedBy: values.updatedBy ?? null, updatedAt: values.updatedAt ?? new Date() },
    });
}

/** Removes one text (an empty text is no text). */
export async function deleteNarrative(db: Db, orgId: string, period: string, section: string, locale: 'fr' | 'en'): Promise<number> {
  const rows = await db
    .delete(csrNarratives)
    .where(and(eq(csrNarratives.orgId, orgId), eq(csrNarratives.period, period), eq(csrNarratives.section, section), eq(csrNarratives.locale, locale)))
    .returning({ id: csrNarratives.id });
  return rows.length;
}
