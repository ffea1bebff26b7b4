/**
 * The evidence bundle's manifest (`manifest.json` in the zip): what it holds, each file's
 * SHA-256, the state of the audit chain when it was made, and the installation's signature.
 * Shared by the export (which needs the database) and the offline verification (which must not).
 */
export const EVIDENCE_FORMAT = 'confiance-evidence/1';
export const MANIFEST_FILE = 'manifest.json';
export const EVENTS_FILE = 'audit/events.json';

export type EvidenceScope =
  | { kind: 'customer'; customerId: string }
  | { kind: 'complaint'; reference: string; complaintId: string; customerId: string }
  /** A contact campaign: its audience, scrubs and decisions, and the attempts it accounts for (`attempts` says which). */
  | { kind: 'campaign'; campaignId: string; name: string; attempts: string };

export interface EvidenceManifest {
  format: typeof EVIDENCE_FORMAT;
  organisation: { id: string; slug: string; name: string };
  scope: EvidenceScope;
  generatedAt: string;
  /** Every file of the bundle but the manifest, with its SHA-256 (hex) and size. */
  files: { path: string; sha256: string; bytes: number }[];
  /** The audit chain of the organisation as verified by the installation (with its key) when the bundle was made. */
  chain: { ok: boolean; checked: number; firstBroken: { seq: number; reason: string } | null; checkpoint: { number: number; createdAt: string } | null };
  /** Path of the last signed checkpoint file in the bundle, null if none was written yet. */
  checkpointFile: string | null;
  /** The installation's Ed25519 public key (PEM): the one its checkpoints are signed with. */
  publicKeyPem: string;
  /** Ed25519 signature (base64) of the canonical JSON of every other field. */
  signature: string;
}

/** An audit event as stored, with what is needed to recompute its keyed link (given the key). */
export interface EvidenceEvent {
  id: string;
  orgId: string;
  shard: number;
  seq: number;
  type: string;
  prevHash: string;
  hash: string;
  [field: string]: unknown;
}
