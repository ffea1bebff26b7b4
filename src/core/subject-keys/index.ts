import { z } from 'zod';
import type { EventsOf } from '../audit-log/audit-log.types.ts';
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
