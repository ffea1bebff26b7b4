/**
 * The CSR report printed to PDF by headless Chromium (Debian's package, driven by playwright-core):
 * tagged PDF with the document outline, a header with the report's title and a footer with page
 * numbers. Without a Chromium the caller gets {@link ChromiumMissingError}, which says how to
 * install one; the HTML report does not need it.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where a Chromium is looked for, after CONFIANCE_CHROMIUM. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
/** Flags of DESIGN.md: no sandbox (containers), no GPU, nothing fetched in the background. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** No Chromium on this machine: how to get one, in both languages. */
export class ChromiumMissingError extends Error {
  constructor(readonly looked: string[]) {
    super(
      `No Chromium found (looked at ${looked.join(', ')}). Install it with \`apt-get install -y chromium\` or set CONFIANCE_CHROMIUM=/path/to/chromium; the HTML report (--format html) works without it.`,
    );
  }
}

/** The Chromium to use: CONFIANCE_CHROMIUM when set (and only it), else the first Debian path that exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CONFIANCE_CHROMIUM?.trim();
  const looked = configured ? [configured] : CANDIDATES;
  const found = looked.find((p) => existsSync(p));
  if (!found) throw new ChromiumMissingError(looked);
  return found;
}

/** Prints an HTML document to PDF (A4, margins for the header and footer). */
export async function renderPdf(documentHtml: string, options: { title: string; pageLabel: string; ofLabel: string; env?: NodeJS.ProcessEnv }): Promise<Buffer> {
  const executablePath = findChromium(options.env);
  const browser = await chromium.launch({ executablePath, args: FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    // The report is self-contained (inline styles and SVG): a page that reached out would be a
    // text from the records fetching something, which a sandbox-less browser must never do.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(documentHtml, { waitUntil: 'load' });
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const small = 'font-size:8px;font-family:system-ui,sans-serif;width:100%;padding:0 12mm;color:#333';
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="${small}">${esc(options.title)}</div>`,
      footerTemplate: `<div style="${small};text-align:right">${esc(options.pageLabel)} <span class="pageNumber"></span> ${esc(options.ofLabel)} <span class="totalPages"></span></div>`,
      margin: { top: '18mm', bottom: '18mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}
