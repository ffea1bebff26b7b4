/**
 * "Nothing is lost: a withdrawal acknowledged to the customer is in the ledger even if the server
 * dies right after" (issue 3; GDPR Art. 7(3)). The real server (`confiance serve`) runs as a child
 * process on a database of its own; withdrawals are posted in parallel, every acknowledged one
 * (201 with its ledger event id) is noted, the server is killed with SIGKILL in mid-stream, and
 * the database, opened afresh, must hold every acknowledged withdrawal, in the ledger and in the
 * projection. On PostgreSQL (DATABASE_URL) and on PGlite on disk (a temporary data directory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/client.ts';
import { createRuntime, repoRoot } from '../../runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../db/testing/factories.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import * as service from './consent.service.ts';
import { consentEvents, consentStates } from './consent.tables.ts';
import { createScratchDatabase } from '../../db/testing/scratch-postgres.ts';

const MASTER_KEY = Buffer.alloc(32, 9).toString('base64');
const SUBJECTS = 200;
const CONCURRENCY = 8;
/** The server is killed once this many withdrawals were acknowledged (the rest are in flight or unsent). */
const KILL_AFTER = 40;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A PostgreSQL database of this test's own next to DATABASE_URL's, or a PGlite data directory. */
async function ownDatabase(): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { databaseUrl: '', drop: async () => undefined };
  const scratch = await createScratchDatabase(url, 'test_durability');
  return { databaseUrl: scratch.url, drop: scratch.drop };
}

const open = (dataDir: string, databaseUrl: string) =>
  openDatabase({ databaseUrl: databaseUrl || undefined, pgliteDir: path.join(dataDir, 'pglite'), poolSize: 2 });

describe(`acknowledged withdrawals survive kill -9 (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite on disk'})`, () => {
  it('every withdrawal answered 201 before SIGKILL is in the ledger and the projection', { timeout: 240_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-durability-'));
    const { databaseUrl, drop } = await ownDatabase();
    const env = { ...process.env, CONFIANCE_DATA_DIR: dataDir, CONFIANCE_MASTER_KEY: MASTER_KEY, DATABASE_URL: databaseUrl };
    let child: ChildProcess | undefined;
    try {
      // Set-up through the service layer, then the database is closed for the server to own it.
      const setupDb = await open(dataDir, databaseUrl);
      const rt = await createRuntime(loadConfig(env), { database: setupDb, logger: pino({ level: 'silent' }) });
      const org = await createTestOrg(rt);
      const dpo = await createTestUser(rt, org.id, ['dpo']);
      const notice = { titleFr: 'Lettre', titleEn: 'Newsletter', textFr: 'Nos nouvelles.', textEn: 'Our news.' };
      await service.createPurpose(rt.deps, dpo.ctx, {
        key: 'newsletter',
        legalBasis: 'consent',
        dataUse: 'marketing.communications.email',
        channels: ['email'],
        notice,
      });
      const subjects: string[] = [];
      for (let i = 0; i < SUBJECTS; i++) {
        const customer = await rt.deps.db.transaction(
          async (tx) => (await findOrCreateCustomer(rt.deps, tx, dpo.ctx, { email: `s${i}@durability.test` }, 'agent')).customer,
        );
        await service.recordConsent(rt.deps, dpo.ctx, {
          customerId: customer.id,
          purpose: 'newsletter',
          channel: 'email',
          kind: 'given',
          method: 'web_form',
          source: 'setup',
        });
        subjects.push(customer.id);
      }
      const token = await createTestToken(rt, org.id, ['consent:record']);
      await rt.close();
      await setupDb.close();

      const port = await freePort();
      let output = '';
      child = spawn(process.execPath, [path.join(repoRoot, 'bin/confiance.js'), 'serve', '--no-seed', '--no-worker'], {
        cwd: repoRoot,
        env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
        if (Date.now() > deadline) throw new Error(`server not ready in time:\n${output}`);
        if (
          await fetch(`${url}/ready`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 250));
      }

      // Withdrawals in parallel; each 201 is an acknowledgement the customer could have seen.
      const acknowledged = new Map<string, string>();
      let next = 0;
      let killed = false;
      let failedAfterKill = 0;
      const server = child;
      const worker = async () => {
        while (next < subjects.length) {
          const customerId = subjects[next++]!;
          try {
            const res = await fetch(`${url}/api/consent/events`, {
              method: 'POST',
              headers: { ...token, 'content-type': 'application/json' },
              body: JSON.stringify({
                customerId,
                purpose: 'newsletter',
                channel: 'email',
                kind: 'withdrawn',
                method: 'api',
                source: 'durability-test',
              }),
            });
            if (res.status === 201) acknowledged.set(customerId, ((await res.json()) as { id: string }).id);
            else if (!killed) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          } catch (err) {
            if (!killed) throw err;
            failedAfterKill++;
          }
          if (!killed && acknowledged.size >= KILL_AFTER) {
            killed = true;
            // kill -9: no shutdown hook, no flush, connections cut mid-request.
            server.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child!.once('exit', r));
      expect(child.signalCode).toBe('SIGKILL');
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
      // Requests were still being sent when the server died: the kill did land mid-stream.
      expect(failedAfterKill).toBeGreaterThan(0);

      const after = await open(dataDir, databaseUrl);
      try {
        const ids = [...acknowledged.values()];
        const events = await after.db
          .select()
          .from(consentEvents)
          .where(and(eq(consentEvents.orgId, org.id), inArray(consentEvents.id, ids)));
        expect(events.map((e) => e.id).sort()).toEqual([...ids].sort());
        expect(events.every((e) => e.kind === 'withdrawn')).toBe(true);
        const states = await after.db
          .select()
          .from(consentStates)
          .where(and(eq(consentStates.orgId, org.id), inArray(consentStates.customerId, [...acknowledged.keys()])));
        expect(states).toHaveLength(acknowledged.size);
        expect(states.every((s) => s.kind === 'withdrawn' && acknowledged.get(s.customerId) === s.eventId)).toBe(true);
      } finally {
        await after.close();
      }
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
