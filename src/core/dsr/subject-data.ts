/**
 * The subject-data registry: every module registers its own exporter and eraser (manifest
 * `subjectData`). Access and portability call every `export`; erasure calls every `erase` in one
 * transaction, then destroys the subject key (crypto-shredding).
 */
import { strToU8, zipSync } from 'fflate';
import type { Db } from '../../db/client.ts';
import type { Locale, RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { ExportedFile, type Contributed, type LegalHold, type SubjectDataHandler } from '../module.ts';
import { t } from '../../i18n/index.ts';
import { escapeHtml } from '../../../web/portal/html.ts';
import { recordsToCsv } from '../csv.ts';

/** A module's exporter and eraser, named after its module. */
export type NamedHandler = Contributed<SubjectDataHandler>;

export type SubjectExport = Record<string, Record<string, Record<string, unknown>[]>>;

/**
 * Everything held on the subject, by module and dataset; empty datasets left out. The exporters
 * only read, so they run side by side: the export takes as long as the slowest module, not the
 * sum of all (bench/dsr-export.bench.ts).
 */
export async function exportSubject(deps: Deps, orgId: string, subjectId: string, handlers: readonly NamedHandler[] = deps.registries.subjectData): Promise<SubjectExport> {
  const results = await Promise.all(handlers.map(async ({ module, handler }) => ({ module, data: await handler.export(deps, orgId, subjectId) })));
  const out: SubjectExport = {};
  for (const { module, data } of results) {
    const kept = Object.entries(data).filter(([, rows]) => rows.length > 0);
    if (kept.length > 0) out[module] = Object.fromEntries(kept);
  }
  return out;
}

/**
 * Erases the subject in the caller's transaction: every handler, then the subject key. Returns
 * the number of rows removed and the legal holds (what was kept, and why).
 */
export async function eraseSubject(deps: Deps, tx: Db, ctx: RequestContext, orgId: string, subjectId: string, handlers: readonly NamedHandler[] = deps.registries.subjectData): Promise<{ erased: number; held: LegalHold[] }> {
  let erased = 0;
  const held: LegalHold[] = [];
  for (const { handler } of handlers) {
    const r = await handler.erase(deps, tx, orgId, subjectId);
    erased += r.erased;
    held.push(...r.held);
  }
  if (await deps.cipher.destroy(tx, orgId, subjectId)) {
    await deps.audit.record(tx, { ...ctx, orgId }, { type: 'subject_key.destroyed', target: { type: 'customer', id: subjectId }, payload: { subjectId } });
  }
  return { erased, held };
}

// ---------------------------------------------------------------------------------------------
// The package: JSON and CSV per dataset, and a readable summary in the subject's language.
// ---------------------------------------------------------------------------------------------


export function summaryHtml(data: SubjectExport, locale: Locale, orgName: string, generatedAt: Date): string {
  const p = (k: string, params?: Record<string, string | number>) => escapeHtml(t(locale, `privacy.export.${k}`, params));
  const sections = Object.entries(data)
    .map(([module, datasets]) =>
      Object.entries(datasets)
        .map(([name, rows]) => {
          const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
          const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
          const body = rows.map((r) => `<tr>${columns.map((c) => `<td>${escapeHtml(r[c] === null || r[c] === undefined ? '' : typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c]))}</td>`).join('')}</tr>`).join('\n');
          return `<section><h2>${escapeHtml(module)} — ${escapeHtml(name)}</h2><p>${p('rows', { count: rows.length })}</p><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
        })
        .join('\n'),
    )
    .join('\n');
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${p('title', { org: orgName })}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5}table{border-collapse:collapse}th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left}</style></head>
<body><main><h1>${p('title', { org: orgName })}</h1><p>${p('intro', { date: generatedAt.toISOString().slice(0, 10) })}</p><p>${p('files')}</p>
${sections || `<p>${p('empty')}</p>`}</main></body></html>`;
}

/** The zip of an access/portability request (GDPR Art. 15(3), 20: structured, machine-readable). */
export function buildZip(data: SubjectExport, locale: Locale, orgName: string, generatedAt: Date): Uint8Array {
  const files: Record<string, Uint8Array> = { 'summary.html': strToU8(summaryHtml(data, locale, orgName, generatedAt)) };
  for (const [module, datasets] of Object.entries(data)) {
    for (const [name, rows] of Object.entries(datasets)) {
      // Documents go in as files of their own (files/<module>/<n>-<name>); records name the path.
      const withPaths = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => {
            if (!(value instanceof ExportedFile)) return [key, value];
            const path = `files/${module}/${Object.keys(files).filter((f) => f.startsWith(`files/${module}/`)).length + 1}-${safeFilename(value.filename)}`;
            files[path] = value.bytes;
            return [key, path];
          }),
        ),
      );
      files[`json/${module}/${name}.json`] = strToU8(JSON.stringify(withPaths, null, 2));
      files[`csv/${module}/${name}.csv`] = strToU8(recordsToCsv(withPaths));
    }
  }
  return zipSync(files, { level: 6, mtime: generatedAt });
}

/** A file name safe in any unzip tool: no directories, no control or reserved characters. */
function safeFilename(name: string): string {
  const cleaned = [...name]
    .map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '')
    .trim();
  return cleaned.slice(-120) || 'file';
}
