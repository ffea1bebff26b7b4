/** Pure, synchronous: findings to DTOs in the viewer's language. */
import type { Locale } from '../context.ts';
import { t } from '../../i18n/index.ts';
import { actionAbilities, findingAbilities } from './audits.policy.ts';
import type { FindingView } from './audits.queries.ts';
import type { FindingRow } from './audits.repo.ts';
import type { FindingDto, FindingSummaryDto } from './audits.schemas.ts';

export function presentFindingSummary(f: FindingRow, locale: Locale): FindingSummaryDto {
  return {
    id: f.id,
    reference: f.reference,
    source: f.source,
    controlKey: f.controlKey,
    severity: f.severity,
    status: f.status,
    title: t(locale, f.titleKey, f.params),
    openedAt: f.openedAt.toISOString(),
    closedAt: f.closedAt?.toISOString() ?? null,
  };
}

export function presentFinding(view: FindingView, locale: Locale): FindingDto {
  const f = view.finding;
  return {
    ...presentFindingSummary(f, locale),
    explanation: t(locale, f.explanationKey, f.params),
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
