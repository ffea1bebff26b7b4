// Candidate for the consent HTTP benchmark: the full Confiance app (every plugin, bearer-token
// auth, Zod validation of the 1,000-item body, the decision index made fresh across processes)
// over an organisation whose ledger holds BENCH_CONSENT_SUBJECTS subjects x 5 purposes. Writes
// the request body (1,000 random questions) to a file that the bare baseline answers too, and
// prints its port, an API token scoped to consent:read, a DPO's session headers and that file.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bootApp, serve } from './boot.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../src/db/testing/factories.ts';
import * as consent from '../../src/core/consent/consent.service.ts';
import * as repo from '../../src/core/consent/consent.repo.ts';
import type { Channel } from '../../src/core/consent/consent.decision.ts';

const { rt, dataDir } = await bootApp('consent');
const org = await createTestOrg(rt);
const dpo = await createTestUser(rt, org.id, ['dpo']);
const notice = { titleFr: 'Notice', titleEn: 'Notice', textFr: 'Texte.', textEn: 'Text.' };
const purposes = [
  { key: 'newsletter', legalBasis: 'consent', dataUse: 'marketing.communications.email', channels: ['email'] },
  { key: 'offers-phone', legalBasis: 'consent', dataUse: 'marketing.communications.telephone', channels: ['phone', 'sms'] },
  { key: 'partners', legalBasis: 'consent', dataUse: 'marketing.third_party', channels: ['email', 'post'] },
  { key: 'surveys', legalBasis: 'legitimate_interests', dataUse: 'improve.system', channels: ['email', 'sms'] },
  { key: 'billing', legalBasis: 'contract', dataUse: 'essential.service.payment_processing', channels: ['email', 'post'] },
] as const;
const rows: Awaited<ReturnType<typeof consent.createPurpose>>[] = [];
for (const p of purposes) rows.push(await consent.createPurpose(rt.deps, dpo.ctx, { ...p, channels: [...p.channels], notice }));

// The ledger is written in bulk (as an import would), not one HTTP call per event.
const subjects = Number(process.env.BENCH_CONSENT_SUBJECTS ?? 20_000);
const ids: string[] = [];
for (let s = 0; s < subjects; s += 1000) {
  const batch: Parameters<typeof repo.insertImportedEvents>[1] = [];
  for (let i = s; i < Math.min(subjects, s + 1000); i++) {
    const customerId = randomUUID();
    ids.push(customerId);
    for (let p = 0; p < 3; p++) {
      batch.push({
        orgId: org.id,
        customerId,
        purposeId: rows[p]!.id,
        channel: purposes[p]!.channels[0] as Channel,
        kind: (i + p) % 3 === 0 ? ('withdrawn' as const) : ('given' as const),
        noticeVersion: 1,
        method: 'imported' as const,
        source: 'bench',
        occurredAt: new Date(Date.now() - 86_400_000),
        actorType: 'system',
        importKey: `${customerId}-${p}`,
      });
    }
  }
  await rt.deps.db.transaction(async (tx) => repo.upsertStates(tx, await repo.insertImportedEvents(tx, batch)));
}
const items = Array.from({ length: 1000 }, (_, i) => {
  const p = purposes[i % purposes.length]!;
  return { customerId: ids[Math.floor(Math.random() * ids.length)]!, purpose: p.key, channel: p.channels[0] };
});
const bodyFile = path.join(dataDir, 'decisions.json');
writeFileSync(bodyFile, JSON.stringify({ items }));
const token = await createTestToken(rt, org.id, ['consent:read']);
await serve(rt, dataDir, { authorization: token.authorization, session: dpo.headers, bodyFile, driver: rt.database.driver, subjects });
