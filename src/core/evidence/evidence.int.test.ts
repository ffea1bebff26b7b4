import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { canonicalJson, publicKeyFingerprint } from '../audit-log/index.ts';
import { exportEvidence } from './evidence.service.ts';
import { verifyEvidence } from './evidence.verify.ts';
import type { EvidenceManifest } from './evidence.format.ts';

let rt: Runtime;
let org: OrganisationRow;
let agent: TestUser;
beforeAll(async () => {
  rt = await getTestRuntime();
  org = await createTestOrg(rt);
  agent = await createTestUser(rt, org.id, ['agent']);
});

async function file(email: string): Promise<{ id: string; reference: string; customerId: string }> {
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/complaints',
    headers: { ...agent.headers, 'content-type': 'application/json' },
    payload: { customer: { email, name: 'Lise Martin' }, channel: 'phone', category: 'billing', description: 'Deux prélèvements pour un seul contrat.' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const complaint = res.json().complaint as { id: string; reference: string };
  const detail = await rt.app.inject({ method: 'GET', url: `/api/complaints/${complaint.id}`, headers: agent.headers });
  return { ...complaint, customerId: detail.json().customer.id as string };
}

/** Rewrites one file of a zip, keeping the others as they are. */
function rezip(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  return zipSync(files);
}

describe('evidence bundles (issue 15)', () => {
  it('a complaint’s bundle holds its records and audit events, covered by the signed checkpoint, and verifies offline', async () => {
    const complaint = await file(`lise-${Date.now()}@example.test`);
    const other = await file(`lise-${Date.now()}@example.test`);
    expect((await rt.app.inject({ method: 'POST', url: `/api/complaints/${complaint.id}/acknowledge`, headers: agent.headers, payload: {} })).statusCode).toBe(200);
    await rt.deps.audit.checkpoint(rt.deps.db);

    const { zip, manifest } = await exportEvidence(rt.deps, org, { complaintReference: complaint.reference });
    expect(manifest.scope).toEqual({ kind: 'complaint', reference: complaint.reference, complaintId: complaint.id, customerId: complaint.customerId });
    expect(manifest.chain.ok).toBe(true);
    const files = unzipSync(zip);
    const complaints = JSON.parse(strFromU8(files['records/json/complaints/complaints.json']!)) as { reference: string; description: string }[];
    // That complaint only, decrypted, not the customer's other file.
    expect(complaints.map((c) => c.reference)).toEqual([complaint.reference]);
    expect(complaints[0]?.description).toBe('Deux prélèvements pour un seul contrat.');
    expect(strFromU8(files['records/json/complaints/complaints.json']!)).not.toContain(other.reference);
    const events = JSON.parse(strFromU8(files['audit/events.json']!)) as { type: string }[];
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['complaint.received', 'complaint.acknowledged']));

    const fingerprint = publicKeyFingerprint(rt.deps.audit.checkpoints.publicKeyPem);
    const check = verifyEvidence(zip, { expectedFingerprint: fingerprint });
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.fingerprint).toBe(fingerprint);
    expect(check.events.total).toBe(events.length);
    expect(check.events.coveredByCheckpoint).toBe(events.length);

    // The export itself is in the organisation's chain.
    const audited = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'evidence.exported')));
    expect(audited.at(-1)).toMatchObject({ targetType: 'complaint', targetId: complaint.id });
  });

  it('names each tampering: a record edited, a file added or removed, the manifest edited, another key', async () => {
    const complaint = await file(`paul-${Date.now()}@example.test`);
    const { zip } = await exportEvidence(rt.deps, org, { complaintReference: complaint.reference });
    const fingerprint = publicKeyFingerprint(rt.deps.audit.checkpoints.publicKeyPem);

    const edited = rezip(zip, (f) => {
      f['records/json/complaints/complaints.json'] = strToU8(strFromU8(f['records/json/complaints/complaints.json']!).replace('Deux', 'Trois'));
    });
    expect(verifyEvidence(edited).problems).toEqual(['records/json/complaints/complaints.json: changed (its SHA-256 is not the one signed)']);

    const added = rezip(zip, (f) => {
      f['records/json/complaints/extra.json'] = strToU8('[]');
    });
    expect(verifyEvidence(added).problems).toEqual(['records/json/complaints/extra.json: added (not in the signed manifest)']);

    const removed = rezip(zip, (f) => {
      delete f['audit/events.json'];
    });
    expect(verifyEvidence(removed).problems).toEqual(['audit/events.json: listed but missing']);

    const relabelled = rezip(zip, (f) => {
      const m = JSON.parse(strFromU8(f['manifest.json']!)) as EvidenceManifest;
      f['manifest.json'] = strToU8(JSON.stringify({ ...m, generatedAt: '2020-01-01T00:00:00.000Z' }));
    });
    expect(verifyEvidence(relabelled).problems[0]).toMatch(/manifest signature does not verify/);

    // Re-signed whole with a key of one's own: consistent in itself, but not the organisation's key.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const forged = rezip(zip, (f) => {
      const { signature: _old, ...m } = JSON.parse(strFromU8(f['manifest.json']!)) as EvidenceManifest;
      const statement = { ...m, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), checkpointFile: null };
      delete f[m.checkpointFile ?? ''];
      statement.files = statement.files.filter((x) => x.path !== m.checkpointFile);
      f['manifest.json'] = strToU8(JSON.stringify({ ...statement, signature: sign(null, Buffer.from(canonicalJson({ ...statement, signature: undefined })), privateKey).toString('base64') }));
    });
    expect(verifyEvidence(forged).ok).toBe(true);
    const against = verifyEvidence(forged, { expectedFingerprint: fingerprint });
    expect(against.ok).toBe(false);
    expect(against.problems[0]).toMatch(/not the organisation's published key/);

    expect(verifyEvidence(strToU8('not a zip')).problems).toEqual(['not a zip file']);
  });

  it('a customer’s bundle holds every record of the customer; an unknown customer or reference is not found', async () => {
    const complaint = await file(`anne-${Date.now()}@example.test`);
    const { zip, manifest } = await exportEvidence(rt.deps, org, { customerId: complaint.customerId });
    expect(manifest.scope).toEqual({ kind: 'customer', customerId: complaint.customerId });
    expect(Object.keys(unzipSync(zip))).toEqual(expect.arrayContaining(['records/json/customers/customer.json', 'records/json/complaints/complaints.json']));
    expect(verifyEvidence(zip).ok).toBe(true);
    await expect(exportEvidence(rt.deps, org, { customerId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(exportEvidence(rt.deps, org, { complaintReference: 'REC-1999-000001' })).rejects.toMatchObject({ code: 'not_found' });
    // Another organisation's complaint is not found either.
    const elsewhere = await createTestOrg(rt);
    await expect(exportEvidence(rt.deps, elsewhere, { complaintReference: complaint.reference })).rejects.toMatchObject({ code: 'not_found' });
  });
});
