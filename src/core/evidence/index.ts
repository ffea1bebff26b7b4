import { z } from 'zod';
import type { ModuleManifest } from '../module.ts';

/** Evidence bundles a regulator or mediator can verify offline (issue 15); made by the operator's CLI, no HTTP route. */
export const evidenceModule: ModuleManifest = {
  name: 'evidence',
  permissions: [],
  routes: () => [],
  auditEvents: {
    /** A bundle was made: what it covers (ids in the target only) and the digest of its signed manifest. */
    'evidence.exported': z
      .object({ scope: z.enum(['customer', 'complaint']), events: z.number().int(), files: z.number().int(), manifestSha256: z.string().regex(/^[0-9a-f]{64}$/) })
      .strict(),
  },
};

// Public API: what other modules and the CLI may use.
export { exportEvidence } from './evidence.service.ts';
export type { EvidenceRequest } from './evidence.service.ts';
export { verifyEvidence } from './evidence.verify.ts';
export type { EvidenceCheck } from './evidence.verify.ts';
export type { EvidenceManifest } from './evidence.format.ts';
