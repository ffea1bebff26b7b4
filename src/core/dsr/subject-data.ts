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
import { dateFormatter, t } from '../../i18n/index.ts';
import { ISO_DATE, ISO_INSTANT } from '../../i18n/dates.ts';
import { escapeHtml, html, type SafeHtml } from '../../../web/portal/html.ts';
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


/** Fields that identify records for machines (ids, hashes, file paths): kept in the JSON and CSV, not in the summary. */
const MACHINE_FIELD = /(^id$|Id$|^ids?$|hash|Hash|^key$|token|Token|^path$|checksum|sha256)/;
const MACHINE_VALUE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}|files\/.+)$/i;
/** A code as stored (`financial_hardship`, `upheld`, `email`): shown through the catalogues. */
const CODE = /^[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*$/;
/** Catalogues that already name the codes a field carries (`dataset.field` first, then `field`). */
const CODE_LABELS: Record<string, readonly string[]> = {
  'dsr_requests.status': ['privacy.dsrStatus'],
  'dsr_requests.type': ['privacy.dsrType'],
  'consent_events.kind': ['privacy.kind'],
  status: ['complaints.statuses', 'privacy.dsrStatus'],
  category: ['complaints.categories'],
  decision: ['complaints.decisions'],
  urgency: ['complaints.urgencies'],
  sentiment: ['complaints.sentiments'],
  vulnerabilities: ['complaints.vulnerabilities'],
  channel: ['privacy.channel', 'complaints.channels'],
  legalBasis: ['privacy.legalBasis'],
};
/** Tried for every code after the field's own catalogues. */
const ANY_CODE = ['privacy.export.value', 'complaints.remedies', 'complaints.rootCauses', 'complaints.pauseReasons'];

/**
 * The summary a customer reads (GDPR Art. 12(1): concise, intelligible, clear and plain language;
 * Art. 15): in their language, one section per kind of data under a plain heading, every record
 * as labelled lines, codes as words, dates written out, no identifiers, hashes or raw JSON. The
 * machine-readable copy for portability (Art. 20) is the JSON and CSV beside it in the zip.
 */
export function summaryHtml(data: SubjectExport, locale: Locale, orgName: string, generatedAt: Date, timeZone: string): string {
  const m = (k: string, params?: Record<string, string | number>) => t(locale, `privacy.export.${k}`, params);
  const dates = dateFormatter(locale, timeZone);
  const known = (key: string) => {
    const text = t(locale, key);
    return text === key ? null : text;
  };
  const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.-]+/g, ' ').toLowerCase();
  const label = (field: string) => known(`privacy.export.field.${field}`) ?? capitalise(words(field));
  const value = (dataset: string, field: string, v: unknown): SafeHtml | string | null => {
    if (v === null || v === undefined || v === '') return null;
    if (v instanceof ExportedFile) return v.filename || m('document');
    if (typeof v === 'boolean') return m(v ? 'yes' : 'no');
    if (typeof v === 'number') return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'fr-FR').format(v);
    if (v instanceof Date) return dates.dateTime(v);
    if (Array.isArray(v)) {
      const items = v.map((item) => value(dataset, field, item)).filter((x) => x !== null);
      return items.length === 0 ? null : html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`;
    }
    if (typeof v === 'object') return record(dataset, v as Record<string, unknown>);
    const text = String(v);
    if (MACHINE_VALUE.test(text)) return null;
    if (ISO_INSTANT.test(text)) return dates.dateTime(text);
    if (ISO_DATE.test(text)) return dates.date(text);
    if (field === 'locale' || field === 'language') return known(`privacy.export.language.${text}`) ?? text;
    if (field === 'timezone') return dates.zoneLabel(text);
    if (CODE.test(text) && !text.includes('@')) {
      for (const prefix of [...(CODE_LABELS[`${dataset}.${field}`] ?? []), ...(CODE_LABELS[field] ?? []), ...ANY_CODE]) {
        const found = known(`${prefix}.${text}`);
        if (found) return found;
      }
      return capitalise(words(text));
    }
    return text;
  };
  const record = (dataset: string, row: Record<string, unknown>): SafeHtml | null => {
    const lines = Object.entries(row)
      .filter(([field]) => !MACHINE_FIELD.test(field))
      .map(([field, v]) => [label(field), value(dataset, field, v)] as const)
      .filter((line): line is readonly [string, SafeHtml | string] => line[1] !== null);
    return lines.length === 0 ? null : html`<dl>${lines.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
  };
  const sections = Object.entries(data).flatMap(([module, datasets]) =>
    Object.entries(datasets).map(([name, rows]) => {
      const heading = known(`privacy.export.dataset.${name}`) ?? known(`privacy.export.dataset.${module}`) ?? capitalise(words(name));
      const records = rows.map((row) => record(name, row)).filter((r) => r !== null);
      return html`<section><h2>${heading}</h2><p>${m('rows', { count: rows.length })}</p>${records.map((r) => html`<div class="record">${r}</div>`)}</section>`;
    }),
  );
  const title = m('title', { org: orgName });
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${SUMMARY_CSS}</style></head>
${html`<body><main><h1>${title}</h1><p>${m('intro', { date: dates.date(generatedAt) })}</p><p>${m('files')}</p>
${sections.length > 0 ? sections : html`<p>${m('empty')}</p>`}</main></body>`.value}</html>`;
}

// A file opened from the zip has no server and no CSP: its styles travel inside it.
const SUMMARY_CSS = 'body{font-family:system-ui,sans-serif;margin:1rem;line-height:1.5;color:#1a1a1a;overflow-wrap:anywhere}main{max-width:48rem;margin:0 auto}h2{font-size:1.25rem;border-bottom:2px solid #1a1a1a;margin-top:2rem}.record{border:1px solid #767676;border-radius:.5rem;padding:.5rem 1rem;margin:0 0 1rem}dl{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.25rem 1rem;margin:0}dt{font-weight:600}dd{margin:0;white-space:pre-line}dd ul{margin:0;padding-left:1.25rem}@media (max-width:37.5em){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}';

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The zip of an access/portability request (GDPR Art. 15(3), 20: structured, machine-readable). */
export function buildZip(data: SubjectExport, locale: Locale, orgName: string, generatedAt: Date, timeZone: string): Uint8Array {
  const files: Record<string, Uint8Array> = { 'summary.html': strToU8(summaryHtml(data, locale, orgName, generatedAt, timeZone)), ...exportFiles(data) };
  return zipSync(files, { level: 6, mtime: generatedAt });
}

/** The machine-readable files of an export: JSON and CSV per dataset, and the subject's documents as files of their own. */
export function exportFiles(data: SubjectExport): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
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
  return files;
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
