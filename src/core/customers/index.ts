import type { ModuleManifest } from '../module.ts';
import { customerEvents } from './customers.events.ts';
import { customersSubjectData } from './customers.subject-data.ts';
import { customerRetention } from './customers.retention.ts';
import { customerAuditTargets } from './customers.audit-targets.ts';

/** Customers, the data subjects: encrypted identity, e-mail and phone lookups, dedicated advisor link. */
export const customersModule: ModuleManifest = {
  name: 'customers',
  permissions: [],
  auditEvents: customerEvents,
  routes: () => [],
  subjectData: customersSubjectData,
  inventory: [
    {
      table: 'customers',
      categories: ['user.name', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address', 'user.unique_id'],
      subjects: ['customers', 'prospects', 'complainants'],
      retention: 'customer.inactive',
    },
    {
      // The notices of C. consom. L.223-1 shown when a number was collected: proof of the consent
      // they go with, kept as long as the customer is (erased with them).
      table: 'phone_notices',
      categories: ['user.privacy_preferences', 'user.unique_id'],
      subjects: ['customers', 'prospects', 'complainants'],
      retention: 'customer.inactive',
    },
    {
      table: 'subject_keys',
      categories: ['user.unique_id'],
      subjects: ['customers', 'prospects', 'complainants'],
      retention: 'customer.inactive',
    },
  ],
  retention: [customerRetention],
  auditTargets: customerAuditTargets,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { formatPhone, normalisePhone } from './customers.phone.ts';
export {
  findCustomerById,
  findCustomerByLookup,
  findCustomersByIds,
  findCustomersByLookups,
  findCustomersByPhoneLookup,
  findCustomersByPhoneLookups,
} from './customers.repo.ts';
export type { CustomerRow } from './customers.repo.ts';
export {
  emailLookup,
  findOrCreateCustomer,
  normaliseEmail,
  phoneLookup,
  planCustomers,
  revealCustomer,
  setCustomerPhone,
  storeCustomers,
} from './customers.service.ts';
export type { Customer, CustomerIdentity, FoundCustomer } from './customers.service.ts';
export { phoneNoticeOrigin, phoneNoticeRow, phoneNoticesStatement, recordPhoneNotices } from './customers.phone-notices.ts';
export type { PhoneNoticeOrigin, PhoneNoticeShown } from './customers.phone-notices.ts';
