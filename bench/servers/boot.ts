// The start and the end every app server of the benches shares: the full Confiance app as
// `confiance serve` assembles it (every plugin, the real database), on a data directory of its own;
// once the server has set itself up, `serve` listens on a free loopback port, prints its port and
// facts as one JSON line (what startChild in bench/lib.ts reads) and, on SIGTERM, closes and
// removes its data directory (an A/B run starts a server per round, a PGlite database each).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, createLogger, type Runtime } from '../../src/runtime.ts';

export async function bootApp(label: string): Promise<{ rt: Runtime; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `confiance-bench-${label}-`));
  const config = loadConfig({ ...process.env, CONFIANCE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
  const rt = await createRuntime(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  return { rt, dataDir };
}

export async function serve(rt: Runtime, dataDir: string, facts: Record<string, unknown>): Promise<void> {
  await rt.app.listen({ port: 0, host: '127.0.0.1' });
  const address = rt.app.server.address();
  process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, ...facts }) + '\n');
  process.once('SIGTERM', () => {
    void rt.close().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
