/**
 * The message checker (issue 12): explainable fr/en rules (src/rules/messages) and a local,
 * deterministic classifier (messages.model.json) finding manipulation, pressure and missing
 * information in any message. Figures: docs/BENCHMARKS.md.
 */
import type { ModuleManifest } from '../module.ts';
import { messagesRoutes } from './messages.routes.ts';
import { messageKpis } from './messages.kpis.ts';

export const messagesModule: ModuleManifest = {
  name: 'messages',
  permissions: ['message:check'],
  auditEvents: {},
  routes: () => messagesRoutes(),
  kpis: messageKpis,
};

// Public API. A back-office editor (complaint answers now; campaigns and notices later) checks
// its text live through POST /api/messages/check; a module that sends messages calls checkMessage
// and records the findings with what it sends.
export { checkMessage, type CheckInput, type CheckOptions, type CheckResult } from './messages.check.ts';
export { MESSAGE_SCORE_THRESHOLD } from './messages.classifier.ts';
export { presentCheck } from './messages.presenter.ts';
export { lintLine, runLintJsonl } from './messages.lint.ts';
export * as messagesSchemas from './messages.schemas.ts';
