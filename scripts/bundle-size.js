#!/usr/bin/env node
// `npm run bundle-size`: builds the back office into a temporary directory (with Vite's manifest)
// and prints the gzip size of the JavaScript its first pages load: the entry chunk and everything
// it imports statically (what /app/ needs before anything shows) with the core catalogues, plus the
// lazy chunks and catalogues of the sign-in page and of the home page after sign-in, when those
// are split off. Target (issue 10): at most 250 KB gzip for the heaviest of these first pages. `--dir <path>` reads an existing build made with
// `build.manifest: true` instead of building.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
  // The catalogues are one chunk per language and namespace (vite.config.ts). The core ones load
  // before the first render (CORE_NAMESPACES in web/backoffice/src/i18n.ts); a lazy page's own
  // load with its code (its lazyPage call in router.tsx). Both lists are read from the sources,
  // and each page is counted in the language whose catalogues weigh more.
  const source = (file) => readFileSync(path.join(repoRoot, 'web/backoffice/src', file), 'utf8');
  const list = (text) => [...(text ?? '').matchAll(/'([\w-]+)'/g)].map((m) => m[1]);
  const coreNamespaces = list(/CORE_NAMESPACES = \[([^\]]*)\]/.exec(source('i18n.ts'))?.[1]);
  if (coreNamespaces.length === 0) throw new Error('CORE_NAMESPACES not found in web/backoffice/src/i18n.ts');
  const pageNamespaces = (page) => list(new RegExp(`import\\('\\./${page.replaceAll('.', '\\.')}'\\), '\\w+', \\[([^\\]]*)\\]`).exec(source('router.tsx'))?.[1]);
  const localeFiles = (lang, namespaces) =>
    namespaces.map((ns) => Object.values(manifest).find((chunk) => chunk.file.startsWith(`assets/locale-${lang}-${ns}-`))?.file).filter(Boolean);
  const languages = [...new Set(Object.values(manifest).map((chunk) => /^assets\/locale-(\w+)-/.exec(chunk.file)?.[1]).filter(Boolean))];
  /** The heavier language's files for a page: its code chunks plus the catalogues it loads. */
  const page = (files, namespaces) =>
    languages
      .map((lang) => {
        const all = [...files, ...localeFiles(lang, namespaces)];
        return { lang, files: all, kb: total(all) };
      })
      .sort((a, b) => b.kb - a.kb)[0] ?? { lang: 'none', files: [...files], kb: total(files) };

  const first = page(entry, coreNamespaces);
  console.log(
    `entry and static imports + core catalogues (${coreNamespaces.join(', ')}, ${first.lang}): ${first.kb.toFixed(1)} KB gzip (${first.files.join(', ')})`,
  );
  const figures = [first.kb];
  for (const [label, pageSource] of [
    ['/app/login', 'pages/login.page.tsx'],
    ['/app/ home after sign-in', 'pages/home.page.tsx'],
  ]) {
    const key = lazyChunk(pageSource);
    const files = key ? closure(key, new Set(entry)) : entry;
    const namespaces = [...coreNamespaces, ...(key ? (pageNamespaces(pageSource) ?? []) : [])];
    const shown = page(files, namespaces);
    const extra = shown.files.filter((file) => !first.files.includes(file));
    figures.push(shown.kb);
    console.log(`${label}: ${shown.kb.toFixed(1)} KB gzip${extra.length ? ` (+ ${extra.join(', ')})` : ''}`);
  }
  const firstPage = Math.max(...figures);
  const largest = Object.values(manifest)
    .filter((chunk) => chunk.file.endsWith('.js'))
    .map((chunk) => ({ file: chunk.file, kb: gzipKb(chunk.file) }))
    .sort((a, b) => b.kb - a.kb)
    .slice(0, 5);
  console.log(`largest chunks: ${largest.map((c) => `${c.file} ${c.kb.toFixed(1)} KB`).join(', ')}`);
  console.log(`heaviest first page ${firstPage.toFixed(1)} KB gzip: ${firstPage <= TARGET_KB ? `within the ${TARGET_KB} KB target` : `OVER the ${TARGET_KB} KB target`}`);
  if (firstPage > TARGET_KB) process.exitCode = 1;
} finally {
  if (dirFlag < 0) rmSync(outDir, { recursive: true, force: true });
}
