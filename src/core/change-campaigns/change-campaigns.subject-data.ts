/**
 * What change campaigns hold about a customer: the notices of changes to their contracts (what was
 * told, when, under which rule, where it went). Erasure keeps them under the contract's legal hold
 * (proof that the change was told in time: C. civ. art. 2224, C. com. L.110-4; GDPR Art. 17(3)(b),
 * (e)); the address they went to becomes unreadable with the customer's key (crypto-shredding).
 * They go with their contract under its retention (`contract.ended`, ON DELETE CASCADE).
 */
import type { SubjectDataHandler } from '../module.ts';
import * as repo from './change-campaigns.repo.ts';

export const changeCampaignSubjectData: SubjectDataHandler = {
  tables: ['change_notices'],
  async export(deps, orgId, subjectId) {
    const notices = await repo.findNoticesOfCustomer(deps.db, orgId, subjectId);
    const records: Record<string, unknown>[] = [];
    for (const n of notices) {
      records.push({
        campaignId: n.campaignId,
        contractId: n.contractId,
        sector: n.sector,
        status: n.status,
        sendOn: n.sendOn,
        sendBy: n.sendBy,
        plannedEffectiveOn: n.plannedEffectiveOn,
        effectiveOn: n.effectiveOn,
        moved: n.moved,
        // Why the customer has this notice (a contract concluded after the announcement gets its own), and the day the change applied to them.
        origin: n.origin,
        appliedOn: n.appliedOn,
        terminateBy: n.terminateBy,
        rule: n.ruleRef,
        sentAt: n.sentAt?.toISOString() ?? null,
        locale: n.locale,
        sentTo: n.sentToEnc ? await deps.cipher.decrypt(deps.db, orgId, subjectId, 'contract.email', n.sentToEnc) : null,
      });
    }
    return { change_notices: records };
  },
  async erase(deps, tx, orgId, subjectId) {
    const notices = await repo.findNoticesOfCustomer(tx, orgId, subjectId);
    return {
      erased: 0,
      held: notices.map((n) => ({
        table: 'change_notices',
        id: n.id,
        reason:
          'notice of a contract change kept with its contract as proof it was told in time (C. civ. art. 2224); address shredded with the subject key',
      })),
    };
  },
};
