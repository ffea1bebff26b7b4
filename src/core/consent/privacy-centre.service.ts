/**
 * The privacy centre's verbs for data subjects on the portal: what the centre shows them,
 * identifying by e-mail code, giving and withdrawing consent, and withdrawing by an e-mailed link.
 * Each verb owns its transaction, audit events and mails; portal routes only parse and render.
 */
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import {
  emailLookup,
  findCustomerById,
  findCustomerByLookup,
  normalisePhone,
  revealCustomer,
  setCustomerPhone,
} from '../customers/index.ts';
import { queueMail } from '../mail/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { Channel, ConsentKind } from './consent.decision.ts';
import { CHANNELS } from './consent.tables.ts';
import * as repo from './consent.repo.ts';
import { appendConsentEvent, findPurposesWithNotices, inPrivacyTransaction, recordGpcSignal } from './consent.service.ts';
import * as identity from './privacy.identity.ts';
import { phoneCollectionNotice, type PhoneCollectionNotice } from '../../rules/contact/index.ts';

/** A purpose as the centre shows it: with the notice subjects read now. */
export interface PurposeView {
  purpose: repo.PurposeRow;
  notice: repo.NoticeRow | undefined;
}

/** One consent the identified subject can give or withdraw: one purpose on one channel. */
export interface ConsentChoiceView extends PurposeView {
  channel: Channel;
  /** What the ledger says now; `expired` when a given consent has run out. */
  status: ConsentKind | 'none';
  /** Whether the consent holds today (the button then offers to withdraw it). */
  given: boolean;
}

export interface PrivacyCentreView {
  purposes: PurposeView[];
  /**
   * Present when a subject is signed in to this organisation's portal. `email`: the address
   * signed in, shown so the subject knows whose data they see (null if unreadable).
   * `phone`: their number, when a consent purpose uses the phone (else the centre asks for none).
   * `phoneNotice`: the notice owed before a phone number or a phone consent is given (C. consom.
   * L.223-1 from 2026-08-11), null before that day or when no purpose offers the phone channel.
   */
  subject: {
    email: string | null;
    consents: ConsentChoiceView[];
    gpc: boolean;
    phone: { current: string | null } | null;
    phoneNotice: PhoneCollectionNotice | null;
  } | null;
}

/** The signed-in subject of a portal request (access level `subject`), or null. */
function subjectOf(ctx: RequestContext, org: OrganisationRow): string | null {
  return ctx.actor.kind === 'subject' && ctx.actor.orgId === org.id ? ctx.actor.id : null;
}

function requireSubject(ctx: RequestContext, org: OrganisationRow): string {
  const customerId = subjectOf(ctx, org);
  if (!customerId) throw new AppError('portal.unidentified');
  return customerId;
}

/**
 * GDPR Art. 21(5): `Sec-GPC: 1` from an identified subject is an objection by automated means,
 * recorded once. Returns whether the subject objects so (by this signal or an earlier one).
 */
export async function honourGpcSignal(deps: Deps, ctx: RequestContext, org: OrganisationRow, signalled: boolean): Promise<boolean> {
  const customerId = subjectOf(ctx, org);
  if (!customerId) return false;
  if (signalled) {
    await recordGpcSignal(deps, ctx, customerId);
    return true;
  }
  return (await repo.findActiveRestrictions(deps.db, org.id, customerId)).some((r) => r.kind === 'gpc');
}

/** What the privacy centre shows: every active purpose, and the signed-in subject's consents. */
export async function openPrivacyCentre(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  options: { gpcSignal: boolean },
): Promise<PrivacyCentreView> {
  const customerId = subjectOf(ctx, org);
  const gpc = await honourGpcSignal(deps, ctx, org, options.gpcSignal);
  const purposes = (await findPurposesWithNotices(deps, org.id))
    .filter((x) => x.purpose.status === 'active')
    .map((x) => ({ purpose: x.purpose, notice: x.notices.find((n) => n.version === x.purpose.currentVersion) }));
  if (!customerId) return { purposes, subject: null };
  const states = await repo.findStates(deps.db, org.id, customerId);
  const now = deps.clock.now();
  const consents = purposes
    .filter((x) => x.purpose.legalBasis === 'consent')
    .flatMap((x) =>
      x.purpose.channels.map((channelName): ConsentChoiceView => {
        const channel = channelName as Channel;
        const state = states.find((s) => s.purposeId === x.purpose.id && s.channel === channel);
        const given = state?.kind === 'given' && (!state.expiresAt || state.expiresAt > now);
        const status = !state ? 'none' : state.kind === 'given' && !given ? 'expired' : state.kind;
        return { ...x, channel, status, given };
      }),
    );
  const row = await findCustomerById(deps.db, org.id, customerId);
  const revealed = row ? await revealCustomer(deps, deps.db, row) : null;
  const byPhone = consents.some((c) => c.channel === 'phone');
  return {
    purposes,
    subject: {
      email: revealed?.email ?? null,
      consents,
      gpc,
      phone: byPhone ? { current: revealed?.phone ?? null } : null,
      phoneNotice: byPhone ? phoneCollectionNotice(now) : null,
    },
  };
}

/** Whoever asks for or enters a code is nobody yet, even in a browser signed in as someone else. */
function identifying(ctx: RequestContext, org: OrganisationRow): RequestContext {
  return { ...ctx, orgId: org.id, actor: { kind: 'anonymous' } };
}

/**
 * Sends a one-time code to the address, returning the challenge id. The same happens whether or
 * not the address is known, so the answer reveals nothing about who is a customer; an unknown
 * address becomes a customer only once its code is verified. An address that had its share of
 * codes this hour gets none, known or not (issue 15, finding 6: nobody's inbox is flooded).
 */
export async function requestCode(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  email: string,
): Promise<{ ok: true; challengeId: string } | { ok: false; reason: 'address_throttled' }> {
  const orgCtx = identifying(ctx, org);
  const lookup = emailLookup(deps, org.id, email);
  return deps.db.transaction(async (tx) => {
    if (await identity.addressThrottled(deps, tx, org.id, lookup)) return { ok: false, reason: 'address_throttled' as const };
    const known = await findCustomerByLookup(tx, org.id, lookup);
    const recipient: identity.CodeRecipient = known
      ? { customerId: known.id, emailLookup: lookup }
      : { address: email, emailLookup: lookup };
    return { ok: true, challengeId: await identity.sendCode(deps, tx, orgCtx, org.id, recipient, org.name) };
  });
}

/**
 * Signing out ends the session server-side (issue 15, finding 6): its cookie is a signed token,
 * so a copy of it would otherwise keep working until it expires. A session of another
 * organisation, or none, has nothing to end here.
 */
export async function signOut(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  session: identity.SignedPortalSession | null,
): Promise<void> {
  if (!session || session.orgId !== org.id) return;
  const subjectCtx: RequestContext = { ...ctx, orgId: org.id, actor: { kind: 'subject', id: session.customerId, orgId: org.id } };
  await deps.db.transaction(async (tx) => {
    await identity.revokePortalSession(deps, tx, session);
    await deps.audit.record(tx, subjectCtx, {
      type: 'privacy_session.ended',
      target: { type: 'customer', id: session.customerId },
      payload: { sessionId: session.sessionId, customerId: session.customerId },
    });
  });
}

export type IdentifyResult = { ok: true; session: identity.PortalSession } | Extract<identity.CodeResult, { ok: false }>;

/** Checks the code of a challenge; on success, the portal session to open for the subject. */
export async function verifyIdentity(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  challengeId: string,
  code: string,
): Promise<IdentifyResult> {
  const result = await identity.verifyCode(deps, identifying(ctx, org), org.id, challengeId, code);
  return result.ok ? { ok: true, session: { orgId: org.id, orgSlug: org.slug, customerId: result.customerId } } : result;
}

export interface PortalConsentInput {
  purposeId: string;
  channel: Channel;
  userAgent: string | null;
  /** The phone-collection notice the page showed next to a phone consent (`id@version`). */
  phoneNotice?: string | undefined;
}

/** A purpose the subject may consent to on this channel (consent is its legal basis), or a refusal. */
async function consentPurpose(deps: Deps, org: OrganisationRow, input: PortalConsentInput): Promise<repo.PurposeRow> {
  const purpose = await repo.findPurpose(deps.db, org.id, input.purposeId);
  if (!purpose || purpose.legalBasis !== 'consent' || !purpose.channels.includes(input.channel))
    throw new AppError('privacy.invalid_choice');
  return purpose;
}

/**
 * The signed-in subject gives consent (GDPR Art. 7(1)): the ledger event is committed before this
 * resolves, and a confirmation mail carrying a one-click withdrawal link is queued with it.
 */
export async function giveConsent(deps: Deps, ctx: RequestContext, org: OrganisationRow, input: PortalConsentInput): Promise<void> {
  const customerId = requireSubject(ctx, org);
  const purpose = await consentPurpose(deps, org, input);
  const phoneNotice = phoneNoticeShown(deps, input);
  await inPrivacyTransaction(deps, org.id, async (tx, changes) => {
    const event = await appendConsentEvent(deps, tx, ctx, changes, {
      customerId,
      purpose: purpose.id,
      channel: input.channel,
      kind: 'given',
      method: 'web_form',
      source: 'portal',
      userAgent: input.userAgent,
      phoneNotice,
    });
    const notice = (await repo.findNotices(tx, org.id, purpose.id)).find((n) => n.version === event.noticeVersion);
    const customer = await findCustomerById(tx, org.id, customerId);
    const locale = customer?.locale === 'en' ? 'en' : 'fr';
    await queueMail(deps, tx, {
      orgId: org.id,
      to: { customerId },
      template: 'privacy.mail.consentGiven',
      params: {
        org: org.name,
        purpose: notice ? (locale === 'en' ? notice.titleEn : notice.titleFr) : purpose.key,
        channel: t(locale, `privacy.channel.${input.channel}`),
        link: identity.withdrawLink(deps, org.slug, org.id, customerId, purpose.id, input.channel),
      },
    });
  });
}

export type PhoneChange = { ok: true } | { ok: false; problem: 'invalid' | 'notice' };

/**
 * The signed-in subject gives or changes their phone number (GDPR Art. 16). Asked only while a
 * consent purpose uses the phone: otherwise the number would serve nothing (Art. 5(1)(c)). From
 * 2026-08-11 the form shows the notice that phone canvassing needs their consent (C. consom.
 * L.223-1) and carries its key: a form without the notice in force changes nothing, so the
 * number's audit event always names the text read.
 */
export async function changePhone(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  input: { phone: string; phoneNotice?: string | undefined },
): Promise<PhoneChange> {
  const customerId = requireSubject(ctx, org);
  const purposes = await findPurposesWithNotices(deps, org.id);
  if (!purposes.some((x) => x.purpose.status === 'active' && x.purpose.legalBasis === 'consent' && x.purpose.channels.includes('phone')))
    throw new AppError('privacy.invalid_choice');
  const e164 = normalisePhone(input.phone);
  if (!e164) return { ok: false, problem: 'invalid' };
  const owed = phoneCollectionNotice(deps.clock.now());
  if (owed && input.phoneNotice !== owed.key) return { ok: false, problem: 'notice' };
  await deps.db.transaction((tx) => setCustomerPhone(deps, tx, { ...ctx, orgId: org.id }, customerId, e164, owed?.key));
  return { ok: true };
}

/**
 * The notice a phone consent given now is recorded with (C. consom. L.223-1 from 2026-08-11: the
 * consumer is told that phone canvassing needs their consent, and the professional proves it):
 * the form must carry the key of the notice the page showed, and it must be the one in force.
 * A form from a page that showed none, or another version, is refused (400 on `phoneNotice`), so
 * no phone consent is ever recorded as informed by a text the person did not see. Other channels,
 * and every consent before that day, carry none.
 */
function phoneNoticeShown(deps: Deps, input: PortalConsentInput): string | undefined {
  const owed = input.channel === 'phone' ? phoneCollectionNotice(deps.clock.now()) : null;
  if (!owed) return undefined;
  if (input.phoneNotice !== owed.key) throw new AppError('validation', {}, [{ path: 'phoneNotice', code: 'phone_notice_invalid' }]);
  return owed.key;
}

/** The signed-in subject withdraws consent (GDPR Art. 7(3)): committed before this resolves. */
export async function withdrawConsent(deps: Deps, ctx: RequestContext, org: OrganisationRow, input: PortalConsentInput): Promise<void> {
  const customerId = requireSubject(ctx, org);
  const purpose = await consentPurpose(deps, org, input);
  await inPrivacyTransaction(deps, org.id, (tx, changes) =>
    appendConsentEvent(deps, tx, ctx, changes, {
      customerId,
      purpose: purpose.id,
      channel: input.channel,
      kind: 'withdrawn',
      method: 'web_form',
      source: 'portal',
      userAgent: input.userAgent,
    }),
  );
}

export type LinkRefusal = 'forged' | 'expired' | 'replayed' | 'malformed';
export type WithdrawLinkResult = { ok: true; purpose: PurposeView; channel: Channel } | { ok: false; reason: LinkRefusal };

/**
 * What a withdrawal link would withdraw, without withdrawing anything: a GET never changes
 * anything, because mail scanners follow links. Refusals are recorded in the audit log.
 */
export async function checkWithdrawLink(deps: Deps, ctx: RequestContext, org: OrganisationRow, token: string): Promise<WithdrawLinkResult> {
  const link = await readWithdrawLink(deps, ctx, org, token);
  if (!link.ok) return link;
  if (await repo.isLinkUsed(deps.db, org.id, link.tokenId)) return refuseLink(deps, ctx, org, 'replayed', link.fields);
  return { ok: true, purpose: link.purpose, channel: link.channel };
}

/**
 * Withdraws with a signed, single-use link (GDPR Art. 7(3): as easy as giving; also the RFC 8058
 * one-click unsubscribe): the withdrawal and the token's use are committed in one transaction
 * before the page says so.
 */
export async function withdrawByLink(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  token: string,
  userAgent: string | null,
): Promise<WithdrawLinkResult> {
  const link = await readWithdrawLink(deps, ctx, org, token);
  if (!link.ok) return link;
  const subjectCtx: RequestContext = { ...ctx, orgId: org.id, actor: { kind: 'subject', id: link.customerId, orgId: org.id } };
  const done = await inPrivacyTransaction(deps, org.id, async (tx, changes) => {
    if (!(await repo.useLink(tx, org.id, link.tokenId, link.customerId, deps.clock.now()))) return false;
    await appendConsentEvent(deps, tx, subjectCtx, changes, {
      customerId: link.customerId,
      purpose: link.purpose.purpose.id,
      channel: link.channel,
      kind: 'withdrawn',
      method: 'web_form',
      source: 'mail-link',
      userAgent,
    });
    return true;
  });
  return done ? { ok: true, purpose: link.purpose, channel: link.channel } : refuseLink(deps, ctx, org, 'replayed', link.fields);
}

type ReadLink =
  | { ok: true; tokenId: string; customerId: string; purpose: PurposeView; channel: Channel; fields: Record<string, string> }
  | { ok: false; reason: LinkRefusal };

async function readWithdrawLink(deps: Deps, ctx: RequestContext, org: OrganisationRow, token: string): Promise<ReadLink> {
  const check = identity.checkWithdrawToken(deps, org.id, token);
  if (!check.ok) return refuseLink(deps, ctx, org, check.reason, check.fields);
  const { i: tokenId, s: customerId, p: purposeId, c: channel } = check.fields;
  if (!tokenId || !customerId || !purposeId || !CHANNELS.includes(channel as Channel)) return refuseLink(deps, ctx, org, 'forged');
  const purpose = await repo.findPurpose(deps.db, org.id, purposeId);
  if (!purpose) return refuseLink(deps, ctx, org, 'malformed', check.fields);
  const notice = (await repo.findNotices(deps.db, org.id, purpose.id)).find((n) => n.version === purpose.currentVersion);
  return { ok: true, tokenId, customerId, purpose: { purpose, notice }, channel: channel as Channel, fields: check.fields };
}

async function refuseLink(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  reason: LinkRefusal,
  fields?: Record<string, string>,
): Promise<{ ok: false; reason: LinkRefusal }> {
  const uuidOrNull = (value: string | undefined) => (value && /^[0-9a-f-]{36}$/.test(value) ? value : null);
  await deps.db.transaction((tx) =>
    deps.audit.record(
      tx,
      { ...ctx, orgId: org.id },
      {
        type: 'privacy_link.refused',
        payload: { reason, tokenId: uuidOrNull(fields?.i), customerId: uuidOrNull(fields?.s) },
        outcome: 'denied',
      },
    ),
  );
  return { ok: false, reason };
}
