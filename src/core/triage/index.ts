/**
 * Complaint triage: a local, deterministic fr/en classifier suggesting category, urgency and
 * sentiment (docs/TRIAGE.md). A capability without routes or tables of its own, so no manifest:
 * complaints calls it at intake and keeps its suggestions.
 */

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { shippedTriageModel, suggestTriage } from './triage.ts';
export type { TaskSuggestion, TriageLanguage, TriageModel, TriageRecord, TriageSuggestion } from './triage.ts';

