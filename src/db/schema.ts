/**
 * Shared tables that belong to no single capability: tenants and the job outbox.
 * Each module keeps its own tables in `src/core/<module>/<module>.tables.ts`; drizzle-kit
 * reads them all (drizzle.config.ts), so a new module never edits this file.
 */
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Organisations are the tenants; every tenant table carries `org_id` (distribution key). */
export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  legalName: text('legal_name').notNull(),
  /** Public identity shown on the portal: contact, address, mediator, legal notices. */
  profile: jsonb('profile').$type<OrganisationProfile>().notNull(),
  defaultLocale: text('default_locale').notNull().default('fr'),
  timezone: text('timezone').notNull().default('Europe/Paris'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Public details of an organisation, rendered on the portal (C. consom. L.616-1: mediator shown). */
export interface OrganisationProfile {
  contactEmail: string;
  contactPhone?: string;
  postalAddress: string;
  website?: string;
  registration?: string;
  publisher?: string;
  host?: string;
  dpoEmail?: string;
  mediator: { name: string; website: string; postalAddress?: string };
  legalNotice: { fr: string; en: string };
}

/**
 * Job outbox: a job row is written in the same transaction as the change that calls for it,
 * so a committed change never loses its follow-up work, and a rolled-back one never runs it.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id'),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    status: text('status', { enum: ['pending', 'running', 'done', 'dead'] }).notNull().default('pending'),
    runAt: timestamp('run_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lastError: text('last_error'),
    lockedBy: text('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true, precision: 3 }),
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('jobs_due_idx').on(t.status, t.runAt),
    uniqueIndex('jobs_dedupe_idx').on(t.dedupeKey),
  ],
);

/** One row per cron task: claiming the row with a conditional UPDATE makes each tick run once. */
export const cronState = pgTable('cron_state', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true, precision: 3 }),
  nextRunAt: timestamp('next_run_at', { withTimezone: true, precision: 3 }).notNull(),
});

/**
 * Request counts of the rate limits (src/api/plugins/rate-limit-store.ts), one row per route and
 * source while its window lasts. In the database, not in each process, so that several server
 * processes behind one address share one limit: a limit kept per process would be multiplied by
 * their number. The key holds the keyed hash of the source address, never the address.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    resetAt: timestamp('reset_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('rate_limits_reset_at_idx').on(t.resetAt)],
);
