/** Pure DTOs of the CSR report: figures written in the reader's language, "no data yet" for null. */
import { hasPermission, type Actor, type Locale } from '../context.ts';
import { t } from '../../i18n/index.ts';
import { formatMoney } from '../../i18n/money.ts';
import type { CsrReport, FigureValue } from './reporting.service.ts';
import type { CsrReportDto } from './reporting.schemas.ts';

export { CsrReportDtoSchema } from './reporting.schemas.ts';

const tag = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'fr-FR');

/** A figure's number as printed: its unit in words, rounded like the dashboard; "no data yet" for null. */
export function formatFigure(value: FigureValue['value'], unit: string, locale: Locale): string {
  if (value === null) return t(locale, 'reporting.noData');
  if (Array.isArray(value)) return value.length === 0 ? formatMoney(locale, 0) : value.map((a) => formatMoney(locale, a.cents, a.currency)).join(' + ');
  const n = new Intl.NumberFormat(tag(locale), { maximumFractionDigits: unit === 'count' ? 0 : 1 }).format(value);
  switch (unit) {
    case 'percent':
      return `${n}${locale === 'fr' ? '\u202f%' : '%'}`;
    case 'hours':
    case 'days':
      return t(locale, `reporting.units.${unit}`, { count: value, value: n });
    case 'per_1000':
      return t(locale, 'reporting.units.per_1000', { value: n });
    default:
      return n;
  }
}

export function presentCsrReport(report: CsrReport, locale: Locale, viewer: Actor | null): CsrReportDto {
  return {
    schema: 'confiance.csr-report/1',
    mappingVersion: report.mappingVersion,
    organisation: report.organisation,
    locale,
    period: report.period,
    range: report.range,
    previousRange: report.previousRange,
    generatedAt: report.generatedAt.toISOString(),
    refreshedAt: report.refreshedAt?.toISOString() ?? null,
    introduction: { fr: report.introduction.fr, en: report.introduction.en },
    sections: report.sections.map((s) => ({
      id: s.id,
      title: s.title[locale],
      scope: s.scope[locale],
      narrative: s.narrative,
      figures: s.figures.map((f) => ({
        id: f.definition.id,
        label: f.definition.label[locale],
        unit: f.definition.unit,
        value: f.value,
        previous: f.previous,
        text: formatFigure(f.value, f.definition.unit, locale),
        previousText: formatFigure(f.previous, f.definition.unit, locale),
        kpiKey: f.kpi?.key ?? null,
        definitionPath: f.definitionPath,
        recordsPath: f.recordsPath,
        mapping: { framework: f.mapping.framework, id: f.mapping.id, disclosure: f.mapping.disclosure ?? null, status: f.mapping.status },
      })),
    })),
    targets: report.targets.map((x) => ({
      key: x.key,
      name: x.name[locale],
      unit: x.unit,
      direction: x.target.direction,
      target: x.target.value,
      value: x.value,
      met: x.met,
    })),
    charts: { complaintsByMonth: report.charts.complaintsByMonth },
    abilities: { editNarrative: viewer ? hasPermission(viewer, 'report:generate') : false },
  };
}
