import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { repoRoot } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { addOrganisationAsOperator, OperatorInputError, type OperatorOrganisationInput } from './organisations.service.ts';
import { findOrganisationBySlug } from './organisations.repo.ts';

const run = promisify(execFile);
let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const input = (overrides: Partial<OperatorOrganisationInput> = {}): OperatorOrganisationInput => ({
  slug: `op-${randomUUID().slice(0, 8)}`,
  name: 'Eau Claire',
  legalName: 'Eau Claire SA',
  contactEmail: 'clients@eau-claire.example',
  postalAddress: '3 quai des Moulins, 33000 Bordeaux',
  mediatorName: 'Médiation de l’eau',
  mediatorWebsite: 'https://www.mediation-eau.fr',
  locale: 'fr',
  timezone: 'Europe/Paris',
  ...overrides,
});

describe('organisations added by the operator', () => {
  it('adds a tenant with its portal, audited in its own chain', async () => {
    const wanted = input();
    const org = await addOrganisationAsOperator(rt.deps, wanted);
    expect(org).toMatchObject({ slug: wanted.slug, name: 'Eau Claire', legalName: 'Eau Claire SA', timezone: 'Europe/Paris' });
    expect(org.profile.mediator).toEqual({ name: 'Médiation de l’eau', website: 'https://www.mediation-eau.fr' });
    const events = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'organisation.created')));
    expect(events).toHaveLength(1);
    const portal = await rt.app.inject({ method: 'GET', url: `/portal/${wanted.slug}` });
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain('Eau Claire');
  });

  it('names every bad option and adds nothing', async () => {
    const wanted = input({ slug: 'Bad Slug', contactEmail: 'not-an-address', mediatorWebsite: 'ftp://x', timezone: 'Europe/Atlantis', locale: 'de' });
    const failure = await addOrganisationAsOperator(rt.deps, wanted).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OperatorInputError);
    const problems = (failure as OperatorInputError).problems.join('\n');
    for (const option of ['--slug', '--contact-email', '--mediator-website', '--timezone', '--locale']) expect(problems).toContain(option);
    expect(problems).toContain('Europe/Atlantis');
    expect(await findOrganisationBySlug(rt.deps.db, 'Bad Slug')).toBeUndefined();
  });

  it('refuses a slug already taken', async () => {
    const taken = await createTestOrg(rt);
    await expect(addOrganisationAsOperator(rt.deps, input({ slug: taken.slug }))).rejects.toThrow(/--slug: ".*" is taken/);
  });

  it('no organisation admin can create or see another organisation over HTTP', async () => {
    const mine = await createTestOrg(rt);
    const other = await addOrganisationAsOperator(rt.deps, input());
    const admin = await createTestUser(rt, mine.id, ['admin']);
    const own = await rt.app.inject({ method: 'GET', url: '/api/organisation', headers: admin.headers });
    expect(own.json()).toMatchObject({ id: mine.id });
    expect(own.body).not.toContain(other.id);
    // No route creates an organisation: the operator's command is the only way.
    const create = await rt.app.inject({ method: 'POST', url: '/api/organisations', headers: admin.headers, payload: { slug: 'mine-too', name: 'X' } });
    expect(create.statusCode).toBe(404);
    expect(await findOrganisationBySlug(rt.deps.db, 'mine-too')).toBeUndefined();
  });
});

describe('confiance org add|list (CLI)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-org-'));
  const env = { ...process.env, CONFIANCE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'error' };
  const cli = (...args: string[]) => run(process.execPath, [path.join(repoRoot, 'bin/confiance.js'), ...args], { env, cwd: repoRoot });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds an organisation, lists it, and refuses bad options with each one named', { timeout: 240_000 }, async () => {
    const options = ['--slug', 'eau-claire', '--name', 'Eau Claire', '--legal-name', 'Eau Claire SA', '--contact-email', 'clients@eau-claire.example'];
    const rest = ['--postal-address', '3 quai des Moulins, 33000 Bordeaux', '--mediator-name', 'Médiation de l’eau', '--mediator-website', 'https://www.mediation-eau.fr'];
    const added = await cli('org', 'add', ...options, ...rest);
    expect(added.stdout).toMatch(/^Organisation eau-claire added \(id [0-9a-f-]{36}\)\. Portal: \/portal\/eau-claire$/m);
    const bad = await cli('org', 'add', '--slug', 'eau-claire', '--name', 'X', '--legal-name', 'X', '--contact-email', 'nope', ...rest).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad?.code).toBe(1);
    expect(bad?.stderr).toContain('the organisation was not added');
    expect(bad?.stderr).toContain('--contact-email');
    const listed = await cli('org', 'list');
    expect(listed.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^eau-claire\tEau Claire\t[0-9a-f-]{36}$/)]);
  });
});

describe('portal addresses that lead nowhere', () => {
  const page = { accept: 'text/html', 'accept-language': 'fr' };

  it('an unknown page of a known organisation shows the portal frame, its home and the termination link, with a 404', async () => {
    const org = await createTestOrg(rt);
    for (const url of [`/portal/${org.slug}/nowhere`, `/portal/${org.slug}/complaints/track/x/y/z`, `/portal/${org.slug}/offers/a/b/c/d`]) {
      const res = await rt.app.inject({ method: 'GET', url, headers: page });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('Page introuvable');
      expect(res.body).toContain(`href="/portal/${org.slug}"`);
      expect(res.body).toContain(`/portal/${org.slug}/contracts/terminate`);
    }
    const english = await rt.app.inject({ method: 'GET', url: `/portal/${org.slug}/nowhere?lang=en`, headers: page });
    expect(english.body).toContain('Page not found');
  });

  it('an unknown organisation or a malformed address gets a page leading to the portal entry, not JSON', async () => {
    for (const url of ['/portal/no-such-org', '/portal/no-such-org/complaints/new', '/portal/Not_A_Slug/legal', `/portal/${'a'.repeat(60)}`]) {
      const res = await rt.app.inject({ method: 'GET', url, headers: page });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain('Page introuvable');
      expect(res.body, url).toContain('href="/portal"');
      expect(res.body, url).not.toContain('{"error"');
    }
  });

  it('a script asking for JSON outside the portal pages still gets the JSON error body', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/portal/no-such-org', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
