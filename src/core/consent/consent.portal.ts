/** Portal routes of the privacy centre: rights, identification by e-mail code, consents, withdrawal links. */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import type { Locale, RequestContext } from '../context.ts';
import { t } from '../../i18n/index.ts';
import { html } from '../../../web/portal/html.ts';
import { getPortalOrganisation } from '../organisations/organisations.service.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import { findCustomerById } from '../customers/customers.repo.ts';
import { queueMail } from '../mail/mail.service.ts';
import { CHANNELS } from './consent.tables.ts';
import * as repo from './consent.repo.ts';
import * as service from './consent.service.ts';
import * as kit from './privacy.portal-kit.ts';
import * as pages from './consent.pages.ts';
import type { Channel } from './consent.decision.ts';

const HTML = 'text/html; charset=utf-8';
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const TokenParams = SlugParams.extend({ token: z.string().min(1).max(2000) });
const PortalQuery = z.object({ lang: z.enum(['fr', 'en']).optional(), done: z.enum(['given', 'withdrawn', 'signedout', 'request']).optional() });
const PUBLIC = 'the privacy centre is open to data subjects without an account (GDPR Art. 12(2): facilitate the exercise of rights)';

/** The purposes shown to subjects, each with its current notice. */
async function purposesWithNotice(deps: Deps, orgId: string) {
  return (await service.findPurposesWithNotices(deps, orgId))
    .filter((x) => x.purpose.status === 'active')
    .map((x) => ({ purpose: x.purpose, notice: x.notices.find((n) => n.version === x.purpose.currentVersion) }));
}

/** Records `Sec-GPC: 1` from an identified subject (GDPR Art. 21(5)), once. */
export async function honourGpc(deps: Deps, request: FastifyRequest, ctx: RequestContext, orgId: string, customerId: string | null): Promise<boolean> {
  const gpc = request.headers['sec-gpc'] === '1';
  if (gpc && customerId) await service.recordGpcSignal(deps, kit.subjectContext(ctx, orgId, customerId), customerId);
  if (!customerId) return false;
  return gpc || (await repo.findActiveRestrictions(deps.db, orgId, customerId)).some((r) => r.kind === 'gpc');
}

async function renderCentre(deps: Deps, request: FastifyRequest, reply: FastifyReply, ctx: RequestContext, org: OrganisationRow, options: { done?: string; error?: string } = {}) {
  const locale = ctx.locale;
  const customerId = kit.portalSubject(deps, request, org.id);
  const gpc = await honourGpc(deps, request, ctx, org.id, customerId);
  const formToken = kit.issueFormToken(deps, request, reply, org.id);
  const purposes = await purposesWithNotice(deps, org.id);
  const p = (k: string) => t(locale, `privacy.portal.${k}`);
  let personal = pages.identifySection(locale, org, formToken, options.error);
  if (customerId) {
    const states = await repo.findStates(deps.db, org.id, customerId);
    const rows = purposes
      .filter((x) => x.purpose.legalBasis === 'consent')
      .flatMap((x) => x.purpose.channels.map((channel) => ({ ...x, channel, state: states.find((s) => s.purposeId === x.purpose.id && s.channel === channel) })));
    personal = html`${pages.consentsSection(locale, org, formToken, rows, gpc)}
<section aria-labelledby="requests-title"><h2 id="requests-title">${p('requestsTitle')}</h2><p>${p('requestsText')}</p><p><a href="${pages.base(org)}/requests">${p('requestsLink')}</a></p></section>
<form class="privacy-form" method="post" action="${pages.base(org)}/signout"><input type="hidden" name="formToken" value="${formToken}"><button type="submit">${p('signOut')}</button></form>`;
  }
  const done = options.done ? pages.alert('ok', p(`done.${options.done}`)) : html``;
  const path = pages.base(org);
  return reply
    .type(HTML)
    .header('cache-control', 'no-store')
    .send(pages.page(org, locale, path, p('title'), html`<h1>${p('title')}</h1>${done}<p>${t(locale, 'privacy.portal.intro', { org: org.name })}</p>${personal}${pages.purposesSection(locale, purposes)}${pages.rightsSection(locale, org)}`));
}

export function consentPortalRoutes(deps: Deps): AnyRoute[] {
  const refuseForm = (reply: FastifyReply, org: OrganisationRow, locale: Locale) =>
    reply.status(403).type(HTML).send(pages.messagePage(locale, org, pages.base(org), t(locale, 'privacy.portal.formExpiredTitle'), t(locale, 'privacy.portal.formExpired'), 'error'));

  return [
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'Privacy centre: rights, purposes, and the identified subject’s consents',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params, query, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        return renderCentre(deps, request, reply, ctx, org, query.done ? { done: query.done } : {});
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/identify',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      rateLimitPerMinute: 10,
      summary: 'Send a one-time code to the e-mail address on file',
      tags: ['portal'],
      schema: { params: SlugParams, body: z.object({ formToken: z.string().max(1000), email: z.string().max(320) }).strict(), response: { 303: z.null(), 400: z.string() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!kit.checkFormToken(deps, request, org.id, body.formToken)) return refuseForm(reply, org, ctx.locale);
        const email = body.email.trim();
        if (!z.email().safeParse(email).success) return renderCentre(deps, request, reply.status(400), ctx, org, { error: t(ctx.locale, 'privacy.portal.emailInvalid') });
        const orgCtx = { ...ctx, orgId: org.id };
        // Same answer whether or not the address was known: the page reveals nothing about who is a customer.
        const challenge = await deps.db.transaction(async (tx) => {
          const { customer } = await findOrCreateCustomer(deps, tx, orgCtx, { email, locale: ctx.locale }, 'portal');
          return kit.sendCode(deps, tx, orgCtx, org.id, customer.id, org.name);
        });
        // Post/redirect/get: the code page can be reloaded without sending a second code.
        return reply.redirect(`${pages.base(org)}/verify?c=${challenge}`, 303);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy/verify',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'The form to enter the one-time code',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: z.object({ c: z.uuid(), lang: z.enum(['fr', 'en']).optional() }), response: { 200: z.string() } },
      async handler({ ctx, params, query, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        return reply.type(HTML).header('cache-control', 'no-store').send(pages.codePage(ctx.locale, org, kit.issueFormToken(deps, request, reply, org.id), query.c));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/verify',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      rateLimitPerMinute: 20,
      summary: 'Check the one-time code and open a short portal session',
      tags: ['portal'],
      schema: { params: SlugParams, body: z.object({ formToken: z.string().max(1000), challenge: z.string().max(64), code: z.string().max(20) }).strict(), response: { 200: z.string(), 303: z.null() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!kit.checkFormToken(deps, request, org.id, body.formToken)) return refuseForm(reply, org, ctx.locale);
        const result = await kit.verifyCode(deps, ctx, org.id, body.challenge, body.code);
        if (result.ok) {
          kit.startPortalSession(deps, reply, org.id, result.customerId);
          return reply.redirect(pages.base(org), 303);
        }
        if (result.reason === 'wrong') {
          const error = t(ctx.locale, 'privacy.portal.codeWrong', { tries: result.triesLeft });
          return reply.status(400).type(HTML).send(pages.codePage(ctx.locale, org, kit.issueFormToken(deps, request, reply, org.id), body.challenge, error));
        }
        return renderCentre(deps, request, reply.status(400), ctx, org, { error: t(ctx.locale, `privacy.portal.code_${result.reason}`) });
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/consents',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'Give or withdraw one consent (one purpose, one channel) as the identified subject',
      tags: ['portal'],
      schema: {
        params: SlugParams,
        body: z.object({ formToken: z.string().max(1000), purpose: z.uuid(), channel: z.enum(CHANNELS), action: z.enum(['give', 'withdraw']) }).strict(),
        response: { 303: z.null() },
      },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!kit.checkFormToken(deps, request, org.id, body.formToken)) return refuseForm(reply, org, ctx.locale);
        const customerId = kit.portalSubject(deps, request, org.id);
        if (!customerId) return renderCentre(deps, request, reply.status(401), ctx, org, { error: t(ctx.locale, 'privacy.portal.sessionEnded') });
        const subjectCtx = kit.subjectContext(ctx, org.id, customerId);
        const purpose = await repo.findPurpose(deps.db, org.id, body.purpose);
        if (!purpose || purpose.legalBasis !== 'consent' || !purpose.channels.includes(body.channel)) return renderCentre(deps, request, reply.status(400), ctx, org, { error: t(ctx.locale, 'privacy.portal.invalidChoice') });
        // The ledger event is committed before the redirect: what the next page says is already durable (Art. 7(3)).
        await service.inPrivacyTransaction(deps, org.id, async (tx, changes) => {
          const event = await service.appendConsentEvent(deps, tx, subjectCtx, changes, {
            customerId,
            purpose: purpose.id,
            channel: body.channel,
            kind: body.action === 'give' ? 'given' : 'withdrawn',
            method: 'web_form',
            source: 'portal',
            userAgent: request.headers['user-agent'] ?? null,
          });
          if (event.kind === 'given') {
            const notice = (await repo.findNotices(tx, org.id, purpose.id)).find((n) => n.version === event.noticeVersion);
            const customer = await findCustomerById(tx, org.id, customerId);
            const locale = customer?.locale === 'en' ? 'en' : 'fr';
            await queueMail(deps, tx, {
              orgId: org.id,
              to: { customerId },
              template: 'privacy.mail.consentGiven',
              params: { org: org.name, purpose: notice ? (locale === 'en' ? notice.titleEn : notice.titleFr) : purpose.key, channel: t(locale, `privacy.channel.${body.channel}`), link: kit.withdrawLink(deps, org.slug, org.id, customerId, purpose.id, body.channel) },
            });
          }
        });
        return reply.redirect(`${pages.base(org)}?done=${body.action === 'give' ? 'given' : 'withdrawn'}`, 303);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/signout',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'End the portal session',
      tags: ['portal'],
      schema: { params: SlugParams, body: z.object({ formToken: z.string().max(1000) }).strict(), response: { 303: z.null() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!kit.checkFormToken(deps, request, org.id, body.formToken)) return refuseForm(reply, org, ctx.locale);
        kit.endPortalSession(deps, reply);
        return reply.redirect(`${pages.base(org)}?done=signedout`, 303);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy/withdraw/:token',
      access: 'public',
      publicReason: 'withdrawal links in e-mails work without login (GDPR Art. 7(3): as easy as giving)',
      hideFromOpenApi: true,
      summary: 'Confirm a withdrawal from an e-mail link (a GET never changes anything: mail scanners follow links)',
      tags: ['portal'],
      schema: { params: TokenParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const link = await checkLink(deps, ctx, org, params.token, false);
        const path = `${pages.base(org)}/withdraw/${params.token}`;
        if (!link.ok) return reply.status(link.status).type(HTML).send(pages.messagePage(ctx.locale, org, path, t(ctx.locale, 'privacy.portal.linkRefusedTitle'), t(ctx.locale, `privacy.portal.link_${link.reason}`), 'error'));
        return reply.type(HTML).header('cache-control', 'no-store').send(pages.withdrawConfirmPage(ctx.locale, org, path, link.purposeTitle, t(ctx.locale, `privacy.channel.${link.channel}`)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/withdraw/:token',
      access: 'public',
      publicReason: 'withdrawal links in e-mails work without login; also RFC 8058 one-click unsubscribe',
      hideFromOpenApi: true,
      summary: 'Withdraw consent with a signed, single-use link',
      tags: ['portal'],
      schema: {
        params: TokenParams,
        body: z.object({ confirm: z.literal('1').optional(), 'List-Unsubscribe': z.literal('One-Click').optional() }).strict(),
        response: { 200: z.string() },
      },
      async handler({ ctx, params, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const path = `${pages.base(org)}/withdraw/${params.token}`;
        const link = await checkLink(deps, ctx, org, params.token, true, request.headers['user-agent'] ?? null);
        if (!link.ok) return reply.status(link.status).type(HTML).send(pages.messagePage(ctx.locale, org, path, t(ctx.locale, 'privacy.portal.linkRefusedTitle'), t(ctx.locale, `privacy.portal.link_${link.reason}`), 'error'));
        return reply.type(HTML).send(pages.messagePage(ctx.locale, org, path, t(ctx.locale, 'privacy.portal.withdrawnTitle'), t(ctx.locale, 'privacy.portal.withdrawnText', { purpose: link.purposeTitle, channel: t(ctx.locale, `privacy.channel.${link.channel}`) }), 'ok'));
      },
    }),
  ];
}

type LinkResult = { ok: true; purposeTitle: string; channel: Channel } | { ok: false; status: number; reason: 'forged' | 'expired' | 'replayed' | 'malformed' };

/**
 * Checks a withdrawal token; with `use`, withdraws and marks the token used in one transaction
 * (committed before the page says so). Refusals are recorded in the audit log.
 */
async function checkLink(deps: Deps, ctx: RequestContext, org: OrganisationRow, token: string, use: boolean, userAgent: string | null = null): Promise<LinkResult> {
  const check = kit.checkWithdrawToken(deps, org.id, token);
  const orgCtx = { ...ctx, orgId: org.id };
  const refuse = async (reason: 'forged' | 'expired' | 'replayed' | 'malformed', fields?: Record<string, string>): Promise<LinkResult> => {
    const tokenId = fields?.i && /^[0-9a-f-]{36}$/.test(fields.i) ? fields.i : null;
    const customerId = fields?.s && /^[0-9a-f-]{36}$/.test(fields.s) ? fields.s : null;
    await deps.db.transaction((tx) => deps.audit.record(tx, orgCtx, { type: 'privacy_link.refused', payload: { reason, tokenId, customerId }, outcome: 'denied' }));
    return { ok: false, status: reason === 'expired' || reason === 'replayed' ? 410 : 400, reason };
  };
  if (!check.ok) return refuse(check.reason, check.fields);
  const { i: tokenId, o: orgId, s: customerId, p: purposeId, c: channel } = check.fields;
  if (orgId !== org.id || !tokenId || !customerId || !purposeId || !CHANNELS.includes(channel as Channel)) return refuse('forged');
  const purpose = await repo.findPurpose(deps.db, org.id, purposeId);
  const notice = purpose ? (await repo.findNotices(deps.db, org.id, purpose.id)).find((n) => n.version === purpose.currentVersion) : undefined;
  const title = purpose ? pages.noticeTitle(ctx.locale, notice, purpose) : '';
  if (!purpose) return refuse('malformed', check.fields);
  if (!use) {
    const used = await repo.isLinkUsed(deps.db, org.id, tokenId);
    return used ? refuse('replayed', check.fields) : { ok: true, purposeTitle: title, channel: channel as Channel };
  }
  const subjectCtx = kit.subjectContext(ctx, org.id, customerId);
  const done = await service.inPrivacyTransaction(deps, org.id, async (tx, changes) => {
    if (!(await repo.useLink(tx, org.id, tokenId, customerId, deps.clock.now()))) return false;
    await service.appendConsentEvent(deps, tx, subjectCtx, changes, { customerId, purpose: purpose.id, channel: channel as Channel, kind: 'withdrawn', method: 'web_form', source: 'mail-link', userAgent });
    return true;
  });
  return done ? { ok: true, purposeTitle: title, channel: channel as Channel } : refuse('replayed', check.fields);
}
