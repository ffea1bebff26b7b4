/**
 * Signed checkpoints of the audit chain heads, written outside the data directory (docs/adr/0012).
 *
 * The keyed chain stops anyone without the key from relinking edited rows, but not from deleting
 * a chain's tail together with its head row, or every row and head of an organisation: what is
 * gone leaves nothing to check. A checkpoint records every head (organisation, shard, seq, hash)
 * at a moment, signed with Ed25519 under a key derived from the master key; verification requires
 * each chain to still hold the row its last checkpoint recorded, so a vanished chain fails.
 *
 * One file per checkpoint, `checkpoint-<number>.json`, never rewritten; each names the digest of
 * the one before, so a file removed from the middle of the series shows. Whoever can write the
 * checkpoint directory can still remove the newest files: in production it lives on storage the
 * service may append to but not rewrite (docs/OPERATIONS.md).
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson, deriveAuditKey } from './audit-log.chain.ts';

export const CHECKPOINT_FORMAT = 'confiance-audit-checkpoint/1';

export interface CheckpointHead {
  orgId: string;
  shard: number;
  seq: number;
  hash: string;
  /** Chain version of the head row, to resume verification from it. */
  version: number;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  number: number;
  createdAt: string;
  /** SHA-256 of the previous checkpoint file's content, null for the first. */
  previous: string | null;
  heads: CheckpointHead[];
  /** Ed25519 signature (base64) of the canonical JSON of every other field. */
  signature: string;
}

export type LatestCheckpoint =
  { status: 'none' } | { status: 'valid'; checkpoint: Checkpoint; file: string } | { status: 'invalid'; file: string; problem: string };

const FILE = /^checkpoint-(\d{8})\.json$/;
const fileName = (n: number) => `checkpoint-${String(n).padStart(8, '0')}.json`;

// DER header of a PKCS#8 Ed25519 private key (RFC 8410): the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface CheckpointStore {
  readonly dir: string;
  /** The public key (PEM) that verifies this installation's checkpoints, for checks outside Confiance. */
  readonly publicKeyPem: string;
  latest(): LatestCheckpoint;
  /** Writes the next checkpoint; fails if another process wrote that number first. */
  write(heads: CheckpointHead[], createdAt: Date): Checkpoint;
  /** The last checkpoint file's exact content, to hand to a third party with what it covers. */
  latestFile(): { name: string; text: string } | null;
  /**
   * Signs a statement of this installation (e.g. an evidence bundle's manifest) with the checkpoint
   * key. The statement's own `format` keeps it from ever passing for a checkpoint, and back.
   */
  attest(statement: { format: string } & Record<string, unknown>): string;
}

/** Whether `signature` (base64) is the installation key's signature of `statement` (without its `signature` field). */
export function verifyAttestation(statement: Record<string, unknown>, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson({ ...statement, signature: undefined })), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** SHA-256 of the public key (DER), in hex groups: what an organisation publishes so others can check its bundles. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' });
  return (createHash('sha256').update(der).digest('hex').match(/.{4}/g) ?? []).join(':');
}

export function createCheckpointStore(dir: string, masterKey: Buffer): CheckpointStore {
  const seed = deriveAuditKey(masterKey, 'confiance/audit-checkpoint/ed25519/v1');
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const signed = (c: Omit<Checkpoint, 'signature'>) => Buffer.from(canonicalJson({ ...c, signature: undefined }));
  const digest = (text: string) => createHash('sha256').update(text).digest('hex');

  const numbers = (): number[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.flatMap((n) => (FILE.exec(n) ? [Number(FILE.exec(n)?.[1])] : [])).sort((a, b) => a - b);
  };

  const read = (n: number): { text: string; problem: string | null; checkpoint: Checkpoint | null } => {
    const text = readFileSync(path.join(dir, fileName(n)), 'utf8');
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(text) as Checkpoint;
    } catch {
      return { text, problem: 'not JSON', checkpoint: null };
    }
    if (
      checkpoint.format !== CHECKPOINT_FORMAT ||
      checkpoint.number !== n ||
      !Array.isArray(checkpoint.heads) ||
      typeof checkpoint.signature !== 'string'
    ) {
      return { text, problem: 'not a checkpoint of this format and number', checkpoint: null };
    }
    // Verified with the key derived here, never with a key the file could bring along.
    if (!verify(null, signed(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'))) {
      return { text, problem: "signature does not verify with this installation's key", checkpoint: null };
    }
    return { text, problem: null, checkpoint };
  };

  return {
    dir,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),

    latest() {
      const all = numbers();
      const last = all.at(-1);
      if (last === undefined) return { status: 'none' };
      const file = path.join(dir, fileName(last));
      const { problem, checkpoint } = read(last);
      if (!checkpoint) return { status: 'invalid', file, problem: problem ?? 'unreadable' };
      // Old files may be pruned by the operator; a predecessor that is present must be the one signed.
      if (all.includes(last - 1) && checkpoint.previous !== digest(read(last - 1).text)) {
        return { status: 'invalid', file, problem: `does not follow ${fileName(last - 1)} (the series was edited)` };
      }
      if (last > 1 && !all.includes(last - 1) && all.length > 1) {
        return { status: 'invalid', file, problem: `${fileName(last - 1)} is missing from the middle of the series` };
      }
      return { status: 'valid', checkpoint, file };
    },

    latestFile() {
      const last = numbers().at(-1);
      return last === undefined ? null : { name: fileName(last), text: read(last).text };
    },

    attest(statement) {
      if (statement.format === CHECKPOINT_FORMAT) throw new Error('a checkpoint is written by write(), not attested');
      return sign(null, Buffer.from(canonicalJson({ ...statement, signature: undefined })), privateKey).toString('base64');
    },

    write(heads, createdAt) {
      const last = numbers().at(-1);
      const previousText = last === undefined ? null : read(last).text;
      const body: Omit<Checkpoint, 'signature'> = {
        format: CHECKPOINT_FORMAT,
        number: (last ?? 0) + 1,
        createdAt: createdAt.toISOString(),
        previous: previousText === null ? null : digest(previousText),
        heads,
      };
      const checkpoint: Checkpoint = { ...body, signature: sign(null, signed(body), privateKey).toString('base64') };
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Written whole under a temporary name, flushed, then linked to its final name: link fails
      // if the name exists, so two processes never overwrite each other's checkpoint.
      const tmp = path.join(dir, `.${fileName(checkpoint.number)}.${process.pid}.tmp`);
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(checkpoint, null, 1) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      try {
        linkSync(tmp, path.join(dir, fileName(checkpoint.number)));
      } finally {
        unlinkSync(tmp);
      }
      return checkpoint;
    },
  };
}
