import type { SubjectDataHandler } from '../module.ts';
import * as campaigns from './campaign.repo.ts';
import * as repo from './contact.repo.ts';

/**
 * The contact data of a subject (GDPR Art. 15, 20): every attempt, its outcome and decision; the
 * campaign audiences naming them and each scrub's decision about them.
 */
export const contactSubjectData: SubjectDataHandler = {
  tables: ['contact_attempts', 'campaign_recipients', 'campaign_decisions'],
  async export(deps, orgId, subjectId) {
    const [rows, inCampaigns] = await Promise.all([
      repo.findAttempts(deps.db, orgId, subjectId, 100_000),
      campaigns.findSubjectCampaignData(deps.db, orgId, subjectId),
    ]);
    return {
      contact_attempts: rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        purpose: r.purpose,
        outcome: r.outcome,
        occurredAt: r.occurredAt.toISOString(),
        source: r.source,
        allowed: r.allowed,
        reasons: r.reasons,
        rules: r.rules,
        evidence: r.evidence,
        declared: r.declared,
      })),
      campaign_recipients: inCampaigns.recipients.map((r) => ({
        campaignId: r.campaignId,
        name: r.name,
        channel: r.channel,
        scheduledAt: r.scheduledAt.toISOString(),
      })),
      campaign_decisions: inCampaigns.decisions.map((d) => ({
        campaignId: d.campaignId,
        scrubId: d.scrubId,
        at: d.at.toISOString(),
        allowed: d.allowed,
        reasons: d.reasons,
        rules: d.rules,
        evidence: d.evidence,
      })),
    };
  },
  async erase(_deps, tx, orgId, subjectId) {
    // No legal hold: the history only serves the caps and the proof of lawful contact, which
    // end with the person (their refusals no longer need honouring once no data is left to call).
    // Campaigns lose the person from their audiences and scrubs; their counts stay (they hold no one).
    const erased = (await repo.deleteSubject(tx, orgId, subjectId)) + (await campaigns.deleteSubject(tx, orgId, subjectId));
    return { erased, held: [] };
  },
};
