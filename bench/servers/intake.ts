// Candidate for the intake benchmark: the full Confiance app as `confiance serve` assembles it
// (every plugin, bearer-token auth, Zod validation, the real intake transaction), seeded with
// the demo organisation; prints its port and an API token scoped to `complaint:create`, as a
// web shop or chat integration would hold. BENCH_WORKER=on also runs the job worker in this
// process (the acknowledgement e-mails then go out during the run, into <data>/mail.log).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, createLogger } from '../../src/runtime.ts';
import { seedDemo, DEMO_PASSWORD } from '../../src/db/seed/demo.ts';
import { authenticateSession, createToken, login, sessionOf } from '../../src/core/auth/auth.service.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-bench-intake-'));
const config = loadConfig({ ...process.env, CONFIANCE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
const rt = await createRuntime(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
await seedDemo(rt.deps);
const anonymous = { actor: { kind: 'anonymous' as const }, orgId: null, requestId: null, ipHash: null, locale: 'fr' as const };
const session = sessionOf(await login(rt.deps, anonymous, { email: 'admin@lumiere.example', password: DEMO_PASSWORD }));
const admin = await authenticateSession(rt.deps, session.sessionToken);
if (!admin) throw new Error('the demo admin could not sign in');
const { secret } = await createToken(
  rt.deps,
  { ...anonymous, actor: admin.actor, orgId: admin.actor.orgId },
  { name: `intake bench ${new Date().toISOString()}`, scopes: ['complaint:create'], expiresInDays: 1 },
);
if (process.env.BENCH_WORKER === 'on') rt.worker.start();
await rt.app.listen({ port: 0, host: '127.0.0.1' });
const address = rt.app.server.address();
process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, token: secret, driver: rt.database.driver, pid: process.pid }) + '\n');
// The data directory goes too: an A/B run starts a server per round (a PGlite database each).
process.once('SIGTERM', () => {
  void rt.close().then(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
