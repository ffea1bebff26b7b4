/**
 * Issue 15, finding 7: two processes must never open one PGlite directory at once, and the data
 * directory is the service account's alone.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { lockDataDirectory, openDatabase } from './client.ts';
import { loadConfig } from '../config.ts';

it('refuses a second opening of a PGlite directory while the first holds it, and opens it again once closed', async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'confiance-lock-')), 'pglite');
  const first = await openDatabase({ pgliteDir: dir });
  await expect(openDatabase({ pgliteDir: dir })).rejects.toThrow(/in use by process \d+/);
  await first.close();
  const again = await openDatabase({ pgliteDir: dir });
  await again.close();
});

it('takes over a lock left by a process that died', () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'confiance-lock-')), 'pglite');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  writeFileSync(`${dir}.lock`, `${dead}\n`);
  const release = lockDataDirectory(dir);
  expect(() => lockDataDirectory(dir)).toThrow(new RegExp(`in use by process ${process.pid}`));
  release();
});

it('creates the data directory readable by its owner only', () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'confiance-mode-')), 'data');
  loadConfig({ CONFIANCE_DATA_DIR: dataDir });
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
});
