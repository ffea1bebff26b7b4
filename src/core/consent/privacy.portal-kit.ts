/**
 * The privacy centre's portal plumbing, shared by the consent and dsr portal pages: the subject's
 * portal session (a short signed HttpOnly cookie, distinct from staff sessions), form tokens
 * against cross-site posts on anonymous forms, one-time e-mail codes and signed links.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { queueMail } from '../mail/mail.service.ts';
import { findCustomerById } from '../customers/customers.repo.ts';
import type { Channel } from './consent.decision.ts';
import * as repo from './consent.repo.ts';
import { deriveKey, hashCode, signCompact, signToken, verifyCompact, verifyToken, type TokenCheck } from './privacy.tokens.ts';
import { CHANNELS } from './consent.tables.ts';
import { secretsEqual } from '../secrets.ts';

export const PORTAL_SESSION_COOKIE = 'cf_privacy';
const FORM_COOKIE = 'cf_pform';
export const PORTAL_SESSION_MINUTES = 30;
export const CODE_MINUTES = 10;
export const CODE_MAX_TRIES = 5;
const FORM_TOKEN_HOURS = 2;
export const WITHDRAW_LINK_DAYS = 60;
export const EXPORT_LINK_DAYS = 7;

const MINUTE = 60_000;
const keys = new WeakMap<Deps, Record<'session' | 'form' | 'withdraw' | 'export', Buffer>>();
function keyOf(deps: Deps, use: 'session' | 'form' | 'withdraw' | 'export'): Buffer {
  let k = keys.get(deps);
  if (!k) {
    const m = deps.config.masterKey;
    k = { session: deriveKey(m, 'portal-session'), form: deriveKey(m, 'form'), withdraw: deriveKey(m, 'withdraw'), export: deriveKey(m, 'export') };
    keys.set(deps, k);
  }
  return k[use];
}

const cookieOptions = (deps: Deps, extra: { maxAge?: number } = {}) => ({ path: '/portal', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.secureCookies, ...extra });

// ---------------------------------------------------------------------------------------------
// Portal session
// ---------------------------------------------------------------------------------------------

/** The identified subject of this browser in this organisation, or null. */
export function portalSubject(deps: Deps, request: FastifyRequest, orgId: string): string | null {
  const value = request.cookies[PORTAL_SESSION_COOKIE];
  if (!value) return null;
  const check = verifyToken(keyOf(deps, 'session'), value, deps.clock.now().getTime());
  return check.ok && check.fields.o === orgId && check.fields.s ? check.fields.s : null;
}

export function startPortalSession(deps: Deps, reply: FastifyReply, orgId: string, customerId: string): void {
  const token = signToken(keyOf(deps, 'session'), { o: orgId, s: customerId }, deps.clock.now().getTime() + PORTAL_SESSION_MINUTES * MINUTE);
  reply.setCookie(PORTAL_SESSION_COOKIE, token, cookieOptions(deps, { maxAge: PORTAL_SESSION_MINUTES * 60 }));
}

export function endPortalSession(deps: Deps, reply: FastifyReply): void {
  reply.clearCookie(PORTAL_SESSION_COOKIE, cookieOptions(deps));
}

/** The context of a request made by an identified subject. */
export function subjectContext(ctx: RequestContext, orgId: string, customerId: string | null): RequestContext {
  return { ...ctx, orgId, actor: customerId ? { kind: 'subject', id: customerId, orgId } : { kind: 'anonymous' } };
}

// ---------------------------------------------------------------------------------------------
// Form tokens: a random HttpOnly SameSite cookie, and a signed token bound to it in a hidden
// field. A cross-site form can neither read the token nor send the cookie, so it cannot post.
// ---------------------------------------------------------------------------------------------

const nonceHash = (nonce: string) => createHash('sha256').update(nonce).digest('base64url').slice(0, 22);

export function issueFormToken(deps: Deps, request: FastifyRequest, reply: FastifyReply, orgId: string): string {
  let nonce = request.cookies[FORM_COOKIE];
  if (!nonce || nonce.length !== 32) {
    nonce = randomBytes(24).toString('base64url');
    reply.setCookie(FORM_COOKIE, nonce, cookieOptions(deps));
    // Later tokens on the same page render must reuse this nonce.
    request.cookies[FORM_COOKIE] = nonce;
  }
  return signToken(keyOf(deps, 'form'), { o: orgId, n: nonceHash(nonce) }, deps.clock.now().getTime() + FORM_TOKEN_HOURS * 3_600_000);
}

export function checkFormToken(deps: Deps, request: FastifyRequest, orgId: string, token: string): boolean {
  const nonce = request.cookies[FORM_COOKIE];
  if (!nonce) return false;
  const check = verifyToken(keyOf(deps, 'form'), token, deps.clock.now().getTime());
  return check.ok && check.fields.o === orgId && check.fields.n === nonceHash(nonce);
}

// ---------------------------------------------------------------------------------------------
// One-time codes (identity check by the address on file)
// ---------------------------------------------------------------------------------------------

/** Creates a code for the subject, queues the e-mail in the same transaction; returns the challenge id. */
export async function sendCode(deps: Deps, tx: Db, ctx: RequestContext, orgId: string, customerId: string, orgName: string): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = randomUUID();
  const now = deps.clock.now();
  await repo.insertOtp(tx, { id, orgId, customerId, codeHash: hashCode(deps.config.masterKey, id, code), expiresAt: new Date(now.getTime() + CODE_MINUTES * MINUTE), createdAt: now });
  await queueMail(deps, tx, { orgId, to: { customerId }, template: 'privacy.mail.code', params: { code, minutes: CODE_MINUTES, org: orgName } });
  await deps.audit.record(tx, { ...ctx, orgId }, { type: 'privacy_code.sent', target: { type: 'customer', id: customerId }, payload: { codeId: id, customerId } });
  return id;
}

export type CodeResult = { ok: true; customerId: string } | { ok: false; reason: 'wrong' | 'expired' | 'used' | 'too_many_tries' | 'unknown'; triesLeft: number };

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
    if (failure && !failure.ok) {
      await deps.audit.record(tx, { ...ctx, orgId }, { type: 'privacy_code.rejected', payload: { codeId: otp?.id ?? null, reason: failure.reason } });
      return failure;
    }
    await repo.updateOtp(tx, orgId, otp!.id, { consumedAt: now });
    await deps.audit.record(tx, { ...ctx, orgId, actor: { kind: 'subject', id: otp!.customerId, orgId } }, { type: 'privacy_code.verified', target: { type: 'customer', id: otp!.customerId }, payload: { codeId: otp!.id, customerId: otp!.customerId } });
    return { ok: true, customerId: otp!.customerId };
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
  const token = signCompact(keyOf(deps, 'withdraw'), orgId, { i: randomUUID(), s: customerId, p: purposeId, c: CHANNELS.indexOf(channel) }, deps.clock.now().getTime() + WITHDRAW_LINK_DAYS * 86_400_000);
  return `${deps.config.publicUrl}/portal/${orgSlug}/privacy/withdraw/${token}`;
}

export function checkWithdrawToken(deps: Deps, orgId: string, token: string): TokenCheck {
  const check = verifyCompact(keyOf(deps, 'withdraw'), orgId, token, deps.clock.now().getTime());
  const channel = check.fields ? CHANNELS[Number(check.fields.c)] : undefined;
  if (check.fields) check.fields.c = channel ?? '';
  return check;
}

/** An expiring download link for an access/portability package. */
export function exportLink(deps: Deps, orgSlug: string, orgId: string, exportId: string, expiresAt: Date): string {
  const token = signToken(keyOf(deps, 'export'), { o: orgId, e: exportId }, expiresAt.getTime());
  return `/portal/${orgSlug}/privacy/exports/${token}`;
}

export function checkExportToken(deps: Deps, token: string): TokenCheck {
  return verifyToken(keyOf(deps, 'export'), token, deps.clock.now().getTime());
}
