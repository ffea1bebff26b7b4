import type { ModuleManifest } from '../module.ts';
import { customerEvents } from './customers.events.ts';

/** Customers, the data subjects: encrypted identity, e-mail lookup, dedicated advisor link. */
export const customersModule: ModuleManifest = {
  name: 'customers',
  permissions: [],
  auditEvents: customerEvents,
  routes: () => [],
};
