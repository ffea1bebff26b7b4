import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import type { ModuleManifest } from '../module.ts';

const subjectKeyEvents = {
  'subject_key.destroyed': z.object({ subjectId: z.uuid() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof subjectKeyEvents> {}
}

/** Per-subject data keys for field encryption; erasure modules destroy keys through FieldCipher. */
export const subjectKeysModule: ModuleManifest = {
  name: 'subject-keys',
  permissions: [],
  auditEvents: subjectKeyEvents,
  routes: () => [],
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { decryptField, deriveKey, encryptField, memoisedKey } from './subject-keys.crypto.ts';
export { createFieldCipher } from './subject-keys.service.ts';
export type { FieldCipher } from './subject-keys.service.ts';
