/**
 * Customers (data subjects): personal fields encrypted under the customer's own key, found by a
 * keyed hash of their e-mail, or of their phone number for customers without e-mail (phone-only
 * or postal customers filed by an agent). Every module that deals with a person goes through here.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import * as repo from './customers.repo.ts';
import type { AuditEntry } from '../audit-log/index.ts';
import { memoisedKey } from '../subject-keys/index.ts';
import { normalisePhone } from './customers.phone.ts';
import { phoneNoticeOrigin, recordPhoneNotices } from './customers.phone-notices.ts';

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

/** The key of a keyed lookup hash: HMAC of the master key with the lookup's label (as since the start). */
function lookupKey(masterKey: Buffer, label: string): Buffer {
  return memoisedKey(masterKey, `hmac:${label}`, (master) => createHmac('sha256', master).update(label).digest());
}

/** Keyed hash of an e-mail: equal addresses match, the address cannot be read back or guessed offline. */
export function emailLookup(deps: Deps, orgId: string, email: string): string {
  return createHmac('sha256', lookupKey(deps.config.masterKey, 'customer-email-lookup'))
    .update(`${orgId}:${normaliseEmail(email)}`)
    .digest('hex');
}

/** Keyed hash of a phone number in E.164: a key of its own, so e-mail and phone hashes never match. */
export function phoneLookup(deps: Deps, orgId: string, e164: string): string {
  return createHmac('sha256', lookupKey(deps.config.masterKey, 'customer-phone-lookup')).update(`${orgId}:${e164}`).digest('hex');
}

const normaliseName = (name: string | null | undefined) => (name ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
const sameName = (a: string | null, b: string | undefined) => a !== null && b !== undefined && normaliseName(a) === normaliseName(b);

/**
 * Customers without e-mail known by one of these phone numbers, read in one query for a batch,
 * with their keys ready for reading names. A landline is often shared, so the phone alone never
 * identifies a person: `match` also wants the same name. Customers with an e-mail are found by it.
 */
async function phoneOnlyCustomers(deps: Deps, tx: Db, orgId: string, lookups: string[]) {
  const rows = await repo.findPhoneOnlyCustomers(tx, orgId, lookups);
  await deps.cipher.prepareKeys(
    tx,
    orgId,
    rows.map((r) => r.id),
  );
  const names = new Map<string, string | null>();
  for (const row of rows) names.set(row.id, row.nameEnc ? await deps.cipher.decrypt(tx, orgId, row.id, 'name', row.nameEnc) : null);
  return {
    match(lookup: string, name: string | undefined, taken: ReadonlySet<string>): repo.CustomerRow | undefined {
      return rows.find((r) => r.phoneLookup === lookup && !taken.has(r.id) && sameName(names.get(r.id) ?? null, name));
    },
  };
}

export type CustomerSource = 'portal' | 'agent' | 'api' | 'import' | 'seed';

/** One person to find or create, with the request that brings them (audit). */
export interface CustomerRequest {
  ctx: RequestContext;
  identity: CustomerIdentity;
  source: CustomerSource;
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
  source: CustomerSource,
): Promise<{ customer: repo.CustomerRow; created: boolean }> {
  const audits: AuditEntry[] = [];
  const [found] = await findOrCreateCustomers(deps, tx, requireOrg(ctx), audits, [{ ctx, identity, source }]);
  if (!found) throw new Error('customer was neither found nor created');
  await deps.audit.recordMany(tx, audits);
  return found;
}

/**
 * findOrCreateCustomer for several requests of one organisation in a few round trips whatever
 * their number (a batch of intakes): one query finds those known by e-mail, one insert creates
 * the new ones with their keys. Results come in the order of the requests; the same new person
 * twice in the batch is created once (`created` only on the first). The audit events of the
 * creations are added to `audits`, which the caller records in the same transaction (a batch
 * records all its events in one statement).
 */
export async function findOrCreateCustomers(
  deps: Deps,
  tx: Db,
  orgId: string,
  audits: AuditEntry[],
  requests: readonly CustomerRequest[],
): Promise<FoundCustomer[]> {
  return storeCustomers(tx, orgId, audits, requests, await planCustomers(deps, tx, orgId, requests));
}

export interface FoundCustomer {
  customer: repo.CustomerRow;
  created: boolean;
}

/**
 * Per request, the customer found or the one to create (the same object for the same new
 * person), and the statement that stores the new customers' keys with them. A customer found by
 * phone and name who now gives an e-mail gets it (`addEmail`): the same person keeps one file
 * and one advisor instead of becoming a second customer.
 */
export interface CustomerPlan {
  entries: ({ found: repo.CustomerRow; addEmail?: { emailLookup: string; emailEnc: string } } | { create: repo.NewCustomer })[];
  newKeys: SQL | null;
}

/**
 * The first half of findOrCreateCustomers: finds who exists and prepares the new customers
 * (ids, keys, encrypted fields) without storing them, so the caller can complete them first
 * (intake gives each its advisor before the row is written, instead of updating it after).
 */
export async function planCustomers(deps: Deps, tx: Db, orgId: string, requests: readonly CustomerRequest[]): Promise<CustomerPlan> {
  const wanted = requests.map(({ identity }) => {
    const email = identity.email?.trim() ? normaliseEmail(identity.email) : undefined;
    const phone = identity.phone?.trim() ? identity.phone.trim() : undefined;
    const address = identity.address?.trim() ? identity.address.trim() : undefined;
    if (!email && !phone && !address) throw new AppError('validation', {}, [{ path: 'customer.email', code: 'required' }]);
    const e164 = phone ? normalisePhone(phone) : null;
    const byEmail = email ? emailLookup(deps, orgId, email) : null;
    const byPhone = e164 ? phoneLookup(deps, orgId, e164) : null;
    // Who the same person is within the batch: the e-mail, else the phone and name; an address alone never.
    const sameAs = byEmail ?? (byPhone ? `${byPhone}|${normaliseName(identity.name)}` : null);
    return { identity, email, phone, address, e164, byEmail, byPhone, sameAs };
  });
  const byEmail = new Map<string, repo.CustomerRow>();
  for (const row of await repo.findCustomersByLookups(
    tx,
    orgId,
    wanted.flatMap((w) => (w.byEmail ? [w.byEmail] : [])),
  )) {
    if (row.emailLookup) byEmail.set(row.emailLookup, row);
  }
  const plan: CustomerPlan['entries'] = [];
  const creating = new Map<string, repo.NewCustomer>();
  const identityOf = new Map<repo.NewCustomer, (typeof wanted)[number]>();
  const byPhone = await phoneOnlyCustomers(
    deps,
    tx,
    orgId,
    wanted.flatMap((w) => (w.byPhone && !(w.byEmail && byEmail.has(w.byEmail)) ? [w.byPhone] : [])),
  );
  // Customers found by phone who get an e-mail in this batch: no longer phone-only for the next intakes.
  const givenEmail = new Set<string>();
  for (const w of wanted) {
    const known = w.byEmail ? byEmail.get(w.byEmail) : undefined;
    if (known) {
      plan.push({ found: known });
      continue;
    }
    const byPhoneAndName = w.byPhone ? byPhone.match(w.byPhone, w.identity.name, givenEmail) : undefined;
    if (byPhoneAndName && w.byEmail && w.email) {
      givenEmail.add(byPhoneAndName.id);
      byEmail.set(w.byEmail, byPhoneAndName);
      plan.push({
        found: byPhoneAndName,
        addEmail: { emailLookup: w.byEmail, emailEnc: await deps.cipher.encrypt(tx, orgId, byPhoneAndName.id, 'email', w.email) },
      });
      continue;
    }
    if (byPhoneAndName) {
      plan.push({ found: byPhoneAndName });
      continue;
    }
    const twin = w.sameAs ? creating.get(w.sameAs) : undefined;
    if (twin) {
      plan.push({ create: twin });
      continue;
    }
    const values: repo.NewCustomer = {
      id: randomUUID(),
      orgId,
      emailLookup: w.byEmail,
      phoneLookup: w.byPhone,
      locale: w.identity.locale ?? 'fr',
      timezone: w.identity.timezone ?? 'Europe/Paris',
      advisorId: null,
    };
    if (w.sameAs) creating.set(w.sameAs, values);
    identityOf.set(values, w);
    plan.push({ create: values });
  }
  const newKeys = deps.cipher.newKeysStatement(
    tx,
    orgId,
    [...identityOf.keys()].map((c) => c.id),
  );
  for (const [values, w] of identityOf) {
    const enc = (field: string, value: string | undefined) =>
      value ? deps.cipher.encrypt(tx, orgId, values.id, field, value) : Promise.resolve(null);
    values.emailEnc = await enc('email', w.email);
    values.nameEnc = await enc('name', w.identity.name);
    // Stored in E.164 when it is a valid number, so the lookup and the display agree.
    values.phoneEnc = await enc('phone', w.e164 ?? w.phone);
    values.addressEnc = await enc('address', w.address);
  }
  return { entries: plan, newKeys };
}

/**
 * The second half: stores the planned customers. One created meanwhile by another transaction
 * with the same e-mail is taken as found (`created` false).
 */
export async function storeCustomers(
  tx: Db,
  orgId: string,
  audits: AuditEntry[],
  requests: readonly CustomerRequest[],
  plan: CustomerPlan,
): Promise<FoundCustomer[]> {
  const fresh = [...new Set(plan.entries.flatMap((p) => ('create' in p ? [p.create] : [])))];
  const inserted = new Map((await repo.insertCustomers(tx, fresh, plan.newKeys ? [plan.newKeys] : [])).map((row) => [row.id, row]));
  const lost = fresh.filter((c) => !inserted.has(c.id));
  const raced = new Map(
    (
      await repo.findCustomersByLookups(
        tx,
        orgId,
        lost.flatMap((c) => (c.emailLookup ? [c.emailLookup] : [])),
      )
    ).map((row) => [row.emailLookup, row]),
  );
  const emailsAdded = plan.entries.flatMap((p) => ('found' in p && p.addEmail ? [{ id: p.found.id, ...p.addEmail }] : []));
  const updated = new Map((await repo.addCustomerEmails(tx, orgId, emailsAdded)).map((row) => [row.id, row]));
  // Changed meanwhile by another transaction (e.g. given another e-mail): refused, never overwritten.
  if (updated.size !== emailsAdded.length) throw new Error('a customer found by phone was changed concurrently');
  plan.entries.forEach((p, i) => {
    const request = requests[i];
    if ('found' in p && p.addEmail && request)
      audits.push({
        ctx: request.ctx,
        event: {
          type: 'customer.updated',
          target: { type: 'customer', id: p.found.id },
          payload: { customerId: p.found.id, fields: ['email'] },
        },
      });
  });
  const announced = new Set<string>();
  return plan.entries.map((p, i) => {
    if ('found' in p) return { customer: updated.get(p.found.id) ?? p.found, created: false };
    const row = inserted.get(p.create.id) ?? raced.get(p.create.emailLookup ?? null);
    if (!row) throw new Error('customer insert lost to a concurrent one that cannot be found');
    const first = inserted.has(row.id) && !announced.has(row.id);
    const request = requests[i];
    if (first && request) {
      announced.add(row.id);
      audits.push({
        ctx: request.ctx,
        event: {
          type: 'customer.created',
          target: { type: 'customer', id: row.id },
          payload: { customerId: row.id, source: request.source },
        },
      });
    }
    return { customer: row, created: first };
  });
}

/**
 * Gives the customer this phone number (E.164), encrypted under their own key with its keyed
 * lookup, in the caller's transaction and audited. `phoneNotice`: the notice they were given when
 * the number was collected (C. consom. L.223-1 from 2026-08-11); the audit event keeps its key,
 * and the customer's phone notices keep it with when and where, in their export (GDPR Art. 15).
 */
export async function setCustomerPhone(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  customerId: string,
  e164: string,
  phoneNotice?: string,
): Promise<void> {
  const orgId = requireOrg(ctx);
  const row = await repo.findCustomerById(tx, orgId, customerId);
  if (!row || row.erasedAt) throw notFound('customer');
  await repo.updateCustomer(tx, orgId, row.id, {
    phoneEnc: await deps.cipher.encrypt(tx, orgId, row.id, 'phone', e164),
    phoneLookup: phoneLookup(deps, orgId, e164),
    updatedAt: deps.clock.now(),
  });
  await deps.audit.record(tx, ctx, {
    type: 'customer.updated',
    target: { type: 'customer', id: row.id },
    payload: { customerId: row.id, fields: ['phone'], ...(phoneNotice ? { phoneNotice } : {}) },
  });
  if (phoneNotice)
    await recordPhoneNotices(tx, ctx, [
      { customerId: row.id, notice: phoneNotice, shownAt: deps.clock.now(), origin: phoneNoticeOrigin(ctx), record: 'phone_number' },
    ]);
}

/** Decrypts a customer row for display or export. */
export async function revealCustomer(deps: Deps, db: Db, row: repo.CustomerRow): Promise<Customer> {
  const dec = (field: string, value: string | null) =>
    value ? deps.cipher.decrypt(db, row.orgId, row.id, field, value) : Promise.resolve(null);
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
