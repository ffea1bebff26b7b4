/**
 * Offline verification of an evidence bundle: no database, no master key, nothing but the zip.
 *
 * What it proves: every file is the one the installation listed and signed (SHA-256 in a manifest
 * signed with Ed25519), the checkpoint inside is signed by the same key, and the audit events
 * about the records are consistent with it (links between consecutive events, coverage by the
 * checkpoint). What it cannot prove without the key: each event's keyed link (HMAC) — the
 * installation checked those when it made the bundle and signed the outcome (`chain`). Whoever
 * checks compares the key's fingerprint with the one the organisation publishes.
 */
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { CHECKPOINT_FORMAT, publicKeyFingerprint, verifyAttestation, type Checkpoint } from '../audit-log/index.ts';
import { EVENTS_FILE, EVIDENCE_FORMAT, MANIFEST_FILE, type EvidenceEvent, type EvidenceManifest } from './evidence.format.ts';

export interface EvidenceCheck {
  ok: boolean;
  /** What failed, in words; empty when ok. */
  problems: string[];
  manifest: EvidenceManifest | null;
  /** SHA-256 of the signing key, to compare with the organisation's published fingerprint. */
  fingerprint: string | null;
  events: { total: number; coveredByCheckpoint: number; afterCheckpoint: number };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function parse<T>(bytes: Uint8Array | undefined): T | null {
  if (!bytes) return null;
  try {
    return JSON.parse(strFromU8(bytes)) as T;
  } catch {
    return null;
  }
}

/**
 * Checks a bundle. `expectedFingerprint` is the key fingerprint the organisation publishes: without
 * it, a bundle re-signed with someone else's key would check out against the key it brings along.
 */
export function verifyEvidence(zip: Uint8Array, options: { expectedFingerprint?: string } = {}): EvidenceCheck {
  const problems: string[] = [];
  const result = (manifest: EvidenceManifest | null, fingerprint: string | null, events = { total: 0, coveredByCheckpoint: 0, afterCheckpoint: 0 }): EvidenceCheck => ({
    ok: problems.length === 0,
    problems,
    manifest,
    fingerprint,
    events,
  });
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    problems.push('not a zip file');
    return result(null, null);
  }
  const manifest = parse<EvidenceManifest>(files[MANIFEST_FILE]);
  if (!manifest || manifest.format !== EVIDENCE_FORMAT || typeof manifest.signature !== 'string' || !Array.isArray(manifest.files)) {
    problems.push(`no ${MANIFEST_FILE} of format ${EVIDENCE_FORMAT}`);
    return result(null, null);
  }
  let fingerprint: string;
  try {
    fingerprint = publicKeyFingerprint(manifest.publicKeyPem);
  } catch {
    problems.push('the manifest does not carry a valid public key');
    return result(manifest, null);
  }
  const expected = options.expectedFingerprint?.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (expected && fingerprint.replace(/:/g, '') !== expected) problems.push(`signed with key ${fingerprint}, not the organisation's published key`);
  const { signature, ...statement } = manifest;
  if (!verifyAttestation(statement, signature, manifest.publicKeyPem)) problems.push('the manifest signature does not verify: the manifest was changed after it was signed');

  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const bytes = files[f.path];
    if (!bytes) problems.push(`${f.path}: listed but missing`);
    else if (sha256(bytes) !== f.sha256) problems.push(`${f.path}: changed (its SHA-256 is not the one signed)`);
  }
  for (const path of Object.keys(files)) if (path !== MANIFEST_FILE && !listed.has(path)) problems.push(`${path}: added (not in the signed manifest)`);

  let checkpoint: Checkpoint | null = null;
  if (manifest.checkpointFile) {
    checkpoint = parse<Checkpoint>(files[manifest.checkpointFile]);
    if (!checkpoint || checkpoint.format !== CHECKPOINT_FORMAT) problems.push(`${manifest.checkpointFile}: not a checkpoint`);
    else {
      const { signature: checkpointSignature, ...signed } = checkpoint;
      if (!verifyAttestation(signed, checkpointSignature, manifest.publicKeyPem)) problems.push(`${manifest.checkpointFile}: its signature does not verify with the same key`);
    }
  }
  if (!manifest.chain.ok) problems.push(`the installation found its audit chain broken when it made the bundle (row ${manifest.chain.firstBroken?.seq ?? '?'}: ${manifest.chain.firstBroken?.reason ?? 'unknown'})`);

  const events = parse<EvidenceEvent[]>(files[EVENTS_FILE]) ?? [];
  let covered = 0;
  const byShard = new Map<number, EvidenceEvent[]>();
  for (const e of events) {
    if (e.orgId !== manifest.organisation.id) problems.push(`event ${e.id}: of another organisation`);
    byShard.set(e.shard, [...(byShard.get(e.shard) ?? []), e]);
    const head = checkpoint?.heads.find((h) => h.orgId === e.orgId && h.shard === e.shard);
    if (head && e.seq <= head.seq) covered += 1;
  }
  // Consecutive events of a chain must link: the second names the first's hash.
  for (const chain of byShard.values()) {
    chain.sort((a, b) => a.seq - b.seq);
    for (let i = 1; i < chain.length; i++) {
      const [before, after] = [chain[i - 1], chain[i]];
      if (before && after && after.seq === before.seq + 1 && after.prevHash !== before.hash) problems.push(`event ${after.id}: does not link to the event before it`);
    }
  }
  return result(manifest, fingerprint, { total: events.length, coveredByCheckpoint: covered, afterCheckpoint: events.length - covered });
}
