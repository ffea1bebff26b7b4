// Server of the opposition-list upload benchmark: the full Confiance app on its own database (the
// bench gives it a scratch PostgreSQL database), one organisation and an API token of an ethics
// officer's scope (contact:manage). Prints its port, the token and its process id, whose memory
// the bench reads in /proc while an extract goes through POST /api/contact/opposition-lists, and
// its organisation and data directory, which the CLI run of the same bench uses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, createLogger } from '../../src/runtime.ts';
import { createTestOrg, createTestToken } from '../../src/db/testing/factories.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-bench-opposition-'));
const config = loadConfig({ ...process.env, CONFIANCE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
const rt = await createRuntime(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
const org = await createTestOrg(rt);
const token = await createTestToken(rt, org.id, ['contact:manage', 'contact:read']);
await rt.app.listen({ port: 0, host: '127.0.0.1' });
const address = rt.app.server.address();
process.stdout.write(
  JSON.stringify({
    port: typeof address === 'object' && address ? address.port : 0,
    authorization: token.authorization,
    pid: process.pid,
    slug: org.slug,
    dataDir,
    driver: rt.database.driver,
  }) + '\n',
);
process.once('SIGTERM', () => void rt.close().then(() => process.exit(0)));
