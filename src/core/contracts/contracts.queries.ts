/** Read models of contracts: a customer's contracts, one contract with its history, decrypted for the page. */
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { emailLookup, findCustomersByIds, revealCustomer } from '../customers/index.ts';
import { listOffers, type OfferVersionRow } from '../offers/index.ts';
import type { Db } from '../../db/client.ts';
import type { LocalDate } from '../../rules/index.ts';
import * as repo from './contracts.repo.ts';
import { normaliseContractReference, orgToday } from './contracts.service.ts';
import type { ContractListQuery } from './contracts.schemas.ts';

export interface ContractView {
  contract: repo.ContractRow;
  version: OfferVersionRow;
  /** The holder's name, decrypted for the page (null once erased). */
  customerName: string | null;
}

export interface ContractEventView {
  event: repo.ContractEventRow;
  sentTo: string | null;
}

export interface ContractDetailView extends ContractView {
  /** The organisation's day: what ending the contract today would give. */
  today: LocalDate;
  email: string | null;
  history: ContractEventView[];
}

/** The offer versions of the organisation by id (a handful of offers, read once per page). */
async function versionsById(deps: Deps, ctx: RequestContext): Promise<Map<string, OfferVersionRow>> {
  const offers = await listOffers(deps, ctx);
  return new Map(offers.flatMap((o) => o.versions.map((v) => [v.id, v] as const)));
}

async function viewsOf(
  deps: Deps,
  orgId: string,
  rows: repo.ContractRow[],
  versions: Map<string, OfferVersionRow>,
): Promise<ContractView[]> {
  const customers = new Map((await findCustomersByIds(deps.db, orgId, [...new Set(rows.map((r) => r.customerId))])).map((c) => [c.id, c]));
  const names = new Map<string, string | null>();
  for (const c of customers.values()) names.set(c.id, c.erasedAt ? null : (await revealCustomer(deps, deps.db, c)).name);
  return rows.flatMap((contract) => {
    const version = versions.get(contract.offerVersionId);
    return version ? [{ contract, version, customerName: names.get(contract.customerId) ?? null }] : [];
  });
}

/** Contracts a list page shows. */
export const PAGE_SIZE = 50;

/**
 * The contracts matching the back office's search, newest first, a page at a time: `q` is a whole
 * reference as typed, the last group staff see, or the contract's e-mail address (by its keyed hash).
 */
export async function listContracts(
  deps: Deps,
  ctx: RequestContext,
  query: ContractListQuery,
): Promise<{ items: ContractView[]; nextPage: number | null }> {
  const orgId = requireOrg(ctx);
  const filter: repo.ContractFilter = { customerId: query.customerId, status: query.status, offerId: query.offerId };
  const q = query.q?.trim();
  if (q) {
    const group = q.toUpperCase().replace(/^CT-?…?-?/, '');
    if (q.includes('@')) filter.emailLookup = emailLookup(deps, orgId, q);
    else if (normaliseContractReference(q)) filter.reference = normaliseContractReference(q)!;
    else if (/^[0-9A-HJKMNP-TV-Z]{5}$/.test(group)) filter.referenceEnd = group;
    else return { items: [], nextPage: null };
  }
  const page = query.page ?? 1;
  // One row more than the page tells whether there is a next page, without counting them all.
  const rows = await repo.searchContracts(deps.db, orgId, filter, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
  const items = rows.length === 0 ? [] : await viewsOf(deps, orgId, rows.slice(0, PAGE_SIZE), await versionsById(deps, ctx));
  return { items, nextPage: rows.length > PAGE_SIZE ? page + 1 : null };
}

const decrypt = (deps: Deps, db: Db, c: repo.ContractRow, value: string | null) =>
  value ? deps.cipher.decrypt(db, c.orgId, c.customerId, 'contract.email', value) : Promise.resolve(null);

/** One contract, its holder's name and address, and its history with where each message went. */
export async function contractDetailOf(deps: Deps, ctx: RequestContext, contract: repo.ContractRow): Promise<ContractDetailView> {
  const [view] = await viewsOf(deps, contract.orgId, [contract], await versionsById(deps, ctx));
  if (!view) throw notFound('contract');
  const events = await repo.findEvents(deps.db, contract.orgId, contract.id);
  return {
    ...view,
    today: (await orgToday(deps, contract.orgId)).today,
    email: await decrypt(deps, deps.db, contract, contract.emailEnc),
    history: await Promise.all(events.map(async (event) => ({ event, sentTo: await decrypt(deps, deps.db, contract, event.sentToEnc) }))),
  };
}

export async function getContract(deps: Deps, ctx: RequestContext, id: string): Promise<ContractDetailView> {
  const contract = await repo.findContract(deps.db, requireOrg(ctx), id);
  if (!contract) throw notFound('contract');
  return contractDetailOf(deps, ctx, contract);
}
