import { and, eq } from 'drizzle-orm';
import type { SubjectDataHandler } from '../module.ts';
import { customers } from './customers.tables.ts';
import { findCustomerById } from './customers.repo.ts';
import { revealCustomer } from './customers.service.ts';
import { deletePhoneNotices, findPhoneNotices } from './customers.phone-notices.ts';

/**
 * The customer record, and the phone-collection notices they were given (C. consom. L.223-1: the
 * notice is part of the consent proof, so the subject sees which text, when and where). `subject_keys` is listed here because the customer id is the subject id:
 * the registry destroys that key after every module has erased (crypto-shredding, GDPR Art. 17).
 */
export const customersSubjectData: SubjectDataHandler = {
  tables: ['customers', 'subject_keys', 'phone_notices'],
  async export(deps, orgId, subjectId) {
    const row = await findCustomerById(deps.db, orgId, subjectId);
    if (!row || row.erasedAt) return { customer: [], phone_notices: [] };
    const [c, notices] = await Promise.all([revealCustomer(deps, deps.db, row), findPhoneNotices(deps.db, orgId, subjectId)]);
    return {
      customer: [{ id: c.id, email: c.email, name: c.name, phone: c.phone, address: c.address, locale: c.locale, timezone: c.timezone, createdAt: c.createdAt.toISOString() }],
      // GDPR Art. 15(1), 20: the notice shown (id and version), when, where and with what.
      phone_notices: notices.map((n) => {
        const [notice, version] = n.notice.split('@');
        return {
          id: n.id,
          notice: notice ?? n.notice,
          noticeVersion: version ?? null,
          shownAt: n.shownAt.toISOString(),
          origin: n.origin,
          collectedWith: n.record,
          recordId: n.recordId,
          actorType: n.actorType,
        };
      }),
    };
  },
  async erase(deps, tx, orgId, subjectId) {
    const notices = await deletePhoneNotices(tx, orgId, subjectId);
    // The row stays as the erasure record: no identity, no lookup hashes, only the date (Art. 17, 5(2)).
    const rows = await tx
      .update(customers)
      .set({ emailLookup: null, phoneLookup: null, emailEnc: null, nameEnc: null, phoneEnc: null, addressEnc: null, erasedAt: deps.clock.now(), updatedAt: deps.clock.now() })
      .where(and(eq(customers.orgId, orgId), eq(customers.id, subjectId)))
      .returning({ id: customers.id });
    return { erased: rows.length + notices, held: [] };
  },
};
