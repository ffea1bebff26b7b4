/**
 * How the privacy centre knows who it is talking to, without accounts: one-time e-mail codes,
 * the signed portal session of an identified subject, form tokens against cross-site posts, and
 * signed links (withdrawal, download). Pure service code: the cookies that carry some of these
 * tokens are set and read by the HTTP layer (src/api/plugins/portal.ts), never here.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { queueMail } from '../mail/index.ts';
import { findCustomerById, findOrCreateCustomer } from '../customers/index.ts';
import type { Channel } from './consent.decision.ts';
import * as repo from './consent.repo.ts';
import {
  deriveKey,
  hashCode,
  signCompact,
  signToken,
  verifyCompact,
  verifyToken,
  type TokenCheck,
  type TokenUse,
} from './privacy.tokens.ts';
import { CHANNELS } from './consent.tables.ts';
import { secretsEqual } from '../secrets.ts';
import { decryptField, deriveKey as deriveSealKey, encryptField, memoisedKey } from '../subject-keys/index.ts';

export const PORTAL_SESSION_MINUTES = 30;
export const CODE_MINUTES = 10;
export const CODE_MAX_TRIES = 5;
/** Codes one address may receive in an hour, on top of the per-source rate limit of the route. */
export const CODES_PER_ADDRESS_PER_HOUR = 5;
const FORM_TOKEN_HOURS = 2;
export const WITHDRAW_LINK_DAYS = 60;
export const EXPORT_LINK_DAYS = 7;
const MINUTE = 60_000;

/** One key per use, so a token made for one use is refused by every other. */
const keyOf = (deps: Deps, use: TokenUse): Buffer =>
  memoisedKey(deps.config.masterKey, `privacy-token:${use}`, (master) => deriveKey(master, use));
const nowMs = (deps: Deps) => deps.clock.now().getTime();

// ---------------------------------------------------------------------------------------------
// Portal session of an identified subject
// ---------------------------------------------------------------------------------------------

/** Who a portal session token names: the organisation (id and the slug of its portal URLs) and the subject. */
export interface PortalSession {
  orgId: string;
  orgSlug: string;
  customerId: string;
}

/** A session as its token carries it: with the id that signing out revokes. */
export interface SignedPortalSession extends PortalSession {
  sessionId: string;
}

/** A session token for a subject whose code was just verified, and how long it lives. */
export function signPortalSession(deps: Deps, session: PortalSession): { token: string; maxAgeSeconds: number } {
  const fields = { i: randomUUID(), o: session.orgId, g: session.orgSlug, s: session.customerId };
  const token = signToken(keyOf(deps, 'portal-session'), fields, nowMs(deps) + PORTAL_SESSION_MINUTES * MINUTE);
  return { token, maxAgeSeconds: PORTAL_SESSION_MINUTES * 60 };
}

/**
 * The session a token carries, or null if it is forged, expired or malformed. Signature and
 * expiry only: whether it was ended by signing out is isPortalSessionLive's question.
 */
export function readPortalSession(deps: Deps, token: string): SignedPortalSession | null {
  const check = verifyToken(keyOf(deps, 'portal-session'), token, nowMs(deps));
  const { i, o, g, s } = check.fields ?? {};
  if (!check.ok || !i || !o || !g || !s) return null;
  return { sessionId: i, orgId: o, orgSlug: g, customerId: s };
}

/** Whether a session was not ended by signing out (a copied cookie must not outlive the sign-out). */
export async function isPortalSessionLive(deps: Deps, session: SignedPortalSession): Promise<boolean> {
  return !(await repo.isPortalSessionRevoked(deps.db, session.sessionId));
}

/** Ends a session server-side until it would have expired anyway (it cannot live longer than that from now). */
export async function revokePortalSession(deps: Deps, tx: Db, session: SignedPortalSession): Promise<void> {
  const now = deps.clock.now();
  await repo.revokePortalSession(tx, session.orgId, session.sessionId, new Date(now.getTime() + PORTAL_SESSION_MINUTES * MINUTE), now);
}

// ---------------------------------------------------------------------------------------------
// Form tokens: a random nonce the browser keeps in an HttpOnly SameSite cookie, and a signed token
// bound to it in a hidden field. A cross-site form can neither read the token nor send the cookie.
// ---------------------------------------------------------------------------------------------

const nonceHash = (nonce: string) => createHash('sha256').update(nonce).digest('base64url').slice(0, 22);

/** A form token for the organisation's privacy forms, bound to the browser's nonce. */
export function signFormToken(deps: Deps, orgId: string, nonce: string): string {
  return signToken(keyOf(deps, 'form'), { o: orgId, n: nonceHash(nonce) }, nowMs(deps) + FORM_TOKEN_HOURS * 3_600_000);
}

/** Whether a posted form token was issued by this organisation to this browser, and is still fresh. */
export function checkFormToken(deps: Deps, orgId: string, nonce: string | undefined, token: string): boolean {
  if (!nonce) return false;
  const check = verifyToken(keyOf(deps, 'form'), token, nowMs(deps));
  return check.ok && check.fields.o === orgId && check.fields.n === nonceHash(nonce);
}

// ---------------------------------------------------------------------------------------------
// One-time codes (identity check by the address on file)
// ---------------------------------------------------------------------------------------------

/**
 * Who a code goes to: a customer on file, or an address nobody has yet. Nothing is created for an
 * unknown address until its code is verified (issue 15, finding 6): anyone can type any address.
 */
export type CodeRecipient = { customerId: string; emailLookup: string | null } | { address: string; emailLookup: string };

/** The address of a not-yet customer, sealed to its challenge: a key of its own, bound to the code's id. */
const pendingKey = (deps: Deps): Buffer =>
  memoisedKey(deps.config.masterKey, 'privacy-pending-address', (master) => deriveSealKey(master, 'confiance/privacy-pending-address/v1'));
const PENDING_FIELD = 'privacy_otps.pending_email';

/** Whether `address` has had its share of codes this hour (whoever asked, known or not: the answer reveals nobody). */
export async function addressThrottled(deps: Deps, tx: Db, orgId: string, emailLookup: string): Promise<boolean> {
  const since = new Date(nowMs(deps) - 60 * MINUTE);
  return (await repo.countOtpsToAddress(tx, orgId, emailLookup, since)) >= CODES_PER_ADDRESS_PER_HOUR;
}

/** Creates a code for the recipient, queues the e-mail in the same transaction; returns the challenge id. */
export async function sendCode(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  orgId: string,
  recipient: CodeRecipient,
  orgName: string,
): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = randomUUID();
  const now = deps.clock.now();
  const customerId = 'customerId' in recipient ? recipient.customerId : null;
  await repo.insertOtp(tx, {
    id,
    orgId,
    customerId,
    emailLookup: recipient.emailLookup,
    pendingEmailEnc: 'address' in recipient ? encryptField(pendingKey(deps), id, PENDING_FIELD, recipient.address) : null,
    codeHash: hashCode(deps.config.masterKey, id, code),
    expiresAt: new Date(now.getTime() + CODE_MINUTES * MINUTE),
    createdAt: now,
  });
  await queueMail(deps, tx, {
    orgId,
    ...('address' in recipient ? { to: { address: recipient.address }, locale: ctx.locale } : { to: { customerId: recipient.customerId } }),
    template: 'privacy.mail.code',
    params: { code, minutes: CODE_MINUTES, org: orgName },
  });
  await deps.audit.record(
    tx,
    { ...ctx, orgId },
    {
      type: 'privacy_code.sent',
      ...(customerId ? { target: { type: 'customer', id: customerId } } : {}),
      payload: { codeId: id, customerId },
    },
  );
  return id;
}

export type CodeResult =
  { ok: true; customerId: string } | { ok: false; reason: 'wrong' | 'expired' | 'used' | 'too_many_tries' | 'unknown'; triesLeft: number };

/**
 * Checks a code: short life, limited tries (each failure counted and committed), single use.
 * Codes are compared as HMACs in constant time.
 */
export async function verifyCode(deps: Deps, ctx: RequestContext, orgId: string, challengeId: string, code: string): Promise<CodeResult> {
  const result = await deps.db.transaction(async (tx): Promise<CodeResult> => {
    const otp = /^[0-9a-f-]{36}$/.test(challengeId) ? await repo.findOtpForUpdate(tx, orgId, challengeId) : undefined;
    const now = deps.clock.now();
    let failure: CodeResult | null = null;
    if (!otp) failure = { ok: false, reason: 'unknown', triesLeft: 0 };
    else if (otp.consumedAt) failure = { ok: false, reason: 'used', triesLeft: 0 };
    else if (otp.expiresAt <= now) failure = { ok: false, reason: 'expired', triesLeft: 0 };
    else if (otp.attempts >= CODE_MAX_TRIES) failure = { ok: false, reason: 'too_many_tries', triesLeft: 0 };
    else if (!secretsEqual(otp.codeHash, hashCode(deps.config.masterKey, otp.id, code.trim()))) {
      await repo.updateOtp(tx, orgId, otp.id, { attempts: otp.attempts + 1 });
      const left = CODE_MAX_TRIES - otp.attempts - 1;
      failure = { ok: false, reason: left > 0 ? 'wrong' : 'too_many_tries', triesLeft: left };
    }
    if (failure || !otp) {
      const refused = failure ?? { ok: false as const, reason: 'unknown' as const, triesLeft: 0 };
      await deps.audit.record(
        tx,
        { ...ctx, orgId },
        { type: 'privacy_code.rejected', payload: { codeId: otp?.id ?? null, reason: refused.reason } },
      );
      return refused;
    }
    // The address is proven now: only now does someone who was nobody become a customer.
    const customerId =
      otp.customerId ??
      (
        await findOrCreateCustomer(
          deps,
          tx,
          { ...ctx, orgId },
          { email: decryptField(pendingKey(deps), otp.id, PENDING_FIELD, otp.pendingEmailEnc ?? ''), locale: ctx.locale },
          'portal',
        )
      ).customer.id;
    await repo.updateOtp(tx, orgId, otp.id, { consumedAt: now, customerId, pendingEmailEnc: null });
    await deps.audit.record(
      tx,
      { ...ctx, orgId, actor: { kind: 'subject', id: customerId, orgId } },
      {
        type: 'privacy_code.verified',
        target: { type: 'customer', id: customerId },
        payload: { codeId: otp.id, customerId },
      },
    );
    return { ok: true, customerId };
  });
  if (result.ok) {
    const customer = await findCustomerById(deps.db, orgId, result.customerId);
    if (!customer || customer.erasedAt) return { ok: false, reason: 'unknown', triesLeft: 0 };
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Signed links
// ---------------------------------------------------------------------------------------------

/** A single-use, expiring withdrawal link for one purpose and channel, to put in every consent e-mail. */
export function withdrawLink(deps: Deps, orgSlug: string, orgId: string, customerId: string, purposeId: string, channel: Channel): string {
  const token = signCompact(
    keyOf(deps, 'withdraw'),
    orgId,
    { i: randomUUID(), s: customerId, p: purposeId, c: CHANNELS.indexOf(channel) },
    nowMs(deps) + WITHDRAW_LINK_DAYS * 86_400_000,
  );
  return `${deps.config.publicUrl}/portal/${orgSlug}/privacy/withdraw/${token}`;
}

/** Checks a withdrawal token's signature and expiry; field `c` comes back as the channel name. */
export function checkWithdrawToken(deps: Deps, orgId: string, token: string): TokenCheck {
  const check = verifyCompact(keyOf(deps, 'withdraw'), orgId, token, nowMs(deps));
  const channel = check.fields ? CHANNELS[Number(check.fields.c)] : undefined;
  if (check.fields) check.fields.c = channel ?? '';
  return check;
}

/** An expiring download link for an access/portability package. */
export function exportLink(deps: Deps, orgSlug: string, orgId: string, exportId: string, expiresAt: Date): string {
  const token = signToken(keyOf(deps, 'export'), { o: orgId, e: exportId }, expiresAt.getTime());
  return `/portal/${orgSlug}/privacy/exports/${token}`;
}

/** The export a download token names in the organisation, or why it is refused. */
export function checkExportToken(
  deps: Deps,
  orgId: string,
  token: string,
): { ok: true; exportId: string } | { ok: false; reason: 'expired' | 'invalid' } {
  const check = verifyToken(keyOf(deps, 'export'), token, nowMs(deps));
  if (check.ok && check.fields.o === orgId && check.fields.e) return { ok: true, exportId: check.fields.e };
  return { ok: false, reason: !check.ok && check.reason === 'expired' ? 'expired' : 'invalid' };
}
