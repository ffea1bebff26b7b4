/** Pure DTOs of the contact guard. */
import { callingWindowsText } from '../../rules/contact/index.ts';
import type { ContactAttemptRow, OppositionListRow } from './contact.repo.ts';
import type { ContactAttemptDto, ContactDecisionDto, ContactDecisionsDto, OppositionListDto } from './contact.schemas.ts';
import type { ContactCheck } from './contact.service.ts';
import type { PhoneConsentDto } from './contact.schemas.ts';
import type { PhoneConsentView } from './phone-consent.service.ts';

// The same for every decision of the French pack: made once.
const CALLING_WINDOWS = callingWindowsText();

// The instants of a batch are mostly one or two (the instant asked, the next window): the last
// few written are kept, so a batch writes each once.
const isoWritten = new Map<number, string>();

function iso(instant: Date): string {
  const ms = instant.getTime();
  let text = isoWritten.get(ms);
  if (text === undefined) {
    if (isoWritten.size >= 64) isoWritten.clear();
    isoWritten.set(ms, (text = instant.toISOString()));
  }
  return text;
}

export function presentDecision(check: ContactCheck): ContactDecisionDto {
  return {
    allowed: check.decision.allowed,
    at: iso(check.at),
    tz: check.tz,
    judgedOn: check.decision.judgedOn,
    reasons: check.reasons,
    rules: [...check.decision.rules],
    evidence: check.evidence,
    nextAllowedAt: check.nextAllowedAt === null ? null : iso(check.nextAllowedAt),
    callingWindows: [...CALLING_WINDOWS],
  };
}

/**
 * `{"items":[...]}` as the batch check answers it (ContactDecisionsDtoSchema), written as JSON at
 * once: the DTO type already holds each answer to the schema, and checking 1,000 answers again
 * field by field is most of what a batch would cost after its one round trip.
 */
export function presentDecisionsJson(items: ContactDecisionDto[]): string {
  return JSON.stringify({ items } satisfies ContactDecisionsDto);
}

export function presentAttempt(row: ContactAttemptRow, withdrawals?: readonly string[]): ContactAttemptDto {
  return {
    id: row.id,
    customerId: row.customerId,
    channel: row.channel,
    purpose: row.purpose,
    outcome: row.outcome,
    occurredAt: row.occurredAt.toISOString(),
    source: row.source,
    sourceRef: row.sourceRef,
    allowed: row.allowed,
    reasons: row.reasons,
    rules: row.rules,
    evidence: row.evidence,
    ...(withdrawals ? { withdrawals: [...withdrawals] } : {}),
  };
}

export function presentOppositionList(row: OppositionListRow): OppositionListDto {
  return {
    id: row.id,
    country: row.country,
    name: row.name,
    extractedOn: row.extractedOn,
    status: row.status,
    entries: row.entries,
    rejected: row.rejected,
    fileHash: row.fileHash,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/** The agent's phone consent screen: the notice to read out (its key, version, article and text key) and each purpose's state. */
export function presentPhoneConsent(view: PhoneConsentView): PhoneConsentDto {
  return {
    customerId: view.customerId,
    notice: view.notice ? { key: view.notice.key, version: view.notice.version, ref: view.notice.ref, textKey: view.notice.textKey } : null,
    purposes: view.purposes.map((p) => ({ ...p })),
  };
}
