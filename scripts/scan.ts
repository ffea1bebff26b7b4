/**
 * `npm run scan:security`: the scanners of Debian's packages against a scratch server with the demo
 * data (issue 15). Not part of .ci/run: it needs `apt-get install sqlmap wapiti` and takes about
 * forty-five minutes on two loaded cores.
 *
 * 1. Starts `confiance serve` on a new data directory (PGlite, demo data seeded, loopback only),
 *    with CONFIANCE_SCAN_LIFT_RATE_LIMITS=yes: a scanner sends thousands of requests from one
 *    address and a 429 would hide what the route does (the setting is refused in production).
 * 2. Signs in as each demo role and, for every route of the module manifests that takes a path,
 *    query or body parameter, runs sqlmap as a role the route lets in, with valid values from the
 *    route's own Zod schema (src/api/testing/route-inputs.ts) so the request reaches its SQL.
 *    Public JSON routes (signing in, its second step, password reset, invitation) are scanned
 *    anonymously; a data subject's routes with a privacy-centre session opened by its e-mailed code.
 *    Portal form posts check a one-time form token that sqlmap cannot renew: wapiti covers them.
 * 3. Runs wapiti on the portal (anonymous) and on the back office (as the admin).
 * 4. Counts the answers of 5xx and the error-level lines in the server's log.
 * Writes everything under the output directory (default /tmp/confiance-scan-<time>) and prints a
 * summary (also in summary.json) for docs/SECURITY.md.
 *
 * Options (environment): SCAN_OUT, SCAN_LEVEL (sqlmap, default 1), SCAN_RISK (default 1),
 * SCAN_TECHNIQUE (default BEUST), SCAN_JOBS (parallel sqlmap runs, default 2), SCAN_ONLY (a
 * substring of "METHOD /url" to scan only some routes), SCAN_WAPITI_SECONDS (default 300 each; 0: no wapiti).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Deps } from '../src/core/deps.ts';
import { modules } from '../src/modules.ts';
import { ROLES, ROLE_PERMISSIONS, type Role } from '../src/core/auth/permissions.ts';
import { isPortalAccess, type AnyRoute } from '../src/api/route.ts';
import { jsonSchemaOf, validValue, type JsonSchema } from '../src/api/testing/route-inputs.ts';
import { DEMO_ORG_SLUG, DEMO_PASSWORD, DEMO_USERS } from '../src/db/seed/demo.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.env.SCAN_OUT ?? `/tmp/confiance-scan-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const level = process.env.SCAN_LEVEL ?? '1';
const risk = process.env.SCAN_RISK ?? '1';
const technique = process.env.SCAN_TECHNIQUE ?? 'BEUST';
const jobs = Number(process.env.SCAN_JOBS ?? 2);
const wapitiSeconds = process.env.SCAN_WAPITI_SECONDS ?? '300';
const only = process.env.SCAN_ONLY;

for (const tool of ['sqlmap', 'wapiti'])
  if (spawnSync('which', [tool]).status !== 0) throw new Error(`${tool} is not installed: apt-get install -y sqlmap wapiti (Debian's packages)`);
mkdirSync(path.join(out, 'sqlmap'), { recursive: true });

const version = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n').find((l) => /\d+\.\d+/.test(l))?.trim() ?? '?';
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(cmd: string, args: string[], logFile: string): Promise<number | null> {
  return new Promise((resolve) => {
    const log = createWriteStream(logFile);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.on('close', (code) => log.end(() => resolve(code)));
  });
}

// --- 1. The scratch server ---------------------------------------------------------------------
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = path.join(out, 'data');
const serverLog = path.join(out, 'server.log');
const server = spawn(process.execPath, [path.join(root, 'bin/confiance.js'), 'serve'], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: process.env.SCAN_DATABASE_URL ?? '',
    CONFIANCE_DATA_DIR: dataDir,
    CONFIANCE_CHECKPOINT_DIR: path.join(out, 'checkpoints'),
    CONFIANCE_MASTER_KEY: randomBytes(32).toString('base64'),
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: base,
    LOG_LEVEL: 'info',
    CONFIANCE_SCAN_LIFT_RATE_LIMITS: 'yes',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const serverOut = createWriteStream(serverLog);
server.stdout.pipe(serverOut);
server.stderr.pipe(serverOut);
const stop = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

for (let i = 0; ; i++) {
  if (server.exitCode !== null) throw new Error(`the server stopped (see ${serverLog})`);
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 600) throw new Error(`the server did not answer /health in 5 minutes (see ${serverLog})`);
  await new Promise((r) => setTimeout(r, 500));
}
console.log(`Scratch server on ${base} (data in ${dataDir})`);

// --- 2. Sessions -------------------------------------------------------------------------------
interface Session {
  cookie: string;
  csrf: string;
}
const sessions = new Map<Role, Session>();
for (const role of ROLES) {
  const user = DEMO_USERS.find((u) => u.roles.includes(role));
  if (!user) continue;
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cf_session='))?.split(';')[0];
  const body = (await res.json()) as { csrfToken?: string };
  if (!res.ok || !cookie || !body.csrfToken) throw new Error(`cannot sign in as ${user.email}: ${res.status}`);
  sessions.set(role, { cookie, csrf: body.csrfToken });
}

/**
 * A data subject's privacy-centre session, as a browser opens one: the page (its form token and
 * nonce cookie), the address, the one-time code read from the log transport (<data>/mail.log),
 * the code. Routes of `subject` access answer 401 without it, before any query.
 */
async function privacySession(): Promise<string> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(base + url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return { res, text: await res.text() };
  };
  const formToken = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const email = 'scan.subject@example.test';
  const centre = await send(`/portal/${DEMO_ORG_SLUG}/privacy`);
  const identified = await send(`/portal/${DEMO_ORG_SLUG}/privacy/identify`, {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ formToken: formToken(centre.text), email }).toString(),
  });
  const challenge = /[?&]c=([0-9a-f-]{36})/.exec(identified.res.headers.get('location') ?? '')?.[1];
  if (!challenge) throw new Error(`privacy identify answered ${identified.res.status} without a challenge`);
  // The outbox worker sends the code within seconds.
  let code: string | undefined;
  for (let i = 0; i < 120 && !code; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const mails = existsSync(path.join(dataDir, 'mail.log')) ? readFileSync(path.join(dataDir, 'mail.log'), 'utf8').split('\n') : [];
    const mail = mails.filter((l) => l.includes(email) && l.includes('privacy.mail.code')).pop();
    code = mail ? /\b(\d{6})\b/.exec((JSON.parse(mail) as { text: string }).text)?.[1] : undefined;
  }
  if (!code) throw new Error('no privacy-centre code in the mail log within 60 s');
  const page = await send(`/portal/${DEMO_ORG_SLUG}/privacy/verify?c=${challenge}`);
  await send(`/portal/${DEMO_ORG_SLUG}/privacy/verify`, {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ formToken: formToken(page.text), challenge, code }).toString(),
  });
  const session = cookies.get('cf_privacy');
  if (!session) throw new Error('the privacy-centre code did not open a session');
  return `cf_privacy=${session}; cf_pform=${cookies.get('cf_pform') ?? ''}`;
}
const subjectCookie = await privacySession();

/**
 * Ids that exist, read from every list a role can see, so that valid values resolve: a path's id
 * is taken from the list at the path before it (`/api/complaints/:id` from `/api/complaints`).
 */
const ids = new Set<string>();
const idsByList = new Map<string, string[]>();
const unusable = new Proxy({} as Deps, {
  get(_target, key) {
    throw new Error(`a manifest used deps.${String(key)} while listing its routes`);
  },
});
const routes: AnyRoute[] = modules.flatMap((m) => m.routes(unusable));
const roleFor = (route: AnyRoute): Role | null => {
  if (route.access === 'authenticated') return 'admin';
  if (isPortalAccess(route.access)) return null;
  return ROLES.find((r) => (ROLE_PERMISSIONS[r] as readonly string[]).includes(route.access)) ?? null;
};
for (const route of routes) {
  if (route.method !== 'GET' || route.url.includes(':') || !route.url.startsWith('/api/')) continue;
  const role = roleFor(route);
  const session = role ? sessions.get(role) : undefined;
  if (!session) continue;
  const text = await (await fetch(base + route.url, { headers: { cookie: session.cookie } })).text();
  const found = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
  idsByList.set(route.url, [...new Set(found)]);
  for (const id of found) ids.add(id);
}
const inputs = { ids: [...ids] };

// --- 3. sqlmap targets from the manifests ------------------------------------------------------
const sample = (schema: JsonSchema, field = '') => fc.sample(validValue(schema, inputs, field), { numRuns: 1, seed: 15 })[0];
const isFile = (s: JsonSchema | undefined) => Boolean(s?.properties?.filename && s.properties.mimetype && s.properties.data);
const demoSlug = (url: string) => url.replace(':org', DEMO_ORG_SLUG);

interface Target {
  name: string;
  role: Role | 'subject' | 'anonymous';
  url: string;
  args: string[];
  /** Answers sqlmap takes as pages to compare rather than a reason to stop. */
  ignore: string;
}
/**
 * Signing in with a real account and its password, so that the first answer is a 200 and a
 * payload in the e-mail that still found the account would show (a boolean injection); a demo
 * user the scan holds no session of, since the password payloads throttle that account from here.
 */
const signInUser = DEMO_USERS.find((u) => !ROLES.some((r) => DEMO_USERS.find((d) => d.roles.includes(r)) === u));
if (!signInUser) throw new Error('every demo user holds a session of the scan: none is left to sign in with');
const targets: Target[] = [];
const skipped: { name: string; why: string }[] = [];
for (const route of routes) {
  const name = `${route.method} ${route.url}`;
  const { params, querystring, body } = route.schema as { params?: Parameters<typeof jsonSchemaOf>[0]; querystring?: Parameters<typeof jsonSchemaOf>[0]; body?: Parameters<typeof jsonSchemaOf>[0] };
  if (!params && !querystring && !body && !route.url.includes(':')) continue;
  if (only && !name.includes(only)) continue;
  // Signing out or changing one's own password or second factor would end the sessions the scan
  // runs on; their input is one token or password, tried by the fuzz and authorization tests.
  if (/^\/api\/auth\/(logout|password$|mfa)/.test(route.url)) {
    skipped.push({ name, why: 'ends or changes the session the scan runs on' });
    continue;
  }
  // Portal pages (public, link or subject access under /portal); public API routes such as
  // signing in take JSON like any other and are scanned anonymously.
  const portal = isPortalAccess(route.access);
  if (portal && route.url.startsWith('/portal') && route.method !== 'GET') {
    skipped.push({ name, why: 'portal form post: one-time form token (wapiti scans the forms)' });
    continue;
  }
  const role = portal ? null : roleFor(route);
  const session = role ? sessions.get(role) : undefined;
  if (!portal && route.access !== 'public' && !session) {
    skipped.push({ name, why: `no demo role holds ${route.access}` });
    continue;
  }
  // Path parameters: a valid value, marked for injection unless it is a UUID (Zod refuses anything else before any query).
  const paramSchema = params ? jsonSchemaOf(params) : undefined;
  let url = route.url;
  for (const [key, schema] of Object.entries(paramSchema?.properties ?? {})) {
    const listed = idsByList.get(url.slice(0, url.indexOf(`/:${key}`)));
    const value = key === 'org' ? DEMO_ORG_SLUG : schema.format === 'uuid' && listed?.[0] ? listed[0] : String(sample(schema, key));
    url = url.replace(`:${key}`, encodeURIComponent(value) + (schema.format === 'uuid' ? '' : '*'));
  }
  url = demoSlug(url);
  // Every query parameter the schema knows, so that sqlmap tries each one; numbers at their
  // minimum (page 1), so that a list is not empty and a boolean test can see a difference.
  const query: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(querystring ? (jsonSchemaOf(querystring).properties ?? {}) : {}))
    query[key] = schema.type === 'integer' || schema.type === 'number' ? (schema.minimum ?? 1) : sample(schema, key);
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
  const args = ['-u', `${base}${url}${search ? `?${search}` : ''}`, '--method', route.method];
  if (body) {
    const schema = jsonSchemaOf(body);
    const value = sample(schema) as Record<string, unknown>;
    if (route.url === '/api/auth/login') Object.assign(value, { email: signInUser.email, password: DEMO_PASSWORD });
    const fileFields = Object.entries(schema.properties ?? {}).filter(([, s]) => isFile(s) || s.anyOf?.some(isFile));
    if (fileFields.length > 0) {
      const boundary = '----confianceScan';
      const parts = Object.entries(value)
        .filter(([k]) => !fileFields.some(([f]) => f === k))
        .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${typeof v === 'string' ? v : JSON.stringify(v)}\r\n`);
      for (const [k] of fileFields)
        parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="scan.csv"\r\nContent-Type: text/csv\r\n\r\ncustomer_id\r\n${inputs.ids[0] ?? ''}\r\n`);
      parts.push(`--${boundary}--\r\n`);
      args.push('--data', parts.join(''), '-H', `Content-Type: multipart/form-data; boundary=${boundary}`);
    } else args.push('--data', JSON.stringify(value), '-H', 'Content-Type: application/json');
  }
  if (session) args.push('--cookie', session.cookie, '-H', `X-CSRF-Token: ${session.csrf}`);
  else if (route.access === 'subject') args.push('--cookie', subjectCookie);
  // A subject's session names one portal: another portal's slug is a 401 before any query. The
  // sign-in routes answer a refused payload with a 401 (wrong e-mail, password, ticket or code).
  const ignore = route.access === 'subject' || (route.access === 'public' && route.url.startsWith('/api/auth/')) ? '401,404' : '404';
  targets.push({ name, role: role ?? (route.access === 'subject' ? 'subject' : 'anonymous'), url, args, ignore });
}
writeFileSync(path.join(out, 'targets.json'), JSON.stringify({ targets, skipped }, null, 1));
console.log(`sqlmap: ${targets.length} parameterised routes (${skipped.length} skipped), level ${level}, risk ${risk}, techniques ${technique}, ${jobs} at a time`);

interface SqlmapResult {
  name: string;
  role: string;
  verdict: 'injectable' | 'not injectable' | 'unclear';
  notes: string[];
}
const results: SqlmapResult[] = [];
const started = Date.now();
let next = 0;
async function worker(): Promise<void> {
  while (next < targets.length) {
    const index = next++;
    const t = targets[index]!;
    const logFile = path.join(out, 'sqlmap', `${String(index).padStart(3, '0')}.log`);
    await run(
      'sqlmap',
      [
        ...t.args,
        '--batch',
        `--level=${level}`,
        `--risk=${risk}`,
        `--technique=${technique}`,
        '--time-sec=2',
        // A loaded machine answered some requests after 20 s, which left routes not concluded.
        '--timeout=60',
        '--retries=1',
        '--flush-session',
        '--disable-coloring',
        '--dbms=PostgreSQL',
        // A 400 to a payload is what a strict schema does: not a firewall to work around.
        '--skip-waf',
        // The session cookies are the scan's credentials, not inputs of the route.
        '--skip=cf_session,cf_privacy,cf_pform',
        // A record of another organisation or a made-up id is a 404 before any other work.
        `--ignore-code=${t.ignore}`,
        `--output-dir=${path.join(out, 'sqlmap', 'session')}`,
      ],
      logFile,
    );
    // Without the terminal's escape sequences (sqlmap writes some even to a pipe).
    const text = readFileSync(logFile, 'utf8').replaceAll(String.fromCharCode(27), '');
    const notes = [...new Set(text.split('\n').filter((l) => /\[(WARNING|CRITICAL|ERROR)\]/.test(l) && !/outdated|history directory|output directory|--technique|--level|--risk|reflective value|--random-agent|not dynamic|sqlmap is going to retry|http:\/\/|switch/.test(l)).map((l) => l.replace(/^.*?\[[\d:]+\] /, '').trim()))];
    const verdict = /identified the following injection point|is vulnerable/.test(text)
      ? 'injectable'
      : /all tested parameters do not appear to be injectable|do not appear to be injectable/.test(text)
        ? 'not injectable'
        : 'unclear';
    results.push({ name: t.name, role: t.role, verdict, notes: notes.slice(0, 5) });
    console.log(`  [${results.length}/${targets.length}] ${verdict.padEnd(14)} ${t.name} (as ${t.role})`);
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
const sqlmapMinutes = (Date.now() - started) / 60_000;

// --- 4. wapiti on the portal and the back office -------------------------------------------
const admin = sessions.get('admin')!;
// Wapiti's default modules but ssrf, which asks a server of wapiti's on the Internet for results:
// the scan stays on this machine.
const WAPITI_MODULES = 'csp,http_headers,cookieflags,exec,file,sql,xss,redirect,blindsql,permanentxss,crlf,backup,htaccess,methods,xxe';
const wapitiRuns = [
  // No trailing slash: the portal's home is /portal/<org>, and the folder scope is then /portal/.
  { name: 'portal', url: `${base}/portal/${DEMO_ORG_SLUG}`, headers: [] as string[] },
  { name: 'back office', url: `${base}/app/`, headers: ['-H', `Cookie: ${admin.cookie}`, '-H', `X-CSRF-Token: ${admin.csrf}`] },
];
const wapiti: { name: string; url: string; findings: { category: string; info: string; path: string }[] }[] = [];
// SCAN_WAPITI_SECONDS=0: sqlmap only (a second run on some routes, with SCAN_ONLY).
for (const w of wapitiSeconds === '0' ? [] : wapitiRuns) {
  const report = path.join(out, `wapiti-${w.name.replace(' ', '-')}.json`);
  const code = await run(
    'wapiti',
    ['-u', w.url, '--scope', 'folder', '--flush-session', '-m', WAPITI_MODULES, '-f', 'json', '-o', report, '--max-scan-time', wapitiSeconds, '--max-attack-time', '120', ...w.headers],
    path.join(out, `wapiti-${w.name.replace(' ', '-')}.log`),
  );
  const findings: { category: string; info: string; path: string }[] = [];
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as Record<string, Record<string, { info: string; path: string }[]>>;
    for (const section of ['vulnerabilities', 'anomalies', 'additionals'])
      for (const [category, items] of Object.entries(json[section] ?? {})) for (const i of items) findings.push({ category: `${section}: ${category}`, info: i.info, path: i.path });
  } else findings.push({ category: 'error', info: `wapiti exited ${code} without a report`, path: '' });
  wapiti.push({ name: w.name, url: w.url, findings });
  console.log(`wapiti ${w.name}: ${findings.length} findings`);
}

// --- 5. The server's side ----------------------------------------------------------------------
stop();
await new Promise((r) => setTimeout(r, 2_000));
const lines = readFileSync(serverLog, 'utf8').split('\n');
const parsed = lines.flatMap((l) => {
  try {
    return [JSON.parse(l) as { level?: number; statusCode?: number; route?: string; method?: string; msg?: string; err?: { type?: string; message?: string } }];
  } catch {
    return [];
  }
});
const fiveHundreds = parsed.filter((l) => (l.statusCode ?? 0) >= 500);
const errors = parsed.filter((l) => (l.level ?? 0) >= 50);
const requests = parsed.filter((l) => l.msg === 'request completed' || l.msg === 'request errored').length;

const summary = {
  date: new Date().toISOString(),
  versions: { sqlmap: version('sqlmap', ['--version']), wapiti: version('wapiti', ['--version']), node: process.version },
  server: { base, requests, fiveHundreds: fiveHundreds.length, errorLines: errors.length },
  sqlmap: {
    level,
    risk,
    technique,
    minutes: Math.round(sqlmapMinutes * 10) / 10,
    routes: results.length,
    injectable: results.filter((r) => r.verdict === 'injectable').map((r) => r.name),
    unclear: results.filter((r) => r.verdict === 'unclear'),
    skipped,
  },
  wapiti,
  fiveHundredRoutes: [...new Set(fiveHundreds.map((l) => `${l.method} ${l.route}`))],
  errorMessages: [...new Set(errors.map((l) => `${l.msg} ${l.err?.type ?? ''} ${l.err?.message?.slice(0, 120) ?? ''}`))].slice(0, 30),
};
writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 1));
console.log(JSON.stringify({ ...summary, sqlmap: { ...summary.sqlmap, skipped: summary.sqlmap.skipped.length } }, null, 1));
console.log(`Everything in ${out}`);
process.exit(0);
