import type { Actor, Locale } from '../context.ts';
import { MESSAGE_SCORE_THRESHOLD } from './messages.classifier.ts';
import { checkMessage, type CheckResult } from './messages.check.ts';
import { abilitiesOf, approvalRequired } from './messages.policy.ts';
import { replacementFor } from './messages.replacements.ts';
import type { ApprovalView } from './messages.repo.ts';
import type { ApprovalDto, CheckResultDto } from './messages.schemas.ts';
import type { StoredFinding } from './messages.tables.ts';

/** The check of `text` as the API returns it (the rule ids and the classifier's own score stay inside). */
export function presentCheck(result: CheckResult, text: string, id?: string): CheckResultDto {
  return {
    ...(id === undefined ? {} : { id }),
    lang: result.lang,
    flagged: result.flagged,
    score: result.score,
    threshold: MESSAGE_SCORE_THRESHOLD,
    findings: result.findings.map(({ category, start, end, severity, rule, message, suggestion }) => ({
      category,
      start,
      end,
      severity,
      rule,
      message,
      suggestion,
      replacement: replacementFor(category, result.lang, text.slice(start, end)),
    })),
  };
}

/**
 * A request as the ethics officer reads it: the findings stored at submission, each explained and
 * its rule cited in the reader's language by checking the stored text again (the checker is deterministic, so the
 * same span finds the same words; a finding the current checker no longer makes keeps its code).
 */
export function presentApproval(view: ApprovalView, locale: Locale, actor: Actor): ApprovalDto {
  const now = checkMessage({ text: view.text, type: view.type, lang: view.lang }, { locale });
  const explain = (f: StoredFinding) => now.findings.find((n) => n.category === f.category && n.start === f.start && n.end === f.end);
  return {
    id: view.id,
    text: view.text,
    type: view.type,
    lang: view.lang,
    campaign: view.campaign,
    findings: view.findings.map((f) => {
      const e = explain(f);
      // The rule is cited in the reader's language too (it was stored in the submitter's).
      return {
        ...f,
        rule: e?.rule ?? f.rule,
        message: e?.message ?? '',
        suggestion: e?.suggestion ?? '',
        replacement: replacementFor(f.category, view.lang, view.text.slice(f.start, f.end)),
      };
    }),
    required: approvalRequired(view.type, view.campaign, view.findings),
    status: view.status,
    requestedBy: view.requestedBy,
    requesterName: view.requesterName,
    requestedAt: view.requestedAt.toISOString(),
    decidedBy: view.decidedBy,
    deciderName: view.deciderName,
    decidedAt: view.decidedAt?.toISOString() ?? null,
    decisionReason: view.decisionReason,
    abilities: abilitiesOf(actor, view),
  };
}
