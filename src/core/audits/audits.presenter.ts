/** Pure, synchronous: findings to DTOs in the viewer's language. */
import type { Locale } from '../context.ts';
import { hasMessage, t } from '../../i18n/index.ts';
import { actionAbilities, findingAbilities } from './audits.policy.ts';
import type { FindingView } from './audits.queries.ts';
import type { FindingRow } from './audits.repo.ts';
import type { MessageParams } from './audits.tables.ts';
import type { FindingDto, FindingSummaryDto } from './audits.schemas.ts';

/** Parameters whose values are codes, read in the viewer's language (`audits.codes.<param>.<code>`). */
const CODED = ['channel', 'clock', 'type', 'direction'] as const;

/**
 * A finding's message parameters as people read them: codes in words, a KPI by its name
 * (`kpiNames`, from the catalogue, in the viewer's language) rather than its key.
 */
function readable(params: MessageParams, locale: Locale, kpiNames: ReadonlyMap<string, string>): MessageParams {
  const out: MessageParams = { ...params };
  for (const key of CODED) {
    const code = params[key];
    if (typeof code === 'string' && hasMessage(`audits.codes.${key}.${code}`)) out[key] = t(locale, `audits.codes.${key}.${code}`);
  }
  if (typeof params.kpi === 'string') out.kpi = kpiNames.get(params.kpi) ?? params.kpi;
  // An audit finding from a checklist item carries the item's question in both languages (the audit's copy of its template).
  const question = params[`question_${locale}`];
  if (typeof question === 'string') out.question = question;
  // And its reference ("RGPD art. 5" / "GDPR Art. 5"); a finding raised before holds `ref` in French alone.
  const ref = params[`ref_${locale}`];
  if (typeof ref === 'string') out.ref = ref;
  // The contact guard's reason codes, in the words the contact pages use.
  if (typeof params.reasons === 'string' && params.reasons)
    out.reasons = params.reasons
      .split(', ')
      .map((code) => (hasMessage(`contact.reason.${code}`) ? t(locale, `contact.reason.${code}`) : code))
      .join(' ');
  return out;
}

export function presentFindingSummary(f: FindingRow, locale: Locale, kpiNames: ReadonlyMap<string, string> = new Map()): FindingSummaryDto {
  return {
    id: f.id,
    reference: f.reference,
    source: f.source,
    controlKey: f.controlKey,
    severity: f.severity,
    status: f.status,
    title: t(locale, f.titleKey, readable(f.params, locale, kpiNames)),
    openedAt: f.openedAt.toISOString(),
    closedAt: f.closedAt?.toISOString() ?? null,
  };
}

export function presentFinding(view: FindingView, locale: Locale): FindingDto {
  const f = view.finding;
  return {
    ...presentFindingSummary(f, locale, view.kpiNames),
    explanation: t(locale, f.explanationKey, readable(f.params, locale, view.kpiNames)),
    evidence: view.evidence,
    closure: f.closure
      ? { by: f.closure.by, on: f.closure.on, reason: t(locale, f.closure.reasonKey, { ...f.closure.params, on: f.closure.on }) }
      : null,
    actions: view.actions.map((a) => ({
      id: a.id,
      title: a.title,
      ownerId: a.ownerId,
      ownerName: a.ownerName,
      dueOn: a.dueOn,
      status: a.status,
      overdue: a.overdue,
      doneAt: a.doneAt?.toISOString() ?? null,
      abilities: actionAbilities(view.canManage, a.status),
    })),
    owners: view.owners,
    abilities: findingAbilities(view.canManage, { status: f.status, source: f.source, closesItself: view.closesItself }),
  };
}
