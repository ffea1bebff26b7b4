// Candidate for the contact-check HTTP benchmark: the full Confiance app (every plugin,
// bearer-token auth, Zod validation, the consent index made fresh across processes) answering
// POST /api/contact/check, one ad-hoc decision per request, as an agent's screen asks it, and
// POST /api/contact/checks, batches of 1,000 (a dialer's call list). The organisation holds
// BENCH_CONTACT_SUBJECTS customers (default 20,000) with phone consents and a contact history,
// written with SQL in bulk. Prints its port, an API token scoped to contact:check, a file of single
// request bodies (one customer each), a file of BENCH_CONTACT_BATCHES batch bodies (default 5) and
// the app's own answers to those batches by customer: the bare baselines answer the same bodies.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { bootApp, serve } from './boot.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../src/db/testing/factories.ts';
import { createPurpose } from '../../src/core/consent/index.ts';

const { rt, dataDir } = await bootApp('contact');
const org = await createTestOrg(rt);
const dpo = await createTestUser(rt, org.id, ['dpo']);
const notice = { titleFr: 'Offres', titleEn: 'Offers', textFr: 'Nous pouvons vous appeler.', textEn: 'We may call you.' };
const phone = await createPurpose(rt.deps, dpo.ctx, {
  key: 'offers-phone',
  legalBasis: 'consent',
  dataUse: 'marketing.communications.telephone',
  channels: ['phone', 'sms'],
  notice,
});

const subjects = Number(process.env.BENCH_CONTACT_SUBJECTS ?? 20_000);
const BATCH = 1000;
const db = rt.deps.db;
// Customers n = 1..subjects, ids derived from n (md5, made a version 4 uuid); two in three with the phone consent given, one
// in three withdrawn; three calls each in the last 20 days, every fifth one a refusal.
await db.execute(sql`insert into customers (id, org_id, email_lookup, phone_lookup, locale, timezone)
  select overlay(overlay(md5('bench-contact-' || n) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}, 'e' || n, 'p' || n, 'fr', 'Europe/Paris' from generate_series(1, ${subjects}::int) n`);
await db.execute(sql`insert into consent_events (org_id, customer_id, purpose_id, channel, kind, notice_version, method, source, occurred_at, actor_type)
  select ${org.id}, overlay(overlay(md5('bench-contact-' || n) placing '4' from 13) placing '8' from 17)::uuid, ${phone.id}, 'phone', case when n % 3 = 0 then 'withdrawn' else 'given' end,
         1, 'imported', 'bench', timestamptz '2026-09-01T10:00:00Z', 'system' from generate_series(1, ${subjects}::int) n`);
await db.execute(sql`insert into consent_states (org_id, customer_id, purpose_id, channel, kind, event_id, event_seq, notice_version, occurred_at)
  select org_id, customer_id, purpose_id, channel, kind, id, seq, notice_version, occurred_at from consent_events where org_id = ${org.id}`);
await db.execute(sql`insert into contact_attempts (org_id, customer_id, channel, purpose, outcome, occurred_at, source, actor_type, allowed, evidence, declared)
  select ${org.id}, overlay(overlay(md5('bench-contact-' || n) placing '4' from 13) placing '8' from 17)::uuid, 'phone', 'prospecting', case when (n + k) % 5 = 0 then 'refused' else 'no_answer' end,
         timestamptz '2026-12-15T10:00:00Z' - (k * 6 + n % 5) * interval '1 day', 'import', 'system', true,
         '{"consentEvents":[],"restrictions":[],"attempts":[]}', '{}'
  from generate_series(1, ${subjects}::int) n, generate_series(1, 3) k`);
await db.execute(sql`analyze`);

// Questions at a fixed instant (Tuesday 2026-12-15, 11:00 in Paris), so the answer depends on the data, not on when the bench runs.
const bodies = Array.from({ length: 1000 }, (_, i) => {
  const n = 1 + ((i * 7919) % subjects);
  return JSON.stringify({
    customerId: uuidOf(n),
    channel: 'phone',
    purpose: 'prospecting',
    at: '2026-12-15T10:00:00Z',
  });
});
const bodiesFile = path.join(dataDir, 'bodies.json');
writeFileSync(bodiesFile, JSON.stringify(bodies));

// Batches of 1,000 questions for POST /api/contact/checks (a dialer's call list), the same
// instant for all, each batch on other customers (7919 is prime to the number of customers).
const batchCount = Math.min(Number(process.env.BENCH_CONTACT_BATCHES ?? 5), Math.floor(subjects / BATCH));
const batchBodies = Array.from({ length: batchCount }, (_, b) =>
  JSON.stringify({
    at: '2026-12-15T10:00:00Z',
    questions: Array.from({ length: BATCH }, (_, i) => ({ customerId: uuidOf(1 + (((b * BATCH + i) * 7919) % subjects)), channel: 'phone', purpose: 'prospecting' })),
  }),
);
const batchBodiesFile = path.join(dataDir, 'batches.json');
writeFileSync(batchBodiesFile, JSON.stringify(batchBodies));
const token = await createTestToken(rt, org.id, ['contact:check']);

// The answers the app gives to those batches, by customer: the bare baseline answers with them,
// so both sides write the same bytes (and the bench checks that they agree).
const answers: Record<string, unknown> = {};
for (const body of batchBodies) {
  const res = await rt.app.inject({ method: 'POST', url: '/api/contact/checks', headers: { authorization: token.authorization, 'content-type': 'application/json' }, payload: body });
  if (res.statusCode !== 200) throw new Error(`POST /api/contact/checks answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const { questions } = JSON.parse(body) as { questions: { customerId: string }[] };
  (res.json() as { items: unknown[] }).items.forEach((item, i) => (answers[questions[i]!.customerId] = item));
}
const answersFile = path.join(dataDir, 'answers.json');
writeFileSync(answersFile, JSON.stringify(answers));
await serve(rt, dataDir, { authorization: token.authorization, bodiesFile, batchBodiesFile, answersFile, batch: BATCH, driver: rt.database.driver, subjects });

/** md5('bench-contact-n') as a version 4 uuid (the API validates them), as the SQL above makes it. */
function uuidOf(n: number): string {
  const md5 = createHash('md5').update(`bench-contact-${n}`).digest('hex');
  const hex = `${md5.slice(0, 12)}4${md5.slice(13, 16)}8${md5.slice(17)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
