#!/usr/bin/env node
// `npm run bundle-size`: builds the back office into a temporary directory (with Vite's manifest)
// and prints the gzip size of the JavaScript its first pages load: the entry chunk and everything
// it imports statically (what /app/ needs before anything shows), plus the lazy chunks of the
// sign-in page and of the home page after sign-in, when those are split off. Target (issue 10):
// at most 250 KB gzip for the first page. `--dir <path>` reads an existing build made with
// `build.manifest: true` instead of building.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const TARGET_KB = 250;
const dirFlag = process.argv.indexOf('--dir');
const outDir = dirFlag > 0 ? path.resolve(process.argv[dirFlag + 1]) : mkdtempSync(path.join(tmpdir(), 'confiance-bundle-'));

try {
  if (dirFlag < 0) {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } });
  }
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8'));
  const gzipKb = (file) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length / 1024;

  /** The chunk files a manifest key loads: itself and its static imports, transitively. */
  const closure = (key, seen = new Set()) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return seen;
    seen.add(chunk.file);
    for (const imported of chunk.imports ?? []) closure(imported, seen);
    return seen;
  };
  const total = (files) => [...files].reduce((sum, file) => sum + gzipKb(file), 0);
  const lazyChunk = (source) => Object.keys(manifest).find((key) => key.endsWith(source) && manifest[key].isDynamicEntry);

  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const entry = closure(entryKey);
  // The catalogues of the interface language load before the first render (web/backoffice/src/i18n.ts):
  // count the larger language's chunk as part of the first page.
  const locales = Object.values(manifest).filter((chunk) => /locale-\w+/.test(chunk.file)).map((chunk) => ({ file: chunk.file, kb: gzipKb(chunk.file) }));
  const locale = locales.sort((a, b) => b.kb - a.kb)[0];
  const firstPage = total(entry) + (locale?.kb ?? 0);
  console.log(`entry and static imports (${[...entry].join(', ')}) + catalogues of one language (${locale?.file ?? 'none'}): ${firstPage.toFixed(1)} KB gzip`);
  for (const [label, source] of [
    ['/app/login', 'pages/login.page.tsx'],
    ['/app/ home after sign-in', 'pages/home.page.tsx'],
  ]) {
    const key = lazyChunk(source);
    const files = key ? closure(key, new Set(entry)) : entry;
    const extra = [...files].filter((file) => !entry.has(file));
    console.log(`${label}: ${(total(files) + (locale?.kb ?? 0)).toFixed(1)} KB gzip${extra.length ? ` (+ ${extra.join(', ')})` : ''}`);
  }
  const largest = Object.values(manifest)
    .filter((chunk) => chunk.file.endsWith('.js'))
    .map((chunk) => ({ file: chunk.file, kb: gzipKb(chunk.file) }))
    .sort((a, b) => b.kb - a.kb)
    .slice(0, 5);
  console.log(`largest chunks: ${largest.map((c) => `${c.file} ${c.kb.toFixed(1)} KB`).join(', ')}`);
  console.log(firstPage <= TARGET_KB ? `within the ${TARGET_KB} KB target` : `OVER the ${TARGET_KB} KB target`);
  if (firstPage > TARGET_KB) process.exitCode = 1;
} finally {
  if (dirFlag < 0) rmSync(outDir, { recursive: true, force: true });
}
