/**
 * What contracts hold about a customer, for access, portability and erasure requests. Erasure
 * keeps the contract records and their history under a legal hold (proof of the contract and of
 * its end: C. civ. art. 2224 and C. com. L.110-4, 5 years; C. consom. L.213-1 and D.213-2 for a
 * contract concluded online, 10 years; GDPR Art. 17(3)(b), (e)); the contract's address and
 * where each message went become unreadable with the customer's key (crypto-shredding), and the
 * address lookup goes.
 */
import { and, eq } from 'drizzle-orm';
import type { SubjectDataHandler } from '../module.ts';
import { contracts } from './contracts.tables.ts';
import * as repo from './contracts.repo.ts';

export const contractSubjectData: SubjectDataHandler = {
  tables: ['contracts', 'contract_events'],
  async export(deps, orgId, subjectId) {
    const rows = await repo.findCustomerContracts(deps.db, orgId, subjectId);
    const dec = (value: string | null) =>
      value ? deps.cipher.decrypt(deps.db, orgId, subjectId, 'contract.email', value) : Promise.resolve(null);
    const records: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    for (const c of rows) {
      records.push({
        reference: c.reference,
        offerId: c.offerId,
        offerVersionId: c.offerVersionId,
        channel: c.channel,
        sector: c.sector,
        concludedOn: c.concludedOn,
        startOn: c.startOn,
        commitmentEndOn: c.commitmentEndOn,
        renewal: c.renewal,
        renewalOn: c.renewalOn,
        lastDayToRefuseOn: c.lastDayToRefuseOn,
        reminderSentOn: c.reminderSentOn,
        terminateAnyTimeFrom: c.terminateAnyTimeFrom,
        email: await dec(c.emailEnc),
        status: c.status,
        endOn: c.endOn,
      });
      for (const e of await repo.findEvents(deps.db, orgId, c.id)) {
        events.push({ reference: c.reference, type: e.type, at: e.at.toISOString(), ...e.evidence, sentTo: await dec(e.sentToEnc) });
      }
    }
    return { contracts: records, contract_events: events };
  },
  async erase(_deps, tx, orgId, subjectId) {
    const rows = await tx
      .update(contracts)
      .set({ emailLookup: null })
      .where(and(eq(contracts.orgId, orgId), eq(contracts.customerId, subjectId)))
      .returning({ id: contracts.id });
    return {
      erased: 0,
      held: rows.map((r) => ({
        table: 'contracts',
        id: r.id,
        reason:
          'contract and its history kept as proof (C. civ. art. 2224; C. consom. L.213-1, D.213-2 online); address shredded with the subject key',
      })),
    };
  },
};
