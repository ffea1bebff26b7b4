import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One data key per data subject, stored wrapped by the master key. Destroying the wrapped key
 * makes every field encrypted under it unreadable (crypto-shredding, GDPR Art. 17).
 */
export const subjectKeys = pgTable(
  'subject_keys',
  {
    subjectId: uuid('subject_id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    /** Null once destroyed: the row stays as proof of when erasure happened. */
    wrappedKey: text('wrapped_key'),
    keyVersion: integer('key_version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    destroyedAt: timestamp('destroyed_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('subject_keys_org_idx').on(t.orgId)],
);
