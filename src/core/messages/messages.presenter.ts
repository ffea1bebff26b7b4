import { MESSAGE_SCORE_THRESHOLD } from './messages.classifier.ts';
import type { CheckResult } from './messages.check.ts';
import type { CheckResultDto } from './messages.schemas.ts';

/** The check as the API returns it (the rule ids and the classifier's own score stay inside). */
export function presentCheck(result: CheckResult, id?: string): CheckResultDto {
  return {
    ...(id === undefined ? {} : { id }),
    lang: result.lang,
    flagged: result.flagged,
    score: result.score,
    threshold: MESSAGE_SCORE_THRESHOLD,
    findings: result.findings.map(({ category, start, end, severity, rule, message, suggestion }) => ({ category, start, end, severity, rule, message, suggestion })),
  };
}
