import { and, eq } from 'drizzle-orm';
import type { SubjectDataHandler } from '../module.ts';
import { customers } from './customers.tables.ts';
import { findCustomerById } from './customers.repo.ts';
import { revealCustomer } from './customers.service.ts';

/**
 * The customer record. `subject_keys` is listed here because the customer id is the subject id:
 * the registry destroys that key after every module has erased (crypto-shredding, GDPR Art. 17).
 */
export const customersSubjectData: SubjectDataHandler = {
  tables: ['customers', 'subject_keys'],
  async export(deps, orgId, subjectId) {
    const row = await findCustomerById(deps.db, orgId, subjectId);
    if (!row || row.erasedAt) return { customer: [] };
    const c = await revealCustomer(deps, deps.db, row);
    return { customer: [{ id: c.id, email: c.email, name: c.name, phone: c.phone, address: c.address, locale: c.locale, timezone: c.timezone, createdAt: c.createdAt.toISOString() }] };
  },
  async erase(deps, tx, orgId, subjectId) {
    // The row stays as the erasure record: no identity, no lookup hashes, only the date (Art. 17, 5(2)).
    const rows = await tx
      .update(customers)
      .set({ emailLookup: null, phoneLookup: null, emailEnc: null, nameEnc: null, phoneEnc: null, addressEnc: null, erasedAt: deps.clock.now(), updatedAt: deps.clock.now() })
      .where(and(eq(customers.orgId, orgId), eq(customers.id, subjectId)))
      .returning({ id: customers.id });
    return { erased: rows.length, held: [] };
  },
};
