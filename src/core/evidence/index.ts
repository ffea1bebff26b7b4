import type { ModuleManifest } from '../module.ts';
import { evidenceEvents } from './evidence.events.ts';

/** Evidence bundles a regulator or mediator can verify offline (issue 15); made by the operator's CLI, no HTTP route. */
export const evidenceModule: ModuleManifest = {
  name: 'evidence',
  permissions: [],
  routes: () => [],
  auditEvents: evidenceEvents,
};

// Public API: what other modules and the CLI may use.
export { exportEvidence } from './evidence.service.ts';
export type { EvidenceRequest } from './evidence.service.ts';
export { verifyEvidence } from './evidence.verify.ts';
export type { EvidenceCheck } from './evidence.verify.ts';
export type { EvidenceManifest } from './evidence.format.ts';
