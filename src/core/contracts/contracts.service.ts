/**
 * Contracts: concluded by staff (the back office or the API) on the version of an offer in force,
 * ended by their holder through the portal functions (contracts.portal.service.ts) or by staff at
 * the holder's request (contracts.ending.ts either way). Each verb owns its transaction, its history entry with the evidence
 * and its audit event.
 */
import { randomBytes } from 'node:crypto';
import { addDays, addMonths, toLocalDate, type LocalDate } from '../../rules/index.ts';
import { RENEWAL_RULE_FROM, type NotifiedChange } from '../../rules/transparency/index.ts';
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../errors.ts';
import { emailLookup, findCustomerById, revealCustomer } from '../customers/index.ts';
import { currentVersion, getOffer } from '../offers/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import * as repo from './contracts.repo.ts';
import type { CreateContractInput, EndContractInput } from './contracts.schemas.ts';
import { endPreviewOf, recordEnd } from './contracts.ending.ts';
import { mayWithdraw } from './contracts.policy.ts';

/** Crockford's base32: no I, L, O, U, so a reference read aloud or typed is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP = 5;

/**
 * A new contract reference: 100 random bits (20 base32 characters in groups of five). It is a
 * secret of the termination identification (docs/SECURITY.md): never sequential, never derived.
 */
export function newContractReference(): string {
  const bytes = randomBytes(GROUPS * GROUP);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]!).join('');
  return `CT-${chars.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-')}`;
}

/**
 * A reference as typed (any case, spaces or dashes, O for 0, I or L for 1) in its stored form, or
 * null when it cannot be one.
 */
export function normaliseContractReference(typed: string): string | null {
  const raw = typed
    .toUpperCase()
    .replace(/^\s*CT/, '')
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (raw.length !== GROUPS * GROUP || [...raw].some((c) => !ALPHABET.includes(c))) return null;
  return `CT-${raw.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-')}`;
}

/** The organisation's local day now: contract dates are the trader's days. */
export async function orgToday(deps: Deps, orgId: string): Promise<{ today: LocalDate; timezone: string }> {
  const timezone = (await findOrganisationById(deps.db, orgId))?.timezone ?? 'Europe/Paris';
  return { today: toLocalDate(deps.clock.now(), timezone), timezone };
}

function invalid(path: string, code: string): AppError {
  return new AppError('validation', {}, [{ path, code }]);
}

/**
 * Concludes a contract for a customer on the version of the offer in force now: the sector and
 * renewal terms come from the offer; a fixed duration gives the last committed day, and a tacit
 * renewal the renewal day and the last day to refuse it (the contract's date, the last committed
 * day unless the contract fixes another).
 */
export async function createContract(deps: Deps, ctx: RequestContext, input: CreateContractInput): Promise<repo.ContractRow> {
  const orgId = requireOrg(ctx);
  const offer = await getOffer(deps, ctx, input.offerId);
  const version = currentVersion(offer.versions, deps.clock.now());
  if (!version) throw invalid('offerId', 'offer_not_in_force');
  const startOn = input.startOn ?? input.concludedOn;
  if (startOn < input.concludedOn) throw invalid('startOn', 'date_before_concluded');
  const kind = offer.offer.kind === 'product' ? 'goods' : 'service';
  if (input.goodsReceivedOn !== undefined && input.goodsReceivedOn < input.concludedOn)
    throw invalid('goodsReceivedOn', 'date_before_concluded');
  const commitmentEndOn = version.durationMonths === null ? null : addDays(addMonths(startOn, version.durationMonths), -1);
  const tacit = version.renewal === 'tacit' && commitmentEndOn !== null;
  const renewalOn = tacit ? addDays(commitmentEndOn, 1) : null;
  const lastDayToRefuseOn = tacit ? (input.lastDayToRefuseOn ?? commitmentEndOn) : null;
  if (lastDayToRefuseOn !== null && renewalOn !== null && (lastDayToRefuseOn >= renewalOn || lastDayToRefuseOn < startOn))
    throw invalid('lastDayToRefuseOn', 'last_day_to_refuse_range');
  // The reminder job judges each renewal by the L.215-1 in force on its last day to refuse; the
  // dated pack starts at the 2016 recodification, so an older day could never be judged.
  if (lastDayToRefuseOn !== null && lastDayToRefuseOn < RENEWAL_RULE_FROM) throw invalid('lastDayToRefuseOn', 'renewal_before_rules');
  return deps.db.transaction(async (tx) => {
    const customerRow = await findCustomerById(tx, orgId, input.customerId);
    if (!customerRow || customerRow.erasedAt) throw notFound('customer');
    const email = input.email ?? (await revealCustomer(deps, tx, customerRow)).email;
    if (!email) throw invalid('email', 'required');
    const now = deps.clock.now();
    const contract = await repo.insertContract(tx, {
      orgId,
      customerId: customerRow.id,
      offerId: offer.offer.id,
      offerVersionId: version.id,
      reference: newContractReference(),
      channel: input.channel,
      sector: offer.offer.sector,
      kind,
      concludedOn: input.concludedOn,
      startOn,
      goodsReceivedOn: input.goodsReceivedOn ?? null,
      withdrawalInformedOn: input.withdrawalInformedOn === undefined ? input.concludedOn : input.withdrawalInformedOn,
      commitmentEndOn,
      renewal: version.renewal,
      renewalOn,
      lastDayToRefuseOn,
      emailEnc: await deps.cipher.encrypt(tx, orgId, customerRow.id, 'contract.email', email),
      emailLookup: emailLookup(deps, orgId, email),
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertEvent(tx, {
      orgId,
      contractId: contract.id,
      type: 'concluded',
      at: now,
      evidence: {
        template: null,
        locale: null,
        shownDate: input.concludedOn,
        ref: 'C. consom. L.221-13',
        via: ctx.actor.kind === 'system' ? 'seed' : 'backoffice',
      },
    });
    await deps.audit.record(tx, ctx, {
      type: 'contract.created',
      target: { type: 'contract', id: contract.id },
      payload: {
        contractId: contract.id,
        customerId: contract.customerId,
        offerId: contract.offerId,
        offerVersionId: contract.offerVersionId,
        channel: contract.channel,
        sector: contract.sector,
        concludedOn: contract.concludedOn,
      },
    });
    return contract;
  });
}

/**
 * Staff end a contract for its holder who asked by phone, letter, e-mail or at the shop: the same
 * end date as the portal function gives today, and the same acknowledgement on a durable medium
 * to the contract's address on file (D.215-3; L.221-21), recorded with how the holder asked. A
 * withdrawal past its period, or for a contract without the right, is refused: staff offer the
 * termination instead, as the portal does.
 */
export async function endContractForHolder(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: EndContractInput,
): Promise<repo.ContractRow> {
  const orgId = requireOrg(ctx);
  const org = await findOrganisationById(deps.db, orgId);
  const found = await repo.findContract(deps.db, orgId, id);
  if (!org || !found) throw notFound('contract');
  if (found.status !== 'active') throw new AppError('contract.ended');
  const { today } = await orgToday(deps, orgId);
  if (input.action === 'withdraw' && !mayWithdraw(found, today)) throw new AppError('contract.withdrawal_closed');
  // Read before the transaction (offer names, the address): the transaction then locks and re-checks.
  const preview = await endPreviewOf(deps, ctx, org, found, input.action, today);
  return deps.db.transaction(async (tx) => {
    const contract = await repo.lockContract(tx, orgId, id);
    if (!contract) throw notFound('contract');
    if (contract.status !== 'active') throw new AppError('contract.ended');
    await recordEnd(deps, tx, ctx, org, contract, preview, {
      via: 'backoffice',
      locale: input.locale ?? (org.defaultLocale === 'en' ? 'en' : 'fr'),
      requestedVia: input.requestedVia,
    });
    return (await repo.findContract(tx, orgId, id))!;
  });
}

/**
 * A change notice went to the holder (change-campaigns, in its sending transaction): from now until
 * its last day to terminate, a termination is without cost and ends before the change applies
 * (C. consom. L.224-33, L.224-10; C. monét. fin. L.312-1-1 III; R.212-4: termination.ts).
 */
export async function recordNotifiedChange(
  tx: Db,
  orgId: string,
  contractId: string,
  change: NotifiedChange,
  today: LocalDate,
): Promise<void> {
  await repo.recordNotifiedChange(tx, orgId, contractId, change, today);
}

/**
 * The change a holder was told of applies (change-campaigns, on the notice's effective day, in its
 * transaction): the contract moves to the new version, with its history entry. Only a contract
 * whose notice was actually sent gets here (C. consom. L.224-33, L.224-10; C. monét. fin.
 * L.312-1-1: a change not notified in time cannot be applied to the customer).
 */
export async function applyOfferVersion(
  tx: Db,
  orgId: string,
  contractId: string,
  change: { toVersionId: string; effectiveOn: LocalDate; ref: string; at: Date },
): Promise<void> {
  await repo.setOfferVersion(tx, orgId, contractId, change.toVersionId, change.at);
  await repo.insertEvent(tx, {
    orgId,
    contractId,
    type: 'changed',
    at: change.at,
    evidence: { template: null, locale: null, shownDate: change.effectiveOn, ref: change.ref, via: 'worker' },
  });
}
