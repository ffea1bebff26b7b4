/**
 * The CSR report of one calendar year: every figure of reporting.figures.ts for the year and the
 * year before, the ethics officer's texts, and the monthly series its charts draw. Figures come
 * from the KPIs' stored daily values and from records (reporting.sources.ts); a figure without a
 * source of data (no KPI refresh yet, a year before the organisation used the product, a year not
 * begun) is null, printed "no data yet", never a number made up.
 */
import { readFileSync } from 'node:fs';
import { actorId, requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import type { Bilingual, KpiDefinition, KpiUnit } from '../module.ts';
import { dayIn, findPeriodFigures, meetsTarget, type KpiFigures, type KpiPeriod } from '../kpi/index.ts';
import { findOrganisationById, type OrganisationRow } from '../organisations/index.ts';
import { CSR_SECTIONS, type FigureDefinition, type SectionId } from './reporting.figures.ts';
import { customerDataLeaks, fineAmounts, purposesWithNotice, type Amount } from './reporting.sources.ts';
import * as repo from './reporting.repo.ts';
import type { NarrativeInput } from './reporting.schemas.ts';

/** The versioned mapping of figures to GRI disclosures and ESRS datapoints (read once: a pure file). */
export interface FigureMapping {
  framework: 'GRI' | 'ESRS';
  id: string;
  disclosure?: string;
  status: 'checked' | 'verify';
  note?: string;
}
export interface CsrMapping {
  version: string;
  about: string;
  figures: Record<string, FigureMapping>;
}
export const CSR_MAPPING: CsrMapping = JSON.parse(readFileSync(new URL('./csr-mapping.json', import.meta.url), 'utf8')) as CsrMapping;

export interface FigureValue {
  definition: FigureDefinition;
  /** A number, or amounts per currency for `money`; null: no data yet. */
  value: number | Amount[] | null;
  previous: number | Amount[] | null;
  /** The KPI whose definition page explains the figure. */
  kpi: { key: string; name: Bilingual; unit: KpiUnit; target: KpiDefinition['target'] } | null;
  /** Back-office paths: the KPI's page (definition and drill-down) and the records behind the figure. */
  definitionPath: string | null;
  recordsPath: string | null;
  mapping: FigureMapping;
}

export interface TargetLine {
  key: string;
  name: Bilingual;
  unit: KpiUnit;
  target: NonNullable<KpiDefinition['target']>;
  value: number | null;
  met: boolean | null;
}

export interface CsrReport {
  organisation: { name: string; slug: string };
  period: string;
  range: KpiPeriod;
  previousRange: KpiPeriod;
  /** When the KPI values were last brought up to date (null: never). */
  refreshedAt: Date | null;
  generatedAt: Date;
  introduction: Bilingual & { present: boolean };
  sections: {
    id: SectionId;
    title: Bilingual;
    scope: Bilingual;
    narrative: { fr: string | null; en: string | null };
    figures: FigureValue[];
  }[];
  targets: TargetLine[];
  charts: {
    /** Complaints received per month, this year and the one before (S4-3). */
    complaintsByMonth: { month: string; value: number | null; previous: number | null }[];
  };
  mappingVersion: string;
}

const PERIOD = /^(\d{4})$/;

/** The calendar year `period` (`2026`) as local days; a clear 400 for anything else. */
export function yearRange(period: string): { range: KpiPeriod; previousRange: KpiPeriod } {
  const match = PERIOD.exec(period);
  const year = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('validation', {}, [{ path: 'period', code: 'invalid_value' }]);
  return { range: { from: `${year}-01-01`, to: `${year}-12-31` }, previousRange: { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` } };
}

/**
 * Whether a year can hold data: not before the organisation's first day in the product (its
 * zero would be made up), nor one not yet begun.
 */
function hasData(org: OrganisationRow, range: KpiPeriod, today: string): boolean {
  return range.to >= dayIn(org.createdAt, org.timezone) && range.from <= today;
}

const fill = (path: string, range: KpiPeriod) => path.replace('{from}', range.from).replace('{to}', range.to);

/** Builds the CSR report of `period` for an organisation (CLI and routes; permissions are the caller's). */
export async function buildCsrReport(deps: Deps, orgId: string, period: string): Promise<CsrReport> {
  const { range, previousRange } = yearRange(period);
  const org = await findOrganisationById(deps.db, orgId);
  if (!org) throw notFound('organisation');
  const tz = org.timezone;
  const today = dayIn(deps.clock.now(), tz);
  const current = await findPeriodFigures(deps, orgId, range, 'month');
  const before = await findPeriodFigures(deps, orgId, previousRange, 'month');
  const known = { current: hasData(org, range, today), previous: hasData(org, previousRange, today) };
  const byKey = (items: KpiFigures[]) => new Map(items.map((f) => [f.definition.key, f]));
  const kpisNow = byKey(current.items);
  const kpisBefore = byKey(before.items);

  const kpiValue = (f: KpiFigures | undefined, dimension: string | undefined, which: 'value' | 'previous'): number | null => {
    if (!f) return null;
    if (!dimension) return f[which];
    // A breakdown value absent from the stored rows is a count of zero, once the KPI has data at all.
    const row = f.breakdown.find((b) => b.dimension === dimension);
    if (row) return row[which];
    return f[which] === null ? null : 0;
  };

  const records = async (def: FigureDefinition, r: KpiPeriod): Promise<number | Amount[] | null> => {
    if (def.source.kind !== 'records') return null;
    switch (def.source.source) {
      case 'fine_amounts':
        return fineAmounts(deps.db, orgId, r);
      case 'customer_data_leaks':
        return customerDataLeaks(deps.db, orgId, r, tz);
      case 'purposes_with_notice':
        return purposesWithNotice(deps.db, orgId, r, tz);
      case 'targets_met':
      case 'targets_judged':
        return null; // filled from the other figures below
    }
  };

  const narratives = await repo.findNarratives(deps.db, orgId, period);
  const text = (section: string, locale: Locale) => narratives.find((n) => n.section === section && n.locale === locale)?.body ?? null;

  const sections: CsrReport['sections'] = [];
  for (const s of CSR_SECTIONS) {
    const figures: FigureValue[] = [];
    for (const def of s.figures) {
      const kpiKey = def.source.kind === 'kpi' ? def.source.key : (def.relatedKpi ?? null);
      const kpiNow = kpiKey ? kpisNow.get(kpiKey) : undefined;
      let value: FigureValue['value'];
      let previous: FigureValue['previous'];
      if (def.source.kind === 'kpi') {
        value = kpiValue(kpiNow, def.source.dimension, 'value');
        // The year before is read from its own query (its value is that query's `value`).
        previous = kpiValue(kpisBefore.get(def.source.key), def.source.dimension, 'value');
      } else {
        value = await records(def, range);
        previous = await records(def, previousRange);
      }
      const mapping = CSR_MAPPING.figures[def.id];
      if (!mapping) throw new Error(`figure ${def.id} has no entry in csr-mapping.json`);
      figures.push({
        definition: def,
        value: known.current ? value : null,
        previous: known.previous ? previous : null,
        kpi: kpiNow ? { key: kpiNow.definition.key, name: kpiNow.definition.name, unit: kpiNow.definition.unit, target: kpiNow.definition.target } : null,
        definitionPath: kpiKey ? `/app/kpis/${encodeURIComponent(kpiKey)}?from=${range.from}&to=${range.to}` : null,
        recordsPath: def.recordsPath
          ? fill(def.recordsPath, range)
          : def.source.kind === 'kpi' && kpiNow?.definition.drill
            ? `/app/kpis/${encodeURIComponent(def.source.key)}?from=${range.from}&to=${range.to}${def.source.dimension ? `&dimension=${encodeURIComponent(def.source.dimension)}` : ''}#records`
            : null,
        mapping,
      });
    }
    sections.push({ id: s.id, title: s.title, scope: s.scope, narrative: { fr: text(s.id, 'fr'), en: text(s.id, 'en') }, figures });
  }

  // ESRS S4-5: the report's KPIs that have a target, judged on this year's value.
  const reported = [...new Set(sections.flatMap((s) => s.figures).flatMap((f) => (f.definition.source.kind === 'kpi' && !f.definition.source.dimension ? [f.definition.source.key] : [])))];
  const targets: TargetLine[] = reported.flatMap((key) => {
    const f = kpisNow.get(key);
    // The year's objective set by the organisation when there is one, else the catalogue's target.
    const target = f?.target ?? null;
    if (!f || !target) return [];
    const value = known.current ? f.value : null;
    return [{ key, name: f.definition.name, unit: f.definition.unit, target, value, met: value === null ? null : meetsTarget(value, target) }];
  });
  const s45 = sections.find((s) => s.id === 's4_5');
  for (const f of s45?.figures ?? []) {
    if (!known.current) continue;
    const judged = targets.filter((t) => t.met !== null);
    f.value = f.definition.id === 's4_5.targets_met' ? judged.filter((t) => t.met).length : judged.length;
  }

  const received = kpisNow.get('complaints.received');
  const receivedBefore = kpisBefore.get('complaints.received');
  const complaintsByMonth = (received?.trend ?? []).map((b, i) => ({
    month: b.bucket,
    value: known.current ? b.value : null,
    previous: known.previous ? (receivedBefore?.trend[i]?.value ?? null) : null,
  }));
  return {
    organisation: { name: org.name, slug: org.slug },
    period,
    range,
    previousRange,
    refreshedAt: current.view.refreshedAt,
    generatedAt: deps.clock.now(),
    introduction: { fr: text('introduction', 'fr') ?? '', en: text('introduction', 'en') ?? '', present: Boolean(text('introduction', 'fr') ?? text('introduction', 'en')) },
    sections,
    targets,
    charts: { complaintsByMonth },
    mappingVersion: CSR_MAPPING.version,
  };
}

/** The CSR report of the caller's organisation. */
export function getCsrReport(deps: Deps, ctx: RequestContext, period: string): Promise<CsrReport> {
  return buildCsrReport(deps, requireOrg(ctx), period);
}

/** Writes the ethics officer's text of one section, period and language (audited); an empty text removes it. */
export async function updateNarrative(deps: Deps, ctx: RequestContext, input: NarrativeInput): Promise<void> {
  const orgId = requireOrg(ctx);
  yearRange(input.period);
  const body = input.body.trim();
  await deps.db.transaction(async (tx) => {
    if (body === '') await repo.deleteNarrative(tx, orgId, input.period, input.section, input.locale);
    else await repo.upsertNarrative(tx, { orgId, period: input.period, section: input.section, locale: input.locale, body, updatedBy: actorId(ctx.actor), updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, {
      type: 'csr_report.narrative_updated',
      payload: { period: input.period, section: input.section, locale: input.locale, cleared: body === '' },
    });
  });
}
