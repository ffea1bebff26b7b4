/** How the audit log viewer names customers: their name, decrypted for the page shown, never stored in the log. */
import type { AuditTargetResolver } from '../module.ts';
import { findCustomersByIds } from './customers.repo.ts';

export const customerAuditTargets: AuditTargetResolver[] = [
  {
    targetType: 'customer',
    // A customer's identity is shown on the complaint page to whoever reads complaints; the audit
    // log shows it to the same people and to no one else (GDPR Art. 5(1)(c), 32: need to know).
    permission: 'complaint:read',
    async labels(deps, orgId, ids) {
      const rows = await findCustomersByIds(deps.db, orgId, [...ids]);
      const labels = new Map<string, string>();
      for (const row of rows) {
        // An erased customer's key is destroyed (crypto-shredding): nothing to name, which is the point.
        if (row.erasedAt || !row.nameEnc) continue;
        const name = await deps.cipher.decrypt(deps.db, orgId, row.id, 'name', row.nameEnc);
        if (name) labels.set(row.id, name);
      }
      return labels;
    },
  },
];
