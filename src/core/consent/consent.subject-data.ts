import type { SubjectDataHandler } from '../module.ts';
import * as repo from './consent.repo.ts';
import { getConsentIndex, hubOf } from './consent.service.ts';

/** What the consent module holds on a subject: the ledger with its proofs, current states, restrictions. */
export const consentSubjectData: SubjectDataHandler = {
  tables: ['consent_events', 'consent_states', 'consent_restrictions', 'privacy_otps', 'privacy_link_uses'],
  async export(deps, orgId, subjectId) {
    const [events, states, restrictions, purposes] = await Promise.all([
      repo.findEvents(deps.db, orgId, { customerId: subjectId }),
      repo.findStates(deps.db, orgId, subjectId),
      repo.findRestrictions(deps.db, orgId, subjectId),
      repo.findPurposes(deps.db, orgId),
    ]);
    const key = (id: string) => purposes.find((p) => p.id === id)?.key ?? id;
    return {
      consent_events: events.map((e) => ({
        id: e.id,
        purpose: key(e.purposeId),
        channel: e.channel,
        kind: e.kind,
        noticeVersion: e.noticeVersion,
        method: e.method,
        source: e.source,
        occurredAt: e.occurredAt.toISOString(),
        expiresAt: e.expiresAt?.toISOString() ?? null,
        ipHash: e.ipHash,
        userAgentHash: e.userAgentHash,
        actorType: e.actorType,
        proofRef: e.proofRef,
        phoneNotice: e.phoneNotice,
        originalMethod: e.originalMethod,
      })),
      consent_states: states.map((s) => ({
        purpose: key(s.purposeId),
        channel: s.channel,
        kind: s.kind,
        noticeVersion: s.noticeVersion,
        since: s.occurredAt.toISOString(),
        evidence: s.eventId,
      })),
      restrictions: restrictions.map((r) => ({
        id: r.id,
        kind: r.kind,
        purpose: r.purposeId ? key(r.purposeId) : null,
        source: r.source,
        createdAt: r.createdAt.toISOString(),
        liftedAt: r.liftedAt?.toISOString() ?? null,
      })),
    };
  },
  async erase(deps, tx, orgId, subjectId) {
    const erased = await repo.deleteSubject(tx, orgId, subjectId);
    // Other processes re-read the subject (and find nothing) once this transaction commits.
    await hubOf(deps).announce(tx, orgId, [{ subject: subjectId, apply: (index) => index.dropSubject(subjectId) }]);
    // The index forgets the subject now; were the transaction to roll back, a reload restores it.
    void getConsentIndex(deps, orgId).then((index) => index.dropSubject(subjectId));
    return { erased, held: [] };
  },
};
