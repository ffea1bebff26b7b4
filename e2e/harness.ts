/**
 * End-to-end harness: starts the real `confiance serve` command (PGlite on disk in a temp data
 * directory, demo seed) on a free port, and Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { repoRoot } from '../src/runtime.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** How long the server may take to answer /ready. */
export const READY_MS = Number(process.env.CONFIANCE_E2E_READY_MS) || 90_000;

/** Starts Confiance as a user would (`confiance serve`), and waits until it is ready. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'bin/confiance.js'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONFIANCE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  // tsx compiles the sources as the server starts: on a loaded machine that can take longer than
  // the usual 90 s; CONFIANCE_E2E_READY_MS gives it more (the hook timeout follows it).
  const deadline = Date.now() + READY_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // A server left running would hold its port and CPU after the failed file.
      child.kill('SIGTERM');
      throw new Error(`server not ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The one setup of every browser journey file: the real server and Chromium start before the
 * file's tests and stop after them. Read `journey.server` and `journey.browser` inside tests.
 */
export function useJourney(env: Record<string, string> = {}): { readonly server: RunningServer; readonly browser: Browser } {
  const journey = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    journey.server = await startServer(env);
    journey.browser = await launchBrowser();
  }, READY_MS + 30_000);
  afterAll(async () => {
    await journey.browser?.close();
    await journey.server?.stop();
  });
  return journey;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Runs axe-core against WCAG 2.0/2.1/2.2 A and AA rules. axe is evaluated through the DevTools
 * protocol, so the page's Content-Security-Policy does not block it. axe needs JavaScript, so a
 * page seen with JavaScript off (`javaScriptOff: true`) is audited by replaying the exact HTML
 * the browser holds at the same URL in a JavaScript-enabled context, with the same cookies and
 * the real stylesheet (the answer to a form post cannot be fetched again with GET).
 */
export async function axeViolations(page: Page, options: { javaScriptOff?: boolean } = {}): Promise<AxeViolation[]> {
  if (!options.javaScriptOff) return runAxe(page);
  const browser = page.context().browser();
  if (!browser) throw new Error('page has no browser');
  const html = await page.content();
  const url = page.url();
  const context = await browser.newContext();
  await context.addCookies(await page.context().cookies());
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  const copy = await context.newPage();
  await copy.goto(url);
  try {
    return await runAxe(copy);
  } finally {
    await context.close();
  }
}

/** Fails the test with a readable list when axe finds any WCAG A/AA violation on the page. */
export async function expectAccessible(page: Page, where: string, javaScriptOff = false): Promise<void> {
  const violations = await axeViolations(page, { javaScriptOff });
  expect(violations, `${where}\n${describeViolations(violations)}`).toEqual([]);
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Colours are judged as shown at rest: a dialog still fading in is half transparent, and axe
  // then measures its text against the page behind (CI saw a contrast failure that way).
  // Endless ones (a spinner) never finish and are left alone.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime ?? Infinity)))
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
  });
}

/** A readable summary for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
}

/** The newest e-mail of a template in the server's log transport file, once its worker has sent it. */
export async function waitForMail(server: RunningServer, template: string, after: number): Promise<{ text: string }> {
  const file = path.join(server.dataDir, 'mail.log');
  for (let i = 0; i < 120; i++) {
    if (existsSync(file)) {
      const mails = readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { template: string; text: string; at: string })
        .filter((m) => m.template === template && Date.parse(m.at) >= after);
      const last = mails[mails.length - 1];
      if (last) return last;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no ${template} e-mail`);
}

/** Signs a demo user in to the back office, in French, in a new browser context; lands on the home page. */
export async function signInToBackOffice(browser: Browser, server: RunningServer, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.url}/app/login`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('confiance-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
  return { context, page };
}
