/** Read models of contracts: a customer's contracts, one contract with its history, decrypted for the page. */
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findCustomersByIds, revealCustomer } from '../customers/index.ts';
import { listOffers, type OfferVersionRow } from '../offers/index.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './contracts.repo.ts';

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

/** How many contracts the list shows without a customer: the latest ones, to find a contract to open. */
export const LATEST_LIMIT = 100;

/** A customer's contracts, or without a customer the organisation's latest ones. */
export async function listContracts(deps: Deps, ctx: RequestContext, customerId: string | undefined): Promise<ContractView[]> {
  const orgId = requireOrg(ctx);
  const rows = customerId
    ? await repo.findCustomerContracts(deps.db, orgId, customerId)
    : await repo.findLatestContracts(deps.db, orgId, LATEST_LIMIT);
  return rows.length === 0 ? [] : viewsOf(deps, orgId, rows, await versionsById(deps, ctx));
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
    email: await decrypt(deps, deps.db, contract, contract.emailEnc),
    history: await Promise.all(events.map(async (event) => ({ event, sentTo: await decrypt(deps, deps.db, contract, event.sentToEnc) }))),
  };
}

export async function getContract(deps: Deps, ctx: RequestContext, id: string): Promise<ContractDetailView> {
  const contract = await repo.findContract(deps.db, requireOrg(ctx), id);
  if (!contract) throw notFound('contract');
  return contractDetailOf(deps, ctx, contract);
}
