/**
 * Every capability of Confiance, one line each. A new module adds its folder under src/core/
 * and one line here; nothing else outside its folder changes (but a permission, if it needs new
 * ones: src/core/auth/permissions.ts). Only the composition root reads this list: modules get
 * what other modules contribute (subject data, retention, inventories) through deps.registries.
 */
import type { ModuleManifest } from './core/module.ts';
import { systemModule } from './core/system/index.ts';
import { organisationsModule } from './core/organisations/index.ts';
import { authModule } from './core/auth/index.ts';
import { auditLogModule } from './core/audit-log/index.ts';
import { subjectKeysModule } from './core/subject-keys/index.ts';
import { customersModule } from './core/customers/index.ts';
import { mailModule } from './core/mail/index.ts';
import { complaintsModule } from './core/complaints/index.ts';
import { advisorsModule } from './core/advisors/index.ts';
import { consentModule } from './core/consent/index.ts';
import { dsrModule } from './core/dsr/index.ts';
import { breachesModule } from './core/breaches/index.ts';
import { regulatoryModule } from './core/regulatory/index.ts';
import { registerModule } from './core/register/index.ts';
import { messagesModule } from './core/messages/index.ts';
import { contactModule } from './core/contact/index.ts';
import { offersModule } from './core/offers/index.ts';
import { contractsModule } from './core/contracts/index.ts';
import { changeCampaignsModule } from './core/change-campaigns/index.ts';
import { kpiModule } from './core/kpi/index.ts';
import { reportingModule } from './core/reporting/index.ts';
import { homeModule } from './core/home/index.ts';
import { evidenceModule } from './core/evidence/index.ts';
import { auditsModule } from './core/audits/index.ts';

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
  regulatoryModule,
  registerModule,
  messagesModule,
  contactModule,
  offersModule,
  contractsModule,
  changeCampaignsModule,
  kpiModule,
  reportingModule,
  homeModule,
  evidenceModule,
  auditsModule,
];
