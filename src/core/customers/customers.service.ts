/**
 * Customers (data subjects): personal fields encrypted under the customer's own key, found by a
 * keyed hash of their e-mail. Every module that deals with a person goes through here.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import * as repo from './customers.repo.ts';

export interface CustomerIdentity {
  email?: string | undefined;
  name?: string | undefined;
  phone?: string | undefined;
  locale?: Locale | undefined;
  timezone?: string | undefined;
}

/** A customer with its personal fields decrypted (null once erased). */
export interface Customer {
  id: string;
  orgId: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  locale: Locale;
  timezone: string;
  advisorId: string | null;
  createdAt: Date;
  erasedAt: Date | null;
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Keyed hash of an e-mail: equal addresses match, the address cannot be read back or guessed offline. */
export function emailLookup(deps: Deps, orgId: string, email: string): string {
  const key = createHmac('sha256', deps.config.masterKey).update('customer-email-lookup').digest();
  return createHmac('sha256', key).update(`${orgId}:${normaliseEmail(email)}`).digest('hex');
}

/**
 * The customer with this e-mail in the organisation, created if new. Runs in the caller's
 * transaction; `source` says where the person came from (audit).
 */
export async function findOrCreateCustomer(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  identity: CustomerIdentity & { email: string },
  source: 'portal' | 'agent' | 'api' | 'import' | 'seed',
): Promise<{ customer: repo.CustomerRow; created: boolean }> {
  const orgId = requireOrg(ctx);
  const lookup = emailLookup(deps, orgId, identity.email);
  const existing = await repo.findCustomerByLookup(tx, orgId, lookup);
  if (existing) return { customer: existing, created: false };
  const id = randomUUID();
  const enc = (field: string, value: string | undefined) => (value ? deps.cipher.encrypt(tx, orgId, id, field, value) : Promise.resolve(null));
  const customer = await repo.insertCustomer(tx, {
    id,
    orgId,
    emailLookup: lookup,
    emailEnc: await enc('email', normaliseEmail(identity.email)),
    nameEnc: await enc('name', identity.name),
    phoneEnc: await enc('phone', identity.phone),
    locale: identity.locale ?? 'fr',
    timezone: identity.timezone ?? 'Europe/Paris',
  });
  await deps.audit.record(tx, ctx, { type: 'customer.created', target: { type: 'customer', id }, payload: { customerId: id, source } });
  return { customer, created: true };
}

/** Decrypts a customer row for display or export. */
export async function revealCustomer(deps: Deps, db: Db, row: repo.CustomerRow): Promise<Customer> {
  const dec = (field: string, value: string | null) => (value ? deps.cipher.decrypt(db, row.orgId, row.id, field, value) : Promise.resolve(null));
  return {
    id: row.id,
    orgId: row.orgId,
    email: await dec('email', row.emailEnc),
    name: await dec('name', row.nameEnc),
    phone: await dec('phone', row.phoneEnc),
    locale: row.locale === 'en' ? 'en' : 'fr',
    timezone: row.timezone,
    advisorId: row.advisorId,
    createdAt: row.createdAt,
    erasedAt: row.erasedAt,
  };
}

export async function getCustomer(deps: Deps, ctx: RequestContext, id: string): Promise<Customer> {
  const row = await repo.findCustomerById(deps.db, requireOrg(ctx), id);
  if (!row) throw notFound('customer');
  return revealCustomer(deps, deps.db, row);
}
