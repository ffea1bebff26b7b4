/**
 * What the breach register holds about a customer: the breaches they were told of (GDPR Art. 34).
 * Erasure keeps those rows under a legal hold: they prove the controller told the subject
 * (GDPR Art. 5(2) accountability, Art. 17(3)(b) legal obligation); they hold ids and dates only.
 */
import type { SubjectDataHandler } from '../module.ts';
import * as repo from './breaches.repo.ts';

export const breachSubjectData: SubjectDataHandler = {
  tables: ['breach_subject_notices'],
  async export(deps, orgId, subjectId) {
    const rows = await repo.findNoticesOfSubject(deps.db, orgId, subjectId);
    return { breach_notices: rows.map((r) => ({ breachId: r.breachId, reference: r.reference, title: r.title, language: r.locale, sentAt: r.queuedAt.toISOString() })) };
  },
  async erase(_deps, tx, orgId, subjectId) {
    const rows = await repo.findNoticesOfSubject(tx, orgId, subjectId);
    return {
      erased: 0,
      held: rows.map((r) => ({ table: 'breach_subject_notices', id: r.id, reason: 'proof that the subject was told of a personal-data breach (GDPR Art. 34, 5(2)); ids and dates only' })),
    };
  },
};
