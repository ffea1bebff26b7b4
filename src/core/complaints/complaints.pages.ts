/**
 * Server-rendered portal pages of complaints: the form, the confirmation and the tracking page.
 * Plain HTML with real form posts (works without JavaScript), WCAG 2.2 AA: labels, required
 * fields named, errors next to fields (aria-describedby) and an error summary linking to them,
 * autocomplete tokens, and what was typed kept on error.
 */
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { html, paragraphs, type SafeHtml } from '../../../web/portal/html.ts';
import { renderPortalPage } from '../../../web/portal/layout.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import { COMPLAINT_CATEGORIES, MAX_ESCALATION_LEVEL } from './complaints.tables.ts';
import { LIMITS } from './complaints.schemas.ts';
import { ATTACHMENT_KINDS, ATTACHMENT_LIMITS, type AttachmentKind } from './complaints.attachments.ts';
import { formatBytes } from './complaints.attachments.service.ts';
import type { ComplaintStatus } from './complaints.policy.ts';

type Params = Record<string, string | number>;
const tr = (locale: Locale) => (key: string, params?: Params) => t(locale, `complaints.${key}`, params);

export type FormValues = Partial<Record<'name' | 'email' | 'phone' | 'category' | 'description' | 'remedy', string>>;
export type FormErrors = Partial<Record<'name' | 'email' | 'phone' | 'category' | 'description' | 'remedy' | 'attachments' | 'form', string>>;

function errorSummary(locale: Locale, errors: Record<string, string | undefined>, anchors: Record<string, string>): SafeHtml | string {
  const entries = Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return '';
  const p = tr(locale);
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${p('portal.errorSummary', { count: entries.length })}</h2>
<ul>${entries.map(([field, message]) => html`<li><a href="#${anchors[field] ?? `field-${field}`}">${message}</a></li>`)}</ul>
</div>`;
}

function field(opts: { id: string; name: string; label: string; hint?: string; error?: string | undefined; required: boolean; control: (describedBy: string) => SafeHtml; requiredText: string }): SafeHtml {
  const described = [opts.hint ? `${opts.id}-hint` : '', opts.error ? `${opts.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${opts.error ? ' field-invalid' : ''}">
<label for="${opts.id}">${opts.label}${opts.required ? html` <span class="required">(${opts.requiredText})</span>` : ''}</label>
${opts.hint ? html`<p class="hint" id="${opts.id}-hint">${opts.hint}</p>` : ''}
${opts.error ? html`<p class="field-error" id="${opts.id}-error">${opts.error}</p>` : ''}
${opts.control(described)}
</div>`;
}

/** The file input (several files): types and limits said before choosing, not only after an error. */
function fileField(locale: Locale, id: string, label: string, error: string | undefined, chooseAgain: boolean): SafeHtml {
  const p = tr(locale);
  return field({
    id,
    name: 'attachments',
    label,
    hint: `${p('portal.attachments.hint', { files: ATTACHMENT_LIMITS.files, fileMax: formatBytes(ATTACHMENT_LIMITS.fileBytes, locale), totalMax: formatBytes(ATTACHMENT_LIMITS.complaintBytes, locale) })}${chooseAgain ? ` ${p('portal.attachments.chooseAgain')}` : ''}`,
    error,
    required: false,
    requiredText: p('portal.required'),
    control: (d) => html`<input id="${id}" name="attachments" type="file" multiple accept="${ACCEPT}"${attrs(d, Boolean(error))}>`,
  });
}

const ACCEPT = Object.values(ATTACHMENT_KINDS)
  .flatMap((k) => [k.mime, ...k.extensions.map((e) => `.${e}`)])
  .join(',');

/** The files of a complaint as links the customer can download (behind the tracking link). */
function attachmentList(locale: Locale, path: string, files: readonly TrackedAttachment[]): SafeHtml | string {
  if (files.length === 0) return '';
  const p = tr(locale);
  return html`<ul class="attachments">${files.map(
    (f) => html`<li><a href="${path}/attachments/${f.id}" download>${f.filename ?? p('portal.attachments.unreadable')}</a> <span class="hint">(${p(`portal.attachments.kinds.${f.kind}`)}, ${formatBytes(f.sizeBytes, locale)})</span></li>`,
  )}</ul>`;
}

const attrs = (describedBy: string, invalid: boolean) => html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;

/**
 * `phoneNotice`: the text owed next to the phone field when a number is collected (C. consom.
 * L.223-1 from 2026-08-11), or null when none is owed at this date.
 */
export function renderComplaintForm(
  org: OrganisationRow,
  locale: Locale,
  path: string,
  formToken: string,
  phoneNotice: string | null,
  values: FormValues = {},
  errors: FormErrors = {},
): string {
  const p = tr(locale);
  const base = `/portal/${encodeURIComponent(org.slug)}`;
  const req = p('portal.required');
  const input = (name: 'name' | 'email' | 'phone', type: string, autocomplete: string, required: boolean, hint?: string) =>
    field({
      id: `field-${name}`,
      name,
      label: p(`portal.form.${name}`),
      ...(hint ? { hint } : {}),
      error: errors[name],
      required,
      requiredText: req,
      control: (d) =>
        html`<input id="field-${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" value="${values[name] ?? ''}"${required ? html` required` : ''}${attrs(d, Boolean(errors[name]))}>`,
    });
  return renderPortalPage({
    locale,
    org,
    path,
    title: errors && Object.keys(errors).length > 0 ? `${p('portal.errorTitlePrefix')} ${p('portal.form.title')}` : p('portal.form.title'),
    body: html`<h1>${p('portal.form.title')}</h1>
${errorSummary(locale, errors, { form: 'submit-complaint' })}
<p>${p('portal.form.intro', { org: org.name })}</p>
<p>${p('portal.form.requiredNote')}</p>
<form method="post" action="${base}/complaints" enctype="multipart/form-data" novalidate>
<input type="hidden" name="formToken" value="${formToken}">
<fieldset>
<legend>${p('portal.form.aboutYou')}</legend>
${input('name', 'text', 'name', true)}
${input('email', 'email', 'email', true, p('portal.form.emailHint'))}
${input('phone', 'tel', 'tel', false, phoneNotice ? `${p('portal.form.phoneHint')} ${phoneNotice}` : p('portal.form.phoneHint'))}
</fieldset>
<fieldset>
<legend>${p('portal.form.aboutComplaint')}</legend>
${field({
  id: 'field-category',
  name: 'category',
  label: p('portal.form.category'),
  error: errors.category,
  required: true,
  requiredText: req,
  control: (d) => html`<select id="field-category" name="category" required${attrs(d, Boolean(errors.category))}>
<option value="">${p('portal.form.categoryChoose')}</option>
${COMPLAINT_CATEGORIES.map((c) => html`<option value="${c}"${values.category === c ? html` selected` : ''}>${p(`categories.${c}`)}</option>`)}
</select>`,
})}
${field({
  id: 'field-description',
  name: 'description',
  label: p('portal.form.description'),
  hint: p('portal.form.descriptionHint', { max: LIMITS.description }),
  error: errors.description,
  required: true,
  requiredText: req,
  control: (d) => html`<textarea id="field-description" name="description" rows="8" required${attrs(d, Boolean(errors.description))}>${values.description ?? ''}</textarea>`,
})}
${field({
  id: 'field-remedy',
  name: 'remedy',
  label: p('portal.form.remedy'),
  hint: p('portal.form.remedyHint'),
  error: errors.remedy,
  required: false,
  requiredText: req,
  control: (d) => html`<textarea id="field-remedy" name="remedy" rows="3"${attrs(d, Boolean(errors.remedy))}>${values.remedy ?? ''}</textarea>`,
})}
</fieldset>
<div class="hp" aria-hidden="true"><label for="field-website">${p('portal.form.honeypot')}</label><input id="field-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
${fileField(locale, 'field-attachments', p('portal.attachments.label'), errors.attachments, Object.keys(errors).length > 0)}
<p><button type="submit" id="submit-complaint" class="button">${p('portal.form.submit')}</button></p>
</form>
<p>${p('portal.form.privacy')}</p>`,
  });
}

export function renderComplaintReceived(org: OrganisationRow, locale: Locale, path: string, c: { reference: string; ackDueOn: string; answerDueOn: string }, trackingUrl: string | null): string {
  const p = tr(locale);
  return renderPortalPage({
    locale,
    org,
    path,
    title: p('portal.received.title'),
    body: html`<h1>${p('portal.received.title')}</h1>
<div class="notice" role="status">
<p>${p('portal.received.reference')} <strong class="reference">${c.reference}</strong></p>
</div>
${
  trackingUrl
    ? html`<h2>${p('portal.received.trackTitle')}</h2>
<p>${p('portal.received.trackText')}</p>
<p><a class="tracking-link" href="${trackingUrl}">${p('portal.received.trackLink', { reference: c.reference })}</a></p>`
    : html`<p>${p('portal.received.duplicate')}</p>`
}
<h2>${p('portal.received.nextTitle')}</h2>
<ul>
<li>${p('portal.received.nextAck', { date: dateFormatter(locale, org.timezone).date(c.ackDueOn) })}</li>
<li>${p('portal.received.nextAnswer', { date: dateFormatter(locale, org.timezone).date(c.answerDueOn) })}</li>
<li>${p('portal.received.nextMail')}</li>
</ul>`,
  });
}

/** A file as the tracking page lists it. */
export interface TrackedAttachment {
  id: string;
  filename: string | null;
  kind: AttachmentKind;
  sizeBytes: number;
  messageId: string | null;
}

export interface TrackingView {
  reference: string;
  status: ComplaintStatus;
  category: string;
  timezone: string;
  receivedAt: Date;
  ackDueOn: string;
  answerDueOn: string;
  acknowledgedAt: Date | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  escalationLevel: number;
  escalatedAt: Date | null;
  customerResponse: 'accepted' | 'rejected' | null;
  description: string | null;
  remedySought: string | null;
  decision: string | null;
  decisionReasons: string | null;
  messages: { id: string; authorType: 'customer' | 'staff' | 'system'; body: string | null; createdAt: Date }[];
  /** Files the customer may see (internal ones never reach this page). */
  attachments: TrackedAttachment[];
  advisorFirstName: string | null;
  /** The wait on the customer, when staff asked for information (the clocks are paused). */
  pause: { since: Date; reason: string } | null;
  mediator: { name: string; website: string; limitOn: string };
  can: { message: boolean; accept: boolean; reject: boolean; rate: boolean };
  satisfaction: number | null;
}

export function renderTrackingPage(
  org: OrganisationRow,
  locale: Locale,
  path: string,
  v: TrackingView,
  tokens: { message: string; respond: string; rate: string },
  flash: { done?: string | undefined; errors?: Record<string, string> | undefined; message?: string | undefined } = {},
): string {
  const p = tr(locale);
  // Times in the organisation's zone, the customer's own beside when it differs (issue 10).
  const dates = dateFormatter(locale, org.timezone);
  const d = (x: Date) => dates.dateTime(x, v.timezone);
  const errors = flash.errors ?? {};
  const showRecourse = v.customerResponse === 'rejected' || v.escalationLevel >= 2;
  const row = (label: string, value: string | null) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
  const profile = org.profile;
  return renderPortalPage({
    locale,
    org,
    path,
    title: p('portal.track.title', { reference: v.reference }),
    body: html`<h1>${p('portal.track.title', { reference: v.reference })}</h1>
${flash.done ? html`<div class="notice" role="status"><p>${p(`portal.track.done.${flash.done}`)}</p></div>` : ''}
${errorSummary(locale, errors, { message: 'field-message', attachments: 'field-track-attachments', response: 'field-response-accept', score: 'field-score-1' })}
<section aria-labelledby="status-title" class="card">
<h2 id="status-title">${p('portal.track.statusTitle')}</h2>
<p class="status"><strong>${p(`statuses.${v.status}`)}</strong> — ${p(`portal.track.statusText.${v.status}`)}</p>
${
  v.pause
    ? html`<div class="notice waiting" role="status"><p><strong>${p('portal.track.waitingTitle')}</strong> ${p('portal.track.waitingText', { reason: p(`pauseReasons.${v.pause.reason}`), date: d(v.pause.since) })}</p><p><a href="#field-message">${p('portal.track.waitingAnswer')}</a></p></div>`
    : ''
}
<dl class="dates">
${row(p('portal.track.receivedAt'), d(v.receivedAt))}
${row(p('portal.track.category'), p(`categories.${v.category}`))}
${v.acknowledgedAt ? row(p('portal.track.acknowledgedAt'), d(v.acknowledgedAt)) : row(p('portal.track.ackDueOn'), dates.date(v.ackDueOn))}
${v.answeredAt ? row(p('portal.track.answeredAt'), d(v.answeredAt)) : row(p('portal.track.answerDueOn'), dates.date(v.answerDueOn))}
${v.closedAt && v.status === 'closed' ? row(p('portal.track.closedAt'), d(v.closedAt)) : ''}
</dl>
</section>
<section aria-labelledby="advisor-title">
<h2 id="advisor-title">${p('portal.track.advisorTitle')}</h2>
<p>${v.advisorFirstName ? p('portal.track.advisorText', { name: v.advisorFirstName }) : p('portal.track.noAdvisor')}</p>
<p>${p('portal.track.reach')} <a href="#field-message">${p('portal.track.reachMessage')}</a>${profile.contactPhone ? html`, ${p('portal.track.reachPhone')} <a href="tel:${profile.contactPhone.replace(/\s/g, '')}">${profile.contactPhone}</a>` : ''}, ${p('portal.track.reachEmail')} <a href="mailto:${profile.contactEmail}">${profile.contactEmail}</a>.</p>
</section>
${
  v.decision
    ? html`<section aria-labelledby="decision-title" class="card">
<h2 id="decision-title">${p('portal.track.decisionTitle')}</h2>
<p><strong>${p(`decisions.${v.decision}`)}</strong></p>
${v.decisionReasons ? paragraphs(v.decisionReasons) : ''}
${
  v.can.accept || v.can.reject
    ? html`<form method="post" action="${path}/respond" novalidate>
<input type="hidden" name="formToken" value="${tokens.respond}">
<fieldset${errors.response ? html` aria-describedby="response-error"` : ''}>
<legend>${p('portal.track.respondLegend')}</legend>
${errors.response ? html`<p class="field-error" id="response-error">${errors.response}</p>` : ''}
<div class="choice"><input type="radio" id="field-response-accept" name="response" value="accept"><label for="field-response-accept">${p('portal.track.accept')}</label></div>
<div class="choice"><input type="radio" id="field-response-reject" name="response" value="reject"><label for="field-response-reject">${p('portal.track.reject')}</label></div>
</fieldset>
<div class="field"><label for="field-response-comment">${p('portal.track.respondComment')}</label>
<textarea id="field-response-comment" name="comment" rows="3"></textarea></div>
<p><button type="submit" class="button">${p('portal.track.respondSubmit')}</button></p>
</form>`
    : ''
}
</section>`
    : ''
}
${
  showRecourse
    ? html`<section aria-labelledby="recourse-title" class="card recourse">
<h2 id="recourse-title">${p('portal.track.recourseTitle')}</h2>
<p>${v.escalationLevel >= MAX_ESCALATION_LEVEL ? p('portal.track.mediationReferred') : p('portal.track.internalEscalation')}</p>
<p>${p('portal.track.mediatorText', { date: dates.date(v.mediator.limitOn) })}</p>
<p class="mediator"><strong>${v.mediator.name}</strong> — <a href="${v.mediator.website}">${v.mediator.website}</a></p>
</section>`
    : ''
}
<section aria-labelledby="complaint-title">
<h2 id="complaint-title">${p('portal.track.yourComplaint')}</h2>
${v.description ? paragraphs(v.description) : html`<p>${p('portal.track.unreadable')}</p>`}
${v.remedySought ? html`<h3>${p('portal.track.remedySought')}</h3>${paragraphs(v.remedySought)}` : ''}
${
  v.attachments.some((f) => f.messageId === null)
    ? html`<h3>${p('portal.attachments.withComplaint')}</h3>${attachmentList(locale, path, v.attachments.filter((f) => f.messageId === null))}`
    : ''
}
</section>
<section aria-labelledby="thread-title">
<h2 id="thread-title">${p('portal.track.threadTitle')}</h2>
${
  v.messages.length === 0
    ? html`<p>${p('portal.track.noMessages')}</p>`
    : html`<ol class="thread">${v.messages.map(
        (m) =>
          html`<li class="message message-${m.authorType}"><p class="meta">${m.authorType === 'customer' ? p('portal.track.you') : p('portal.track.staff', { name: v.advisorFirstName ?? org.name })}, ${d(m.createdAt)}</p>${m.body ? paragraphs(m.body) : ''}${attachmentList(locale, path, v.attachments.filter((f) => f.messageId === m.id))}</li>`,
      )}</ol>`
}
<form method="post" action="${path}/message" enctype="multipart/form-data" novalidate>
<input type="hidden" name="formToken" value="${tokens.message}">
${field({
  id: 'field-message',
  name: 'message',
  label: p('portal.track.addInfo'),
  hint: v.status === 'closed' ? p('portal.track.addInfoReopens') : p('portal.track.addInfoHint'),
  error: errors.message,
  required: true,
  requiredText: p('portal.required'),
  control: (dd) => html`<textarea id="field-message" name="message" rows="4" required${attrs(dd, Boolean(errors.message))}>${flash.message ?? ''}</textarea>`,
})}
${fileField(locale, 'field-track-attachments', p('portal.attachments.labelMessage'), errors.attachments, Boolean(errors.attachments || errors.message))}
<p><button type="submit" class="button">${p('portal.track.send')}</button></p>
</form>
</section>
${
  v.can.rate
    ? html`<section aria-labelledby="rate-title" class="card">
<h2 id="rate-title">${p('portal.track.rateTitle')}</h2>
<form method="post" action="${path}/rate" novalidate>
<input type="hidden" name="formToken" value="${tokens.rate}">
<fieldset${errors.score ? html` aria-describedby="score-error"` : ''}>
<legend>${p('portal.track.rateLegend')}</legend>
${errors.score ? html`<p class="field-error" id="score-error">${errors.score}</p>` : ''}
${[1, 2, 3, 4, 5].map((n) => html`<div class="choice"><input type="radio" id="field-score-${n}" name="score" value="${n}"><label for="field-score-${n}">${p(`portal.track.score.${n}`)}</label></div>`)}
</fieldset>
<div class="field"><label for="field-rate-comment">${p('portal.track.rateComment')}</label>
<textarea id="field-rate-comment" name="comment" rows="3"></textarea></div>
<p><button type="submit" class="button">${p('portal.track.rateSubmit')}</button></p>
</form>
</section>`
    : v.satisfaction
      ? html`<p>${p('portal.track.rated', { score: v.satisfaction })}</p>`
      : ''
}`,
  });
}
