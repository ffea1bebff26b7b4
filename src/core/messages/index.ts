/**
 * The message checker (issue 12): explainable fr/en rules (src/rules/messages) and a local,
 * deterministic classifier (messages.model.json) finding manipulation, pressure and missing
 * information in any message, and the ethics officer's approval of marketing messages and
 * campaigns with a high-severity finding before they are sent. Figures: docs/BENCHMARKS.md.
 */
import type { ModuleManifest } from '../module.ts';
import { messagesEvents } from './messages.events.ts';
import { messagesHome } from './messages.home.ts';
import { messagesRoutes } from './messages.routes.ts';
import { messageKpis } from './messages.kpis.ts';

export const messagesModule: ModuleManifest = {
  name: 'messages',
  permissions: ['message:check', 'message:approve'],
  auditEvents: messagesEvents,
  routes: (deps) => messagesRoutes(deps),
  nav: [{ id: 'messages', path: '/app/messages/approvals', labelKey: 'nav.messageApprovals', permission: 'message:approve', order: 37 }],
  home: messagesHome,
  kpis: messageKpis,
};

// Public API. A back-office editor (complaint answers now; campaigns and notices later) checks
// its text live through POST /api/messages/check; a module that sends messages calls checkMessage
// and records the findings with what it sends. `confiance lint` enters through messages.cli.ts,
// which loads the checker without this manifest (its routes, repository and drizzle).
export { checkMessage, type CheckInput, type CheckOptions, type CheckResult } from './messages.check.ts';
export { MESSAGE_SCORE_THRESHOLD } from './messages.classifier.ts';
export { presentCheck } from './messages.presenter.ts';
export * as messagesSchemas from './messages.schemas.ts';
// Before sending a marketing message or a campaign: `approvalFor(deps, orgId, { text, type, lang, campaign })`
// answers { required, approved, requestId?, status, findings }; send only when !required || approved,
// else submit the text (submitForApproval) and wait for the ethics officer's decision.
export { approvalFor, submitForApproval, type ApprovalAnswer, type ApprovalQuery } from './messages.approvals.service.ts';
export { approvalRequired, messageTextHash, LEGALLY_TIMED_TYPES } from './messages.policy.ts';
export { findPendingSince as findApprovalsPendingSince } from './messages.repo.ts';
