/**
 * What complaints hold about a customer, for access, portability and erasure requests.
 * Erasure keeps the complaint records under a legal hold (evidence for a possible claim, C. civ.
 * art. 2224: 5 years; GDPR Art. 17(3)(e)) but their personal text is unreadable once the
 * customer's key is destroyed (crypto-shredding by the customers module). Attached files are
 * deleted, and were unreadable anyway once the key is gone (their keys are wrapped by it).
 */
import { and, eq } from 'drizzle-orm';
import type { SubjectDataHandler } from '../module.ts';
import { complaints } from './complaints.tables.ts';
import * as repo from './complaints.repo.ts';
import { exportCustomerAttachments } from './complaints.attachments.service.ts';

export const complaintSubjectData: SubjectDataHandler = {
  tables: ['complaints', 'complaint_messages', 'complaint_attachments'],
  async export(deps, orgId, subjectId) {
    const rows = await deps.db.select().from(complaints).where(and(eq(complaints.orgId, orgId), eq(complaints.customerId, subjectId)));
    const dec = (field: string, value: string | null) => (value ? deps.cipher.decrypt(deps.db, orgId, subjectId, field, value) : Promise.resolve(null));
    const records: Record<string, unknown>[] = [];
    const messages: Record<string, unknown>[] = [];
    for (const c of rows) {
      records.push({
        reference: c.reference,
        channel: c.channel,
        category: c.category,
        status: c.status,
        receivedAt: c.receivedAt.toISOString(),
        description: await dec('complaint.description', c.descriptionEnc),
        remedySought: await dec('complaint.remedy_sought', c.remedySoughtEnc),
        decision: c.decision,
        decisionReasons: await dec('complaint.decision_reasons', c.decisionReasonsEnc),
        satisfaction: c.satisfaction,
        // Assessments about the person are theirs to see too (Art. 15(1)), the model's suggestion included.
        urgency: c.urgency,
        vulnerabilities: c.vulnerabilities,
        sentiment: c.sentiment,
        triageSuggestion: c.triage ? { category: c.triage.category.label, urgency: c.triage.urgency.label, sentiment: c.triage.sentiment.label } : null,
      });
      // Internal notes are staff working notes about the handling; the customer's own messages and
      // the replies sent to them are exported.
      for (const m of await repo.findMessages(deps.db, orgId, c.id, { includeInternal: false })) {
        messages.push({ reference: c.reference, author: m.authorType, createdAt: m.createdAt.toISOString(), body: await dec('complaint_message.body', m.bodyEnc) });
      }
    }
    return { complaints: records, complaint_messages: messages, complaint_attachments: await exportCustomerAttachments(deps, orgId, subjectId) };
  },
  async erase(_deps, tx, orgId, subjectId) {
    // Attached files are the customer's own documents, not the record of the handling: removed.
    const erased = await repo.deleteCustomerAttachments(tx, orgId, subjectId);
    const rows = await tx.select({ id: complaints.id }).from(complaints).where(and(eq(complaints.orgId, orgId), eq(complaints.customerId, subjectId)));
    return { erased, held: rows.map((r) => ({ table: 'complaints', id: r.id, reason: 'complaint record kept for legal claims (C. civ. art. 2224, 5 years); personal text shredded with the subject key' })) };
  },
};
