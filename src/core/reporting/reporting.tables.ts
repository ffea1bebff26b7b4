import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The text the ethics officer writes per report period, section and language (ESRS S4 asks for
 * narrative: policies, engagement, channels, actions, targets). One current text per key; each
 * change is in the audit log (ids and field names only, not the text).
 */
export const csrNarratives = pgTable(
  'csr_narratives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** The report period: a calendar year, `2026`. */
    period: text('period').notNull(),
    section: text('section').notNull(),
    locale: text('locale', { enum: ['fr', 'en'] }).notNull(),
    body: text('body').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('csr_narratives_key_idx').on(t.orgId, t.period, t.section, t.locale)],
);
