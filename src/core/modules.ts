/**
 * Every capability of Confiance, one line each. A new module adds its folder under src/core/
 * and one line here; nothing else outside its folder changes.
 */
import type { ModuleManifest } from './module.ts';
import { systemModule } from './system/index.ts';
import { organisationsModule } from './organisations/index.ts';
import { authModule } from './auth/index.ts';
import { auditLogModule } from './audit-log/index.ts';
import { subjectKeysModule } from './subject-keys/index.ts';
import { customersModule } from './customers/index.ts';
import { mailModule } from './mail/index.ts';
import { complaintsModule } from './complaints/index.ts';
import { advisorsModule } from './advisors/index.ts';
import { consentModule } from './consent/index.ts';
import { dsrModule } from './dsr/index.ts';
import { breachesModule } from './breaches/index.ts';
import { registerModule } from './register/index.ts';

export const modules: readonly ModuleManifest[] = [
  systemModule,
  organisationsModule,
  authModule,
  auditLogModule,
  subjectKeysModule,
  customersModule,
  mailModule,
  complaintsModule,
  advisorsModule,
  consentModule,
  dsrModule,
  breachesModule,
  registerModule,
];
