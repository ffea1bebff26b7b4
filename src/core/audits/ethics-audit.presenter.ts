/** Pure, synchronous: ethics audits and templates to DTOs in the viewer's language. */
import type { Locale } from '../context.ts';
import { presentFindingSummary } from './audits.presenter.ts';
import { auditAbilities } from './ethics-audit.policy.ts';
import type { AuditListView, AuditView } from './ethics-audit.queries.ts';
import type { AnswerRow, AuditRow } from './ethics-audit.repo.ts';
import type { AuditDto, AuditSummaryDto, TemplateDto } from './ethics-audit.schemas.ts';
import { checklistItems, findTemplate, refIn, type AuditTemplate } from './ethics-audit.templates.ts';

export function presentTemplate(t: AuditTemplate, locale: Locale): TemplateDto {
  return {
    key: t.key,
    version: t.version,
    title: t.title[locale],
    description: t.description[locale],
    items: checklistItems(t.sections).length,
    sections: t.sections.map((s) => ({
      key: s.key,
      title: s.title[locale],
      items: s.items.map((i) => ({ itemKey: `${s.key}.${i.key}`, ref: i.ref[locale], question: i.question[locale] })),
    })),
  };
}

/** The audit's title: its template's, in the viewer's language (the template key when the template left the product). */
function titleOf(audit: AuditRow, locale: Locale): string {
  return findTemplate(audit.templateKey)?.title[locale] ?? audit.templateKey;
}

function progressOf(audit: AuditRow, answers: readonly AnswerRow[]) {
  const keys = new Set(checklistItems(audit.checklist).map((i) => i.itemKey));
  const mine = answers.filter((a) => keys.has(a.itemKey));
  return { answered: mine.length, total: keys.size, nonCompliant: mine.filter((a) => a.answer === 'non_compliant').length };
}

function summary(audit: AuditRow, answers: readonly AnswerRow[], openFindings: number, names: ReadonlyMap<string, string>, locale: Locale): AuditSummaryDto {
  return {
    id: audit.id,
    reference: audit.reference,
    templateKey: audit.templateKey,
    title: titleOf(audit, locale),
    scope: audit.scope,
    auditorId: audit.auditorId,
    auditorName: names.get(audit.auditorId) ?? null,
    startsOn: audit.startsOn,
    endsOn: audit.endsOn,
    status: audit.status,
    progress: progressOf(audit, answers),
    openFindings,
  };
}

export function presentAuditList(view: AuditListView, locale: Locale): AuditSummaryDto[] {
  return view.rows.map((a) => summary(a, view.answers.get(a.id) ?? [], view.openFindings.get(a.id) ?? 0, view.names, locale));
}

export function presentAudit(view: AuditView, locale: Locale): AuditDto {
  const { audit } = view;
  const answers = new Map(view.answers.map((a) => [a.itemKey, a]));
  const filesOf = (itemKey: string | null) =>
    view.files
      .filter((f) => f.itemKey === itemKey)
      .map((f) => ({ id: f.id, filename: f.filename, kind: f.kind, sizeBytes: f.sizeBytes, createdAt: f.createdAt.toISOString() }));
  const findingOf = new Map(view.findings.filter((f) => f.auditItem).map((f) => [f.auditItem as string, f.id]));
  const progress = progressOf(audit, view.answers);
  const openFindings = view.findings.filter((f) => f.status !== 'closed').length;
  return {
    ...summary(audit, view.answers, openFindings, view.names, locale),
    templateVersion: audit.templateVersion,
    description: findTemplate(audit.templateKey)?.description[locale] ?? '',
    conclusion: audit.conclusion,
    sections: audit.checklist.map((s) => ({
      key: s.key,
      title: s.title[locale],
      items: s.items.map((i) => {
        const itemKey = `${s.key}.${i.key}`;
        const a = answers.get(itemKey);
        return {
          itemKey,
          ref: refIn(audit.templateKey, itemKey, i.ref, locale),
          question: i.question[locale],
          guidance: i.guidance[locale],
          evidence: i.evidence[locale],
          answer: a ? { answer: a.answer, comment: a.comment, answeredAt: a.answeredAt.toISOString(), answeredBy: view.names.get(a.answeredBy) ?? null } : null,
          files: filesOf(itemKey),
          findingId: findingOf.get(itemKey) ?? null,
        };
      }),
    })),
    files: filesOf(null),
    findings: view.findings.map((f) => ({
      id: f.id,
      reference: f.reference,
      title: presentFindingSummary(f, locale).title,
      severity: f.severity,
      status: f.status,
      itemKey: f.auditItem,
      recommendation: typeof f.params.recommendation === 'string' ? f.params.recommendation : '',
      actions: view.actions
        .filter((a) => a.findingId === f.id)
        .map((a) => ({ id: a.id, title: a.title, ownerName: view.names.get(a.ownerId) ?? null, dueOn: a.dueOn, status: a.status, overdue: a.overdue })),
    })),
    auditors: view.auditors,
    closedAt: audit.closedAt?.toISOString() ?? null,
    abilities: auditAbilities(view.canManage, audit.status, progress.total - progress.answered),
  };
}
