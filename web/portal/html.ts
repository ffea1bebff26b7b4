/**
 * Typed HTML templates for the server-rendered portal. Interpolated values are escaped unless
 * they are already `SafeHtml` (produced by this tag), so customer-supplied text cannot inject markup.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => (out += render(v) + (strings[i + 1] ?? '')));
  return new SafeHtml(out);
}

/** Plain text with line breaks kept, escaped. */
export function paragraphs(text: string): SafeHtml {
  return html`${text
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => html`<p>${p}</p>`)}`;
}

/** E-mail addresses and web addresses in text from the catalogues or the organisation's profile. */
const ADDRESS = /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?])|(\bwww\.[\w-]+(?:\.[\w-]+)+(?:\/[^\s<>"')]*[^\s<>"').,;:!?])?)/g;

/**
 * Plain text, escaped, with every e-mail address as a mailto link and every web address as a
 * link, so a customer on a phone can write or open them in one tap.
 */
export function linkify(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const [found, email, url, www] = match;
    parts.push(html`${text.slice(last, match.index)}`);
    if (email) parts.push(html`<a href="mailto:${email}">${email}</a>`);
    else if (url) parts.push(html`<a href="${url}">${url}</a>`);
    else if (www) parts.push(html`<a href="https://${www}">${www}</a>`);
    last = match.index + found.length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}
