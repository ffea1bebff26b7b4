/**
 * Triage wired into complaint handling: the suggestion computed at intake (from the text, before
 * it is encrypted), the prefill of the agent's assessment, whether the agent kept each suggested
 * field, and the export of the agent's confirmed labels as training records. The model only ever
 * suggests: the complaint's category, urgency and sentiment are what the agent chose.
 */
import type { Logger } from 'pino';
import { shippedTriageModel, suggestTriage, type TaskSuggestion, type TriageLanguage, type TriageModel, type TriageSuggestion } from '../triage/index.ts';
import type { COMPLAINT_CATEGORIES, COMPLAINT_SENTIMENTS, COMPLAINT_URGENCIES, StoredTriage, StoredTriageTask } from './complaints.tables.ts';

/** The fields the model suggests and the agent confirms (the training labels). */
export const TRIAGED_FIELDS = ['category', 'urgency', 'sentiment'] as const;
export type TriagedField = (typeof TRIAGED_FIELDS)[number];

/**
 * Keeps only reasons that cannot carry the customer's own words: tone signals, and words that are
 * themselves in the model's vocabulary. A word the model does not know can still weigh through its
 * character n-grams (a surname sharing "pont" with "pont"), and must not reach a non-personal column.
 */
function storedTask(model: TriageModel, task: TaskSuggestion<string>): StoredTriageTask {
  return {
    label: task.label,
    confidence: task.confidence,
    probabilities: { ...task.probabilities },
    reasons: task.reasons.filter((r) => r.kind === 'signal' || model.index.has(`w:${r.text}`)).map((r) => ({ kind: r.kind, text: r.text, weight: r.weight })),
  };
}

/** The part of a suggestion that is stored on the complaint. */
export function toStoredTriage(model: TriageModel, s: TriageSuggestion): StoredTriage {
  return {
    model: s.model,
    language: s.language,
    evidence: s.evidence,
    category: storedTask(model, s.category),
    urgency: storedTask(model, s.urgency),
    sentiment: storedTask(model, s.sentiment),
  };
}

/**
 * The suggestion for a complaint at intake, or null. Never throws: triage must never block a
 * complaint. A failure is logged with its reason only (the text is personal and stays out of logs).
 */
export function suggestForIntake(log: Pick<Logger, 'warn'>, text: string, language: string, model: TriageModel = shippedTriageModel()): StoredTriage | null {
  try {
    // suggestTriage checks the language itself (RangeError outside fr/en): caught below.
    return toStoredTriage(model, suggestTriage(text, language as TriageLanguage, model));
  } catch (error) {
    log.warn({ reason: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown', language }, 'complaint triage skipped');
    return null;
  }
}

type Category = (typeof COMPLAINT_CATEGORIES)[number];
type Urgency = (typeof COMPLAINT_URGENCIES)[number];
type Sentiment = (typeof COMPLAINT_SENTIMENTS)[number];

/** What the assessment form starts from. */
export interface AssessmentPrefill {
  category: Category;
  urgency: Urgency;
  sentiment: Sentiment | null;
}

/**
 * The assessment form's starting values: the agent's earlier choices when the complaint was
 * already assessed, else the suggestion. Urgency only ever goes up from the suggestion: a
 * suggested "normal" never lowers an urgency already set (by a rule or an earlier assessment) nor
 * the urgency a vulnerability flag calls for, because the model misses most urgent complaints
 * (recall about 30 %, docs/TRIAGE.md).
 */
export function assessmentPrefill(c: { category: Category; urgency: Urgency; sentiment: Sentiment | null; vulnerabilities: readonly string[]; assessedAt: Date | null; triage: StoredTriage | null }): AssessmentPrefill {
  if (c.assessedAt || !c.triage) return { category: c.category, urgency: c.urgency, sentiment: c.sentiment };
  const floor: Urgency = c.urgency === 'urgent' || c.vulnerabilities.length > 0 ? 'urgent' : 'normal';
  return {
    category: c.triage.category.label as Category,
    urgency: floor === 'urgent' ? 'urgent' : (c.triage.urgency.label as Urgency),
    sentiment: c.triage.sentiment.label as Sentiment,
  };
}

/**
 * For each suggested field, whether the agent's final value is the suggested label (true) or not
 * (false); null without a suggestion. Field names and booleans only: this goes to the audit log.
 */
export function suggestionOutcome(triage: StoredTriage | null, final: { category: string; urgency: string; sentiment: string | null }): Record<TriagedField, boolean> | null {
  if (!triage) return null;
  return {
    category: final.category === triage.category.label,
    urgency: final.urgency === triage.urgency.label,
    sentiment: final.sentiment === triage.sentiment.label,
  };
}
