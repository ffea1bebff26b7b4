import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Runtime settings, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** When set, PostgreSQL through node-postgres; otherwise embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** 32-byte key that wraps every per-subject data key. */
  masterKey: Buffer;
  /** True when the master key was generated on this start (the operator must back it up). */
  masterKeyGenerated: boolean;
  /**
   * Where signed checkpoints of the audit chain heads are written (docs/adr/0012): outside the
   * data directory, so that whoever can rewrite the database files cannot rewrite them too.
   */
  checkpointDir: string;
  /** True when CONFIANCE_CHECKPOINT_DIR was not set and the default next to the data directory is used. */
  checkpointDirDefaulted: boolean;
  publicUrl: string;
  logLevel: string;
  /** Run the job worker inside the server process. */
  inProcessWorker: boolean;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
  /** Secret mixed into IP hashes so the audit log never stores a raw IP address. */
  ipHashSalt: string;
  /** SMTP connection URL (smtp://user:pass@host:587); absent: e-mails go to <dataDir>/mail.log. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /**
   * Per-route rate limits off, for a security scan of a scratch server only (scripts/scan.sh):
   * a scanner sends thousands of requests from one address, and a 429 answer hides what the route
   * would do. CONFIANCE_SCAN_LIFT_RATE_LIMITS=yes; refused unless the server listens on loopback
   * over http outside NODE_ENV=production (see scanSetting).
   */
  rateLimitsLifted: boolean;
}

const LOOPBACK: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * The scan-only switch. Refused, not ignored, where it could weaken a real installation: a
 * production environment, an https public URL, or a listener reachable from another machine.
 */
function scanSetting(env: NodeJS.ProcessEnv, host: string, publicUrl: string): boolean {
  const value = env.CONFIANCE_SCAN_LIFT_RATE_LIMITS;
  if (!value || value === 'no') return false;
  if (value !== 'yes') throw new Error(`CONFIANCE_SCAN_LIFT_RATE_LIMITS must be "yes" or "no", got "${value}"`);
  if (env.NODE_ENV === 'production') throw new Error('CONFIANCE_SCAN_LIFT_RATE_LIMITS is for a scratch server under a security scan: refused with NODE_ENV=production');
  if (!LOOPBACK.has(host) || publicUrl.startsWith('https://'))
    throw new Error(`CONFIANCE_SCAN_LIFT_RATE_LIMITS is for a scratch server under a security scan: refused unless HOST is loopback and PUBLIC_URL is http (got HOST=${host}, PUBLIC_URL=${publicUrl})`);
  return true;
}

/** Parses the environment; creates the data directory and the master key file when absent. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const host = env.HOST ?? 'localhost';
  const dataDir = path.resolve(env.CONFIANCE_DATA_DIR ?? './data');
  // Mode 0700: the database files, the master key and the mail log are the service account's alone.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const { key, generated } = resolveMasterKey(env.CONFIANCE_MASTER_KEY, dataDir);
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
  const checkpointDir = path.resolve(env.CONFIANCE_CHECKPOINT_DIR || `${dataDir}-checkpoints`);
  const relative = path.relative(dataDir, checkpointDir);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
    throw new Error(
      `CONFIANCE_CHECKPOINT_DIR must be outside the data directory ${dataDir} (got ${checkpointDir}): a checkpoint stored with the database can be rewritten with it`,
    );
  }
  return {
    port,
    host,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    masterKey: key,
    masterKeyGenerated: generated,
    checkpointDir,
    checkpointDirDefaulted: !env.CONFIANCE_CHECKPOINT_DIR,
    publicUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    inProcessWorker: env.CONFIANCE_WORKER !== 'off',
    secureCookies: publicUrl.startsWith('https://'),
    ipHashSalt: env.CONFIANCE_IP_SALT ?? key.subarray(0, 16).toString('hex'),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Confiance <no-reply@localhost>',
    rateLimitsLifted: scanSetting(env, host, publicUrl),
  };
}

function resolveMasterKey(value: string | undefined, dataDir: string): { key: Buffer; generated: boolean } {
  if (value) return { key: decodeKey(value, 'CONFIANCE_MASTER_KEY'), generated: false };
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) return { key: decodeKey(readFileSync(file, 'utf8').trim(), file), generated: false };
  const key = randomBytes(32);
  // Mode 0600: the master key decrypts every subject key; only the service account may read it.
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, generated: true };
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes in base64 (got ${key.length} bytes)`);
  return key;
}
