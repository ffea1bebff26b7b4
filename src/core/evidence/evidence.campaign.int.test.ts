/**
 * A contact campaign's evidence bundle (issue 15), on a fixed clock so that attempts can follow
 * the send instant: the campaign, its audience, each scrub with its decisions, the attempts it
 * accounts for and their audit events, covered by a signed checkpoint; verified offline, and
 * every tampering of a file in the zip named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { fixedClock } from '../clock.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { publicKeyFingerprint } from '../audit-log/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import { exportEvidence } from './evidence.service.ts';
import { verifyEvidence } from './evidence.verify.ts';

// Friday 27 November 2026, 09:00 in Paris; the campaign is for Monday 30 November, 11:00.
const clock = fixedClock(new Date('2026-11-27T09:00:00+01:00'));
const SEND = '2026-11-30T11:00:00+01:00';

let rt: Runtime;
let org: OrganisationRow;
let supervisor: TestUser;
let agent: TestUser;
beforeAll(async () => {
  rt = await createTestRuntime({ clock });
  org = await createTestOrg(rt);
  supervisor = await createTestUser(rt, org.id, ['supervisor']);
  agent = await createTestUser(rt, org.id, ['agent']);
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

const person = async (name: string, phone: string) =>
  (await rt.deps.db.transaction((tx) => findOrCreateCustomer(rt.deps, tx, supervisor.ctx, { email: `${name}-${Math.random()}@example.test`, name, phone }, 'agent')))
    .customer;

function attempt(customerId: string, channel: string, occurredAt: string) {
  return rt.app.inject({
    method: 'POST',
    url: '/api/contact/attempts',
    headers: { ...agent.headers, 'content-type': 'application/json' },
    payload: { customerId, channel, purpose: 'prospecting', outcome: 'no_answer', occurredAt },
  });
}

async function campaign(ids: string[]): Promise<string> {
  const boundary = '----confiance-evidence';
  const fields = { name: 'Prix fixe', channel: 'phone', purpose: 'prospecting', sector: 'other', message: 'Bonjour, une offre à prix fixe.', scheduledAt: SEND };
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="audience.csv"\r\nContent-Type: text/csv\r\n\r\ncustomer_id\n${ids.join('\n')}\r\n`);
  parts.push(`--${boundary}--\r\n`);
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/contact/campaigns',
    headers: { ...supervisor.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.from(parts.join('')),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

function rezip(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  return zipSync(files);
}

const json = <T>(files: Record<string, Uint8Array>, path: string) => JSON.parse(strFromU8(files[path]!)) as T;

describe('evidence bundle of a contact campaign (issue 15)', () => {
  it('holds the campaign, its audience, scrub decisions and the attempts it accounts for, with their audit events, and verifies offline', async () => {
    const alice = await person('alice', '06 11 11 11 11');
    const bob = await person('bob', '06 22 22 22 22');
    const dave = await person('dave', '06 44 44 44 44');
    // Before the campaign: Alice was called already (not the campaign's attempt).
    expect((await attempt(alice.id, 'phone', '2026-11-20T11:00:00+01:00')).statusCode).toBe(201);
    const id = await campaign([alice.id, bob.id]);
    const scrub = await rt.app.inject({ method: 'POST', url: `/api/contact/campaigns/${id}/scrub`, headers: supervisor.headers });
    expect(scrub.statusCode, scrub.body).toBe(201);

    // The campaign runs: Alice and Bob called by phone after the send instant. Not the campaign's:
    // Dave (not in the audience) and an SMS to Alice (another channel).
    clock.set(new Date('2026-11-30T15:00:00+01:00'));
    const ours = [await attempt(alice.id, 'phone', '2026-11-30T11:05:00+01:00'), await attempt(bob.id, 'phone', '2026-11-30T11:10:00+01:00')];
    for (const r of ours) expect(r.statusCode, r.body).toBe(201);
    expect((await attempt(dave.id, 'phone', '2026-11-30T11:15:00+01:00')).statusCode).toBe(201);
    expect((await attempt(alice.id, 'sms', '2026-11-30T11:20:00+01:00')).statusCode).toBe(201);
    await rt.deps.audit.checkpoint(rt.deps.db);

    const { zip, manifest } = await exportEvidence(rt.deps, org, { campaignId: id });
    expect(manifest.scope).toMatchObject({ kind: 'campaign', campaignId: id, name: 'Prix fixe' });
    expect(manifest.chain.ok).toBe(true);
    const files = unzipSync(zip);
    expect(json<{ id: string; message: string }[]>(files, 'records/json/contact/campaign.json')).toMatchObject([{ id, message: 'Bonjour, une offre à prix fixe.' }]);
    expect(json<{ customerId: string }[]>(files, 'records/json/contact/campaign_recipients.json').map((r) => r.customerId).sort()).toEqual([alice.id, bob.id].sort());
    const decisions = json<{ customerId: string; allowed: boolean; reasons: string[] }[]>(files, 'records/json/contact/campaign_decisions.json');
    expect(decisions.map((d) => d.customerId).sort()).toEqual([alice.id, bob.id].sort());
    expect(json<{ id: string }[]>(files, 'records/json/contact/campaign_scrubs.json')).toMatchObject([{ id: scrub.json().id }]);
    const attempts = json<{ id: string }[]>(files, 'records/json/contact/contact_attempts.json');
    expect(attempts.map((a) => a.id)).toEqual(ours.map((r) => r.json().id));
    // Ids only: no name, number or e-mail of anyone.
    for (const text of Object.values(files).map((b) => strFromU8(b))) expect(text).not.toMatch(/alice|06 11|\+33611/);

    const events = json<{ type: string; payload: { attemptId?: string } }[]>(files, 'audit/events.json');
    expect(events.filter((e) => e.type !== 'contact.attempt_recorded').map((e) => e.type)).toEqual(['contact.campaign_created', 'contact.campaign_scrubbed']);
    expect(events.filter((e) => e.type === 'contact.attempt_recorded').map((e) => e.payload.attemptId)).toEqual(attempts.map((a) => a.id));

    const check = verifyEvidence(zip, { expectedFingerprint: publicKeyFingerprint(rt.deps.audit.checkpoints.publicKeyPem) });
    expect(check.problems).toEqual([]);
    expect(check.events).toEqual({ total: events.length, coveredByCheckpoint: events.length, afterCheckpoint: 0 });

    // A decision turned from refused to allowed, an attempt removed from the events: each named.
    const allowed = rezip(zip, (f) => {
      f['records/json/contact/campaign_decisions.json'] = strToU8(JSON.stringify(decisions.map((d) => ({ ...d, allowed: true, reasons: [] }))));
    });
    expect(verifyEvidence(allowed).problems).toEqual(['records/json/contact/campaign_decisions.json: changed (its SHA-256 is not the one signed)']);
    const hidden = rezip(zip, (f) => {
      f['audit/events.json'] = strToU8(JSON.stringify(events.slice(0, -1), null, 1));
    });
    expect(verifyEvidence(hidden).ok).toBe(false);
    expect(verifyEvidence(hidden).problems).toEqual(['audit/events.json: changed (its SHA-256 is not the one signed)']);

    // The export is audited against the campaign.
    const again = await exportEvidence(rt.deps, org, { campaignId: id });
    expect(json<{ type: string }[]>(unzipSync(again.zip), 'audit/events.json').at(-1)?.type).toBe('evidence.exported');
  });

  it('an unknown, malformed or other organisation’s campaign is not found', async () => {
    clock.set(new Date('2026-11-27T09:00:00+01:00'));
    const id = await campaign([(await person('erin', '06 55 55 55 55')).id]);
    await expect(exportEvidence(rt.deps, org, { campaignId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(exportEvidence(rt.deps, org, { campaignId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(exportEvidence(rt.deps, await createTestOrg(rt), { campaignId: id })).rejects.toMatchObject({ code: 'not_found' });
  });
});
