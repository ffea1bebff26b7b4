import type { ModuleManifest } from '../module.ts';
import { complaintEvents } from './complaints.events.ts';
import { complaintRoutes } from './complaints.routes.ts';
import { complaintSubjectData } from './complaints.subject-data.ts';
import { complaintRetention } from './complaints.retention.ts';
import { handOverOpenComplaints } from './complaints.service.ts';
import { complaintHomeSections } from './complaints.home.ts';
import { complaintKpis } from './complaints.kpis.ts';
import { complaintAuditTargets } from './complaints.audit-targets.ts';

/** Complaints without obstacles: portal intake and tracking, agent and API intake, handling steps, SLA clocks. */
export const complaintsModule: ModuleManifest = {
  name: 'complaints',
  permissions: ['complaint:read', 'complaint:create', 'complaint:handle', 'complaint:assign', 'complaint:escalate', 'complaint:configure'],
  auditEvents: complaintEvents,
  routes: complaintRoutes,
  nav: [{ id: 'complaints', path: '/app/complaints', labelKey: 'nav.complaints', permission: 'complaint:read', order: 20 }],
  subjectData: complaintSubjectData,
  inventory: [
    {
      table: 'complaints',
      categories: ['user.content', 'user.unique_id'],
      subjects: ['complainants', 'customers'],
      retention: 'complaint.closed',
    },
    { table: 'complaint_messages', categories: ['user.content'], subjects: ['complainants', 'employees'], retention: 'complaint.closed' },
    { table: 'complaint_events', categories: ['user.unique_id'], subjects: ['complainants', 'employees'], retention: 'complaint.closed' },
    {
      table: 'complaint_attachments',
      categories: ['user.content'],
      subjects: ['complainants', 'employees'],
      retention: 'complaint.closed',
    },
  ],
  retention: [complaintRetention],
  advisorHandover: handOverOpenComplaints,
  home: complaintHomeSections,
  kpis: complaintKpis,
  auditTargets: complaintAuditTargets,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { IntakeState, fileComplaint } from './complaints.intake.ts';
export * as complaintsSchemas from './complaints.schemas.ts';
export { findLateUnescalated } from './complaints.queries.ts';
// Attachment helpers other registers reuse for their evidence files (ethics audits, regulatory
// events): the type read from the bytes and the limits per file, each file sealed with a key of
// its own under the record's key, the audited reading of one file, the download's headers.
export { checkAttachments } from './complaints.attachments.ts';
export type { AttachmentCandidate } from './complaints.attachments.ts';
export { attachmentError, readEvidenceFile, sealEvidenceFile } from './complaints.attachments.service.ts';
export type { AttachmentDownload } from './complaints.attachments.service.ts';
export { sendAttachment } from './complaints.portal.ts';
