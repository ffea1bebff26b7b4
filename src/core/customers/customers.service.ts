/**
 * Customers (data subjects): personal fields encrypted under the customer's own key, found by a
 * keyed hash of their e-mail, or of their phone number for customers without e-mail (phone-only
 * or postal customers filed by an agent). Every module that deals with a person goes through here.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import * as repo from './customers.repo.ts';
import { normalisePhone } from './customers.phone.ts';

export { normalisePhone } from './customers.phone.ts';

export interface CustomerIdentity {
  email?: string | undefined;
  name?: string | undefined;
  phone?: string | undefined;
  /** Postal address, one block of text as the agent writes it. */
  address?: string | undefined;
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
  address: string | null;
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

/** Keyed hash of a phone number in E.164: a key of its own, so e-mail and phone hashes never match. */
export function phoneLookup(deps: Deps, orgId: string, e164: string): string {
  const key = createHmac('sha256', deps.config.masterKey).update('customer-phone-lookup').digest();
  return createHmac('sha256', key).update(`${orgId}:${e164}`).digest('hex');
}

const sameName = (a: string | null, b: string | undefined) => a !== null && b !== undefined && a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * A customer without e-mail with this phone number and this name: a landline is often shared, so
 * the phone alone never identifies a person; customers with an e-mail are found by it instead.
 */
async function findByPhoneAndName(deps: Deps, tx: Db, orgId: string, lookup: string, name: string | undefined): Promise<repo.CustomerRow | undefined> {
  for (const row of await repo.findCustomersByPhoneLookup(tx, orgId, lookup)) {
    if (row.emailLookup !== null) continue;
    if (sameName(row.nameEnc ? await deps.cipher.decrypt(tx, orgId, row.id, 'name', row.nameEnc) : null, name)) return row;
  }
  return undefined;
}

/**
 * The customer with this e-mail in the organisation (or, without e-mail, this phone number and
 * name), created if new. A customer known only by a postal address is created each time: an
 * address does not single out a person. Runs in the caller's transaction; `source` says where the
 * person came from (audit). An identity needs an e-mail, a phone number or an address.
 */
export async function findOrCreateCustomer(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  identity: CustomerIdentity,
  source: 'portal' | 'agent' | 'api' | 'import' | 'seed',
): Promise<{ customer: repo.CustomerRow; created: boolean }> {
  const orgId = requireOrg(ctx);
  const email = identity.email?.trim() ? normaliseEmail(identity.email) : undefined;
  const phone = identity.phone?.trim() ? identity.phone.trim() : undefined;
  const address = identity.address?.trim() ? identity.address.trim() : undefined;
  if (!email && !phone && !address) throw new AppError('validation', {}, [{ path: 'customer.email', code: 'required' }]);
  const e164 = phone ? normalisePhone(phone) : null;
  const byEmail = email ? emailLookup(deps, orgId, email) : null;
  const byPhone = e164 ? phoneLookup(deps, orgId, e164) : null;
  const existing = byEmail ? await repo.findCustomerByLookup(tx, orgId, byEmail) : byPhone ? await findByPhoneAndName(deps, tx, orgId, byPhone, identity.name) : undefined;
  if (existing) return { customer: existing, created: false };
  const id = randomUUID();
  const enc = (field: string, value: string | undefined) => (value ? deps.cipher.encrypt(tx, orgId, id, field, value) : Promise.resolve(null));
  const customer = await repo.insertCustomer(tx, {
    id,
    orgId,
    emailLookup: byEmail,
    phoneLookup: byPhone,
    emailEnc: await enc('email', email),
    nameEnc: await enc('name', identity.name),
    // Stored in E.164 when it is a valid number, so the lookup and the display agree.
    phoneEnc: await enc('phone', e164 ?? phone),
    addressEnc: await enc('address', address),
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
    address: await dec('address', row.addressEnc),
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
