import type { ModuleManifest } from '../module.ts';
import { changeCampaignEvents } from './change-campaigns.events.ts';
import { changeCampaignRoutes } from './change-campaigns.routes.ts';
import { changeCampaignPortalRoutes } from './change-campaigns.portal.ts';
import { changeCampaignSubjectData } from './change-campaigns.subject-data.ts';
import { changeCampaignAuditTargets } from './change-campaigns.audit-targets.ts';
import { changeNoticesCron, changeNoticesJob } from './change-campaigns.jobs.ts';

/**
 * Change campaigns: a price or terms change of an offer told to every customer on an earlier
 * version, in time by the sector's rule (src/rules/transparency), the text checked by the message
 * checker, each notice sent through the contact guard's service channel, with a portal page
 * comparing old and new terms and the termination as one action.
 *
 * After planning, each pass of the send job (hourly) also:
 * - adds the contracts concluded on an earlier version after the campaign was planned, each with its
 *   own notice and full period (enrolLateContracts);
 * - tries refused notices again the next day (the guard's answer or the missing address may change);
 * - applies the change on each notice's effective day, to contracts whose notice was sent only: the
 *   contract moves to the new version with a `changed` entry in its history. A customer never told
 *   stays on the old version, counted as held on the campaign's page, until a notice goes.
 * The back office creates a campaign from the offer's page (with a preview of what it would do),
 * and shows each campaign and each notice's evidence.
 *
 * Known limits: moving a contract to the new version does not recompute its own dates (commitment,
 * renewal) from the new version's duration; the late-contract step reads every active contract of
 * the offer once a pass while the change is announced (an anti-join on the campaign's notices).
 */
export const changeCampaignsModule: ModuleManifest = {
  name: 'change-campaigns',
  permissions: ['contract:read', 'contract:manage'],
  auditEvents: changeCampaignEvents,
  routes: (deps) => [...changeCampaignRoutes(deps), ...changeCampaignPortalRoutes(deps)],
  jobs: [changeNoticesJob],
  crons: [changeNoticesCron],
  nav: [
    { id: 'change-campaigns', path: '/app/change-campaigns', labelKey: 'nav.changeCampaigns', permission: 'contract:read', order: 36.5 },
  ],
  subjectData: changeCampaignSubjectData,
  // The notices go with their contract (ON DELETE CASCADE) when the contract's retention ends.
  inventory: [{ table: 'change_notices', categories: ['user.contact.email'], subjects: ['customers'], retention: 'contract.ended' }],
  auditTargets: changeCampaignAuditTargets,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { createChangeCampaign } from './change-campaigns.service.ts';
export { findLateNotices, type LateNotice } from './change-campaigns.repo.ts';
export * as changeCampaignsSchemas from './change-campaigns.schemas.ts';
