/**
 * Opposition-list extract through the back office's route (issue 11: millions of lines, progress
 * in the back office): a generated extract of BENCH_OPPOSITION_LINES numbers (default 2,000,000,
 * about 30 MB, national and E.164 forms mixed) sent to POST /api/contact/opposition-lists as the
 * browser sends it (`application/octet-stream`, with its Content-Length), against the baseline of
 * the same load by the command line (`confiance contact opposition-import`, which reads the file
 * from disk), on another file of the same size into the same organisation. Reports each one's
 * time and the peak resident memory of its process (VmHWM, reset before the upload), and checks
 * that both extracts hold every number. On PostgreSQL the app gets a scratch database.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { scratchDatabase, startChild, treeRoot } from './lib.ts';

const MiB = 1024 * 1024;

/** Writes `lines` numbers, distinct, from `offset` on: one in two national ("06 12 34 56 78"), the others E.164. */
async function writeExtract(file: string, lines: number, offset: number): Promise<number> {
  const out = createWriteStream(file);
  let chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    const n = String(offset + i).padStart(8, '0');
    chunk.push(i % 2 === 0 ? `06 ${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6)}` : `+337${n}`);
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.length > 0 ? chunk.join('\n') + '\n' : '');
  await once(out, 'finish');
  return statSync(file).size;
}

/** Resident memory of a process now and at its peak, in MiB (/proc/<pid>/status). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Clears the process's peak resident memory (VmHWM := VmRSS), so the next peak is this run's. */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Sends `file` as the back office does and waits for the answer. */
function upload(port: number, authorization: string, file: string, extractedOn: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/contact/opposition-lists?extractedOn=${extractedOn}`,
        headers: { authorization, 'content-type': 'application/octet-stream', 'content-length': statSync(file).size, accept: 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

export async function run(): Promise<void> {
  const lines = Number(process.env.BENCH_OPPOSITION_LINES ?? 2_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'confiance-bench-extract-'));
  const scratch = await scratchDatabase('opposition');
  const env: Record<string, string> = scratch ? { DATABASE_URL: scratch.url } : {};
  const server = await startChild<{ port: number; authorization: string; pid: number; slug: string; dataDir: string; driver: string }>('opposition', env);
  try {
    const viaHttp = path.join(dir, 'http.txt');
    const viaCli = path.join(dir, 'cli.txt');
    const bytes = await writeExtract(viaHttp, lines, 0);
    await writeExtract(viaCli, lines, lines);
    console.log(`\n## Opposition-list extract upload (${server.info.driver}, ${lines.toLocaleString('en')} lines, ${(bytes / MiB).toFixed(1)} MiB)`);

    // Baseline: the command line, a process of its own on the same database, data directory (its master key) and organisation.
    const cliStarted = performance.now();
    const cli = spawn(
      process.execPath,
      [path.join(treeRoot, 'bin/confiance.js'), 'contact', 'opposition-import', viaCli, '--extracted-on', '2026-07-01', '--org', server.info.slug],
      { cwd: treeRoot, env: { ...process.env, ...env, CONFIANCE_DATA_DIR: server.info.dataDir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let cliOut = '';
    cli.stdout.on('data', (d: Buffer) => (cliOut += d.toString()));
    let cliPeak = 0;
    const sampler = setInterval(() => {
      try {
        if (cli.pid) cliPeak = Math.max(cliPeak, memoryOf(cli.pid).peak);
      } catch {
        // The process has just exited: its last reading stands.
      }
    }, 50);
    const [code] = (await once(cli, 'exit')) as [number];
    clearInterval(sampler);
    const cliSeconds = (performance.now() - cliStarted) / 1000;
    if (code !== 0) throw new Error(`the CLI failed (${code}): ${cliOut}`);

    const before = memoryOf(server.info.pid);
    resetPeak(server.info.pid);
    const started = performance.now();
    const res = await upload(server.info.port, server.info.authorization, viaHttp, '2026-07-02');
    const seconds = (performance.now() - started) / 1000;
    const after = memoryOf(server.info.pid);
    if (res.status !== 201) throw new Error(`the upload answered ${res.status}: ${res.body.slice(0, 300)}`);
    const { list } = JSON.parse(res.body) as { list: { entries: number; rejected: number } };
    const cliEntries = Number(/: (\d+) numbers/.exec(cliOut)?.[1]);
    if (list.entries !== lines || list.rejected !== 0 || cliEntries !== lines) throw new Error(`numbers lost: HTTP ${list.entries}, CLI ${cliEntries}, expected ${lines}`);

    console.log('| path | time | lines/s | peak RSS of its process | RSS before |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(`| POST /api/contact/opposition-lists (server) | ${seconds.toFixed(1)} s | ${Math.round(lines / seconds).toLocaleString('en')} | ${after.peak.toFixed(0)} MiB | ${before.rss.toFixed(0)} MiB |`);
    console.log(`| confiance contact opposition-import (baseline) | ${cliSeconds.toFixed(1)} s | ${Math.round(lines / cliSeconds).toLocaleString('en')} | ${cliPeak.toFixed(0)} MiB | (process start) |`);
    console.log(`HTTP / CLI time: ${(seconds / cliSeconds).toFixed(2)}x; server peak RSS over its RSS before: +${(after.peak - before.rss).toFixed(0)} MiB for a ${(bytes / MiB).toFixed(1)} MiB file.`);
  } finally {
    await server.stop();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
