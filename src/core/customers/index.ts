import type { ModuleManifest } from '../module.ts';
import { customerEvents } from './customers.events.ts';
import { customersSubjectData } from './customers.subject-data.ts';
import { customerRetention } from './customers.retention.ts';

/** Customers, the data subjects: encrypted identity, e-mail and phone lookups, dedicated advisor link. */
export const customersModule: ModuleManifest = {
  name: 'customers',
  permissions: [],
  auditEvents: customerEvents,
  routes: () => [],
  subjectData: customersSubjectData,
  inventory: [
    { table: 'customers', categories: ['user.name', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address', 'user.unique_id'], subjects: ['customers', 'prospects', 'complainants'], retention: 'customer.inactive' },
    { table: 'subject_keys', categories: ['user.unique_id'], subjects: ['customers', 'prospects', 'complainants'], retention: 'customer.inactive' },
  ],
  retention: [customerRetention],
};
