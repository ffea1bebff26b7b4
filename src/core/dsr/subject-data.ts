/**
 * The subject-data registry: every module's exporter and eraser (manifest `subjectData`), plus the
 * foundation's customers and subject keys. Access and portability call every `export`; erasure
 * calls every `erase` in one transaction, then destroys the subject key (crypto-shredding).
 */
import { and, eq } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import type { Db } from '../../db/client.ts';
import type { Locale, RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { LegalHold, ModuleManifest, SubjectDataHandler } from '../module.ts';
import { modules } from '../modules.ts';
import { customers } from '../customers/customers.tables.ts';
import { findCustomerById } from '../customers/customers.repo.ts';
import { revealCustomer } from '../customers/customers.service.ts';
import { t } from '../../i18n/index.ts';
import { escapeHtml } from '../../../web/portal/html.ts';

/** The customer record and its data key (foundation tables that predate the registry). */
export const customersSubjectData: SubjectDataHandler = {
  tables: ['customers', 'subject_keys'],
  async export(deps, orgId, subjectId) {
    const row = await findCustomerById(deps.db, orgId, subjectId);
    if (!row || row.erasedAt) return { customer: [] };
    const c = await revealCustomer(deps, deps.db, row);
    return { customer: [{ id: c.id, email: c.email, name: c.name, phone: c.phone, locale: c.locale, timezone: c.timezone, createdAt: c.createdAt.toISOString() }] };
  },
  async erase(deps, tx, orgId, subjectId) {
    // The row stays as the erasure record: no identity, no lookup hash, only the date (Art. 17, 5(2)).
    const rows = await tx
      .update(customers)
      .set({ emailLookup: null, emailEnc: null, nameEnc: null, phoneEnc: null, erasedAt: deps.clock.now(), updatedAt: deps.clock.now() })
      .where(and(eq(customers.orgId, orgId), eq(customers.id, subjectId)))
      .returning({ id: customers.id });
    return { erased: rows.length, held: [] };
  },
};

export interface NamedHandler {
  module: string;
  handler: SubjectDataHandler;
}

/** Every registered handler, the customers one first. */
export function subjectDataHandlers(list: readonly ModuleManifest[] = modules): NamedHandler[] {
  return [{ module: 'customers', handler: customersSubjectData }, ...list.filter((m) => m.subjectData).map((m) => ({ module: m.name, handler: m.subjectData! }))];
}

export type SubjectExport = Record<string, Record<string, Record<string, unknown>[]>>;

/** Everything held on the subject, by module and dataset; empty datasets left out. */
export async function exportSubject(deps: Deps, orgId: string, subjectId: string, handlers = subjectDataHandlers()): Promise<SubjectExport> {
  const out: SubjectExport = {};
  for (const { module, handler } of handlers) {
    const data = await handler.export(deps, orgId, subjectId);
    const kept = Object.entries(data).filter(([, rows]) => rows.length > 0);
    if (kept.length > 0) out[module] = Object.fromEntries(kept);
  }
  return out;
}

/**
 * Erases the subject in the caller's transaction: every handler, then the subject key. Returns
 * the number of rows removed and the legal holds (what was kept, and why).
 */
export async function eraseSubject(deps: Deps, tx: Db, ctx: RequestContext, orgId: string, subjectId: string, handlers = subjectDataHandlers()): Promise<{ erased: number; held: LegalHold[] }> {
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

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Cells starting with = + - @ are prefixed so spreadsheets do not run them as formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

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
      files[`json/${module}/${name}.json`] = strToU8(JSON.stringify(rows, null, 2));
      files[`csv/${module}/${name}.csv`] = strToU8(toCsv(rows));
    }
  }
  return zipSync(files, { level: 6, mtime: generatedAt });
}
