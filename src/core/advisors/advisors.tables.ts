import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ADVISOR_STATUSES = ['active', 'absent', 'left'] as const;

/**
 * Dedicated advisors: a back-office user who looks after customers. A user without a row is an
 * active advisor speaking the organisation's languages. The deputy receives new work while the
 * advisor is absent.
 */
export const advisors = pgTable(
  'advisors',
  {
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** Languages the advisor handles (empty: any). */
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    /** Complaint categories the advisor specialises in: complaints of a specialist category go to them. */
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: ADVISOR_STATUSES }).notNull().default('active'),
    deputyId: uuid('deputy_id'),
    /** The supervisor the advisor reports to: their complaints make the supervisor's "my team" queue. */
    supervisorId: uuid('supervisor_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('advisors_deputy_idx').on(t.orgId, t.deputyId), index('advisors_supervisor_idx').on(t.orgId, t.supervisorId)],
);
