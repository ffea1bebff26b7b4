import type { SubjectDataHandler } from '../module.ts';
import * as repo from './contact.repo.ts';

/** The contact history of a subject (GDPR Art. 15, 20): every attempt, its outcome and decision. */
export const contactSubjectData: SubjectDataHandler = {
  tables: ['contact_attempts'],
  async export(deps, orgId, subjectId) {
    const rows = await repo.findAttempts(deps.db, orgId, subjectId, 100_000);
    return {
      contact_attempts: rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        purpose: r.purpose,
        outcome: r.outcome,
        occurredAt: r.occurredAt.toISOString(),
        source: r.source,
        allowed: r.allowed,
        reasons: r.reasons,
        rules: r.rules,
        evidence: r.evidence,
        declared: r.declared,
      })),
    };
  },
  async erase(_deps, tx, orgId, subjectId) {
    // No legal hold: the history only serves the caps and the proof of lawful contact, which
    // end with the person (their refusals no longer need honouring once no data is left to call).
    return { erased: await repo.deleteSubject(tx, orgId, subjectId), held: [] };
  },
};
