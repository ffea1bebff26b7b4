/**
 * Phone prospecting consent recorded by an agent on the phone (issue 11). From 2026-08-11 a
 * professional may canvass a consumer by phone only with their prior consent, which it proves
 * (C. consom. L.223-1 as rewritten by loi 2025-594 art. 13 III), and the consumer whose number is
 * collected is told so: the agent reads the notice out and says so, and its version is stored with
 * the consent event (the consent proof). A withdrawal needs nothing read: withdrawing is as easy as
 * giving (GDPR Art. 7(3)). The ledger is the consent module's: this only chooses the purposes (the
 * phone prospecting consents the guard reads) and goes through its append path.
 */
import { phoneCollectionNotice, type PhoneCollectionNotice } from '../../rules/contact/index.ts';
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { findCustomerById } from '../customers/index.ts';
import { findPurposesWithNotices, freshConsentIndex, recordConsent } from '../consent/index.ts';
import * as policy from './contact.policy.ts';
import type { PhoneConsentInput } from './contact.schemas.ts';

/** One phone prospecting purpose with its current notice's title and the customer's state on it. */
export interface PhoneConsentPurpose {
  id: string;
  key: string;
  titleFr: string;
  titleEn: string;
  state: 'given' | 'withdrawn' | 'none';
  /** The ledger event the state stands on (the consent proof), null when none. */
  eventId: string | null;
}

export interface PhoneConsentView {
  customerId: string;
  /** The notice to read out before a consent is recorded now (null before 2026-08-11 in the customer's day). */
  notice: PhoneCollectionNotice | null;
  purposes: PhoneConsentPurpose[];
}

async function customerOf(deps: Deps, orgId: string, customerId: string) {
  const customer = await findCustomerById(deps.db, orgId, customerId);
  // Another organisation's customer, an erased one or none: all answered alike.
  if (!customer || customer.erasedAt) throw notFound('customer');
  return customer;
}

/** The phone prospecting purposes of the organisation (those the guard reads) with their notices. */
async function phonePurposes(deps: Deps, orgId: string) {
  const all = await findPurposesWithNotices(deps, orgId);
  const phone = new Set(policy.prospectingPurposes(all.map((p) => p.purpose), 'phone').map((p) => p.id));
  return all.filter((p) => phone.has(p.purpose.id));
}

/** What the agent's screen shows: the notice to read out and the customer's phone prospecting consents now. */
export async function findPhoneConsent(deps: Deps, ctx: RequestContext, customerId: string): Promise<PhoneConsentView> {
  const orgId = requireOrg(ctx);
  const customer = await customerOf(deps, orgId, customerId);
  const [purposes, index] = await Promise.all([phonePurposes(deps, orgId), freshConsentIndex(deps, orgId)]);
  const now = deps.clock.now();
  return {
    customerId: customer.id,
    notice: phoneCollectionNotice(now, customer.timezone),
    purposes: purposes.map(({ purpose, notices }) => {
      const notice = notices.find((n) => n.version === purpose.currentVersion) ?? notices.at(-1);
      const reading = policy.readConsent(index.can(customer.id, purpose.key, 'phone', now.getTime()));
      return {
        id: purpose.id,
        key: purpose.key,
        titleFr: notice?.titleFr ?? purpose.key,
        titleEn: notice?.titleEn ?? purpose.key,
        state: reading.state,
        eventId: reading.eventId,
      };
    }),
  };
}

/**
 * Records, from the agent's screen, that the customer on the phone gave or withdrew their phone
 * prospecting consent for one purpose (method `phone_recorded`). A consent given from 2026-08-11
 * needs the notice read out (`phoneNotice`, the version the screen showed: C. consom. L.223-1);
 * the consent module checks it is the one in force, stores it with the event and in the
 * customer's phone notices, and audits the event (`consent.recorded`) in the same transaction.
 */
export async function recordPhoneConsent(deps: Deps, ctx: RequestContext, input: PhoneConsentInput) {
  const orgId = requireOrg(ctx);
  const customer = await customerOf(deps, orgId, input.customerId);
  const purpose = (await phonePurposes(deps, orgId)).find((p) => p.purpose.id === input.purpose || p.purpose.key === input.purpose);
  if (!purpose) throw new AppError('validation', {}, [{ path: 'purpose', code: 'phone_consent_purpose' }]);
  const owed = input.kind === 'given' ? phoneCollectionNotice(deps.clock.now(), customer.timezone) : null;
  // L.223-1: no phone consent from 2026-08-11 without the notice read; a withdrawal carries none.
  if (owed && input.phoneNotice === undefined) throw new AppError('validation', {}, [{ path: 'phoneNotice', code: 'phone_notice_unread' }]);
  if (input.kind === 'withdrawn' && input.phoneNotice !== undefined)
    throw new AppError('validation', {}, [{ path: 'phoneNotice', code: 'phone_notice_invalid' }]);
  return recordConsent(deps, ctx, {
    customerId: customer.id,
    purpose: purpose.purpose.id,
    channel: 'phone',
    kind: input.kind,
    method: 'phone_recorded',
    source: 'backoffice:phone',
    phoneNotice: input.kind === 'given' ? input.phoneNotice : undefined,
    proofRef: input.proofRef ?? null,
  });
}
