/**
 * Screenshots of the back office from the demo data (README "Screenshots"): each role's home, a
 * complaint page, the complaint queue, the request history and manual entry, and the token form,
 * at 1280x800 in Chromium. Starts a fresh server on a temporary data directory
 * (the demo seed), records a breach draft as the DPO would so its 72-hour clock shows, and writes
 * docs/screenshots/*.png. Run: `npx vite build && node --import tsx scripts/screenshots.ts`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots');
const PASSWORD = 'confiance-demo-2026';
const VIEWPORT = { width: 1280, height: 800 };

interface RunningServer {
  url: string;
  stop(): void;
}

/** `confiance serve` on a fresh data directory (PGlite, demo seed), on a port of its own. */
async function startServer(): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-shots-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [path.join(root, 'bin/confiance.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONFIANCE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let tries = 0; ; tries++) {
    if (tries > 360 || child.exitCode !== null) {
      stop();
      throw new Error('the server did not start');
    }
    const ready = await fetch(`${url}/ready`).then((r) => r.ok, () => false);
    if (ready) return { url, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function signIn(browser: Browser, server: RunningServer, email: string) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${server.url}/app/login`);
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
  return { context, page };
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    // The DPO records what is known of a breach discovered yesterday (a draft: the clock runs).
    const dpo = await signIn(browser, server, 'dpo@lumiere.example');
    const { csrfToken: csrf } = (await (await dpo.page.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string };
    const created = await dpo.page.request.post(`${server.url}/api/breaches`, {
      headers: { 'x-csrf-token': csrf },
      data: { title: 'Export clients envoyé au mauvais prestataire', awareAt: new Date(Date.now() - 30 * 3_600_000).toISOString(), description: 'Un export de 240 contacts a été envoyé par erreur à un prestataire d’impression.' },
    });
    if (!created.ok()) process.stderr.write(`breach draft not recorded (${created.status()}): the DPO home shows no clock\n`);
    await dpo.context.close();

    const homes: [string, string][] = [
      ['home-agent', 'agent@lumiere.example'],
      ['home-supervisor', 'superviseur@lumiere.example'],
      ['home-dpo', 'dpo@lumiere.example'],
      ['home-ethics-officer', 'ethique@lumiere.example'],
      ['home-auditor', 'auditeur@lumiere.example'],
      ['home-admin', 'admin@lumiere.example'],
    ];
    // One sign-in per account, kept for its screens below: sign-in is rate limited per address (10 a minute).
    const sessions = new Map<string, Awaited<ReturnType<typeof signIn>>>();
    for (const [name, email] of homes) {
      const session = await signIn(browser, server, email);
      sessions.set(email, session);
      const { page } = session;
      await page.locator('main section h2').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500); // the lazily loaded charts draw
      await page.screenshot({ path: path.join(out, `${name}.png`) });
      if (name === 'home-agent') {
        await page.locator('main table a[data-row-link]').first().click();
        await page.waitForURL(/\/app\/complaints\/[0-9a-f-]+$/);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(out, 'complaint.png'), fullPage: true });
      }
    }

    // Screens of the design system beyond the homes: a queue, the request history and manual entry, the token form.
    const screens: [string, string, string][] = [
      ['queue', 'superviseur@lumiere.example', '/app/complaints'],
      ['dsr-history', 'dpo@lumiere.example', '/app/privacy?status=all'],
      ['dsr-new', 'dpo@lumiere.example', '/app/privacy/requests/new'],
      ['tokens', 'admin@lumiere.example', '/app/tokens'],
    ];
    for (const [name, email, url] of screens) {
      const session = sessions.get(email) ?? (await signIn(browser, server, email));
      sessions.set(email, session);
      const { page } = session;
      await page.goto(`${server.url}${url}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: name !== 'queue' });
    }
    for (const { context } of sessions.values()) await context.close();
    process.stdout.write(`Screenshots written to ${path.relative(process.cwd(), out)}\n`);
  } finally {
    await browser.close();
    server.stop();
  }
}

await main();
