import type { SubjectDataHandler } from '../module.ts';
import * as repo from './dsr.repo.ts';

/** The subject's requests and packages; erasure keeps erasure requests as the erasure record. */
export const dsrSubjectData: SubjectDataHandler = {
  tables: ['dsr_requests', 'dsr_exports'],
  async export(deps, orgId, subjectId) {
    const [requests, exports] = await Promise.all([repo.findRequests(deps.db, orgId, { customerId: subjectId }), repo.findExportsOfSubject(deps.db, orgId, subjectId)]);
    const rows = [];
    for (const r of requests) {
      rows.push({
        id: r.id,
        type: r.type,
        status: r.status,
        channel: r.channel,
        identityCheck: r.identityCheck,
        receivedAt: r.receivedAt.toISOString(),
        dueDate: r.dueDate,
        details: r.detailsEnc ? await deps.cipher.decrypt(deps.db, orgId, subjectId, 'dsr.details', r.detailsEnc) : null,
        extensionReason: r.extensionReason,
        refusalReason: r.refusalReason,
        closedAt: r.closedAt?.toISOString() ?? null,
        erasureOutcome: r.erasureOutcome ? (JSON.parse(r.erasureOutcome) as unknown) : null,
      });
    }
    return {
      dsr_requests: rows,
      dsr_exports: exports.map((e) => ({ id: e.id, requestId: e.requestId, createdAt: e.createdAt.toISOString(), expiresAt: e.expiresAt.toISOString(), downloadedAt: e.downloadedAt?.toISOString() ?? null })),
    };
  },
  async erase(_deps, tx, orgId, subjectId) {
    const { erased, kept } = await repo.deleteSubject(tx, orgId, subjectId);
    return {
      erased,
      held: kept.map((r) => ({ table: 'dsr_requests', id: r.id, reason: 'erasure record: proof that the request was received and answered (GDPR Art. 5(2), 12(3)); ids and dates only' })),
    };
  },
};
