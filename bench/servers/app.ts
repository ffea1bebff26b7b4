// Candidate: the full Confiance app (all plugins, session auth, permission check, real database),
// seeded with the demo data; prints its port and a signed-in admin's cookie.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, createLogger } from '../../src/runtime.ts';
import { seedDemo, DEMO_PASSWORD } from '../../src/db/seed/demo.ts';
import { login, sessionOf } from '../../src/core/auth/auth.service.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-bench-'));
const config = loadConfig({ ...process.env, CONFIANCE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
const rt = await createRuntime(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
await seedDemo(rt.deps);
const session = sessionOf(await login(rt.deps, { actor: { kind: 'anonymous' }, orgId: null, requestId: null, ipHash: null, locale: 'fr' }, { email: 'admin@lumiere.example', password: DEMO_PASSWORD }));
await rt.app.listen({ port: 0, host: '127.0.0.1' });
const address = rt.app.server.address();
process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, cookie: `cf_session=${session.sessionToken}`, driver: rt.database.driver }) + '\n');
process.once('SIGTERM', () => void rt.close().then(() => process.exit(0)));
