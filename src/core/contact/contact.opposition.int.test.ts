import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, like } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { oppositionEntries, oppositionLists } from './contact.tables.ts';
import { OPPOSITION_BATCH, OPPOSITION_MAX_BYTES, importOppositionList } from './contact.opposition.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

/** An upload as the back office sends it: the file as the body, the date and list in the query. */
function upload(content: string | Buffer, query: Record<string, string>, headers: Record<string, string>) {
  return rt.app.inject({
    method: 'POST',
    url: `/api/contact/opposition-lists?${new URLSearchParams(query).toString()}`,
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    payload: content,
  });
}

async function setup() {
  const org = await createTestOrg(rt);
  const officer = await createTestUser(rt, org.id, ['ethics_officer']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  const { customer } = await rt.deps.db.transaction((tx) =>
    findOrCreateCustomer(rt.deps, tx, officer.ctx, { email: `o-${Math.random()}@example.test`, phone: '06 12 34 56 78' }, 'agent'),
  );
  const load = (content: string | Buffer, extractedOn: string, headers = officer.headers, lang = 'en') =>
    upload(content, { extractedOn, lang }, headers);
  const check = (at: string) =>
    rt.app.inject({
      method: 'POST',
      url: '/api/contact/check',
      headers: { ...agent.headers, 'content-type': 'application/json' },
      payload: { customerId: customer.id, channel: 'phone', purpose: 'prospecting', at },
    });
  return { org, officer, agent, customer, load, check };
}

describe('opposition list (Bloctel)', () => {
  it('loads an extract as keyed hashes; the guard refuses a listed number until 2026-08-10 with the extract as evidence', async () => {
    const { org, load, check } = await setup();
    const res = await load('+33612345678\n01 99 88 77 66\n\nnot a number\n0612345678\n', '2026-07-01');
    expect(res.statusCode, res.body).toBe(201);
    const { list, rejected, already } = res.json();
    expect(already).toBe(false);
    // The same number written two ways is one entry.
    expect(list).toMatchObject({ status: 'ready', entries: 2, rejected: 1, extractedOn: '2026-07-01', name: 'bloctel' });
    expect(rejected).toEqual([{ line: 4, message: 'Not a phone number: “not a number”.' }]);
    const stored = await rt.deps.db.select().from(oppositionEntries).where(eq(oppositionEntries.listId, list.id));
    expect(JSON.stringify(stored)).not.toMatch(/612345678|99 88/);

    const before = (await check('2026-08-10T11:00:00+02:00')).json();
    expect(before.reasons).toEqual([
      { code: 'opposition_listed', source: 'law', ref: expect.stringContaining('L.223-1'), evidence: [list.id] },
    ]);
    expect(before.evidence.oppositionLists).toEqual([list.id]);
    // Before the extract's date it is not in force.
    expect((await check('2026-06-30T11:00:00+02:00')).json().allowed).toBe(true);
    // From 2026-08-11 the opt-in replaces the list: the reason is the missing consent, not the list.
    expect((await check('2026-08-11T11:00:00+02:00')).json().reasons.map((r: { code: string }) => r.code)).toEqual(['consent_missing']);

    // The same file again: the extract held, nothing written.
    const again = await load('+33612345678\n01 99 88 77 66\n\nnot a number\n0612345678\n', '2026-07-01');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ already: true, list: { id: list.id } });
    // A later extract without the number replaces it from its date.
    const august = (await load('01 99 88 77 66\n', '2026-08-03')).json().list;
    expect((await check('2026-08-03T11:00:00+02:00')).json()).toMatchObject({ allowed: true, evidence: { oppositionLists: [august.id] } });
    expect((await check('2026-08-01T11:00:00+02:00')).json().reasons[0].evidence).toEqual([list.id]);

    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'contact.opposition_list_imported')));
    expect(audit).toHaveLength(2);
    const listing = await rt.app.inject({
      method: 'GET',
      url: '/api/contact/opposition-lists',
      headers: (await createTestUser(rt, org.id, ['auditor'])).headers,
    });
    expect(listing.json().items.map((l: { extractedOn: string }) => l.extractedOn)).toEqual(['2026-08-03', '2026-07-01']);
  });

  it('refuses a future extract date and callers without contact:manage', async () => {
    const { agent, load } = await setup();
    expect((await load('0612345678\n', '2099-01-01')).statusCode).toBe(400);
    expect((await load('0612345678\n', '2026-13-01')).statusCode).toBe(400);
    expect((await load('0612345678\n', '2026-07-01', agent.headers)).statusCode).toBe(403);
  });

  it('shows the numbers loaded so far while an extract loads, batch by batch', async () => {
    const { officer } = await setup();
    const first = Array.from({ length: OPPOSITION_BATCH }, (_, i) => `+3361${String(i).padStart(7, '0')}`).join('\n') + '\n';
    const seen: unknown[] = [];
    let opened = 0;
    // The file is opened twice (its hash, then its load): between the two chunks of the load, the
    // first batch is written, and the back office's listing must show it loading with its count.
    const open = async function* () {
      opened++;
      yield first;
      if (opened === 2) {
        const listing = await rt.app.inject({ method: 'GET', url: '/api/contact/opposition-lists', headers: officer.headers });
        seen.push(...listing.json().items.map((l: { status: string; entries: number }) => ({ status: l.status, entries: l.entries })));
      }
      yield '+33799999999\n';
    };
    const result = await importOppositionList(rt.deps, officer.ctx, open, { extractedOn: '2026-07-01', name: 'bloctel' });
    expect(seen).toEqual([{ status: 'loading', entries: OPPOSITION_BATCH }]);
    expect(result.list).toMatchObject({ status: 'ready', entries: OPPOSITION_BATCH + 1 });
  });
});

describe('opposition list upload, streamed (extracts of millions of lines)', () => {
  // Above the 10 MB a multipart form may hold in memory. Lines are padded with spaces (trimmed on
  // reading) to pass that size with 320,000 numbers, which keeps the test's time on PGlite sane.
  const LINES = 320_000;
  const bigExtract = () => {
    const lines: string[] = [];
    for (let i = 0; i < LINES; i++) {
      const digits = String(i).padStart(8, '0');
      // Both ways an extract writes a number: national and E.164.
      lines.push((i % 2 === 0 ? `06${digits}` : `+336${digits}`).padEnd(39, ' '));
    }
    return Buffer.from(lines.join('\n') + '\n');
  };

  it('loads a file over 10 MB from the request stream: every number stored, counted in the listing while it loads, audited, no spool left', async () => {
    const { org, officer, load } = await setup();
    const file = bigExtract();
    expect(file.byteLength).toBeGreaterThan(10 * 1024 * 1024);
    const pending = load(file, '2026-07-01');
    // The back office polls the listing while the upload loads: the extract shows as loading, its count growing.
    const seen: number[] = [];
    let done = false;
    void pending.finally(() => (done = true));
    while (!done) {
      const listing = await rt.app.inject({ method: 'GET', url: '/api/contact/opposition-lists', headers: officer.headers });
      for (const l of listing.json().items as { status: string; entries: number }[]) if (l.status === 'loading') seen.push(l.entries);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const res = await pending;
    expect(res.statusCode, res.body).toBe(201);
    const { list, rejected } = res.json();
    expect(list).toMatchObject({ status: 'ready', entries: LINES, rejected: 0 });
    expect(rejected).toEqual([]);
    expect(seen.some((n) => n > 0 && n < LINES)).toBe(true);
    const [stored] = await rt.deps.db.select({ n: count() }).from(oppositionEntries).where(eq(oppositionEntries.listId, list.id));
    expect(stored?.n).toBe(LINES);
    const audit = await rt.deps.db
      .select({ type: auditEvents.type, payload: auditEvents.payload })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), like(auditEvents.type, 'contact.opposition_list_%')))
      .orderBy(auditEvents.position);
    expect(audit.map((a) => a.type)).toEqual(['contact.opposition_list_started', 'contact.opposition_list_imported']);
    expect(audit[1]?.payload).toMatchObject({ listId: list.id, entries: LINES, rejected: 0 });
    // The spool (encrypted, in the data directory) is gone once the upload is answered.
    const spools = await readdir(path.join(rt.deps.config.dataDir, 'uploads')).catch(() => []);
    expect(spools.filter((f) => f.endsWith('.spool'))).toEqual([]);
  }, 180_000);

  it('refuses a file that is no extract, naming its first bad lines with their numbers in the user’s language; nothing written but the refusal’s audit', async () => {
    const { org, officer, load: send } = await setup();
    const csv = ['numero;date', ...Array.from({ length: 150 }, (_, i) => `06123${String(i).padStart(5, '0')};2026-07-01`)].join('\n');
    const res = await send(csv, '2026-07-01', undefined, 'fr');
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('contact.opposition_not_extract');
    expect(error.message).toBe(
      'Ce fichier n’est pas un extrait de liste d’opposition\u00a0: plus de 100 lignes ne sont pas des numéros de téléphone (les premières sont listées). Un extrait compte un numéro par ligne\u00a0; rien n’a été enregistré.',
    );
    expect(error.issues).toHaveLength(100);
    expect(error.issues[0]).toEqual({ path: 'file', message: 'Ligne 1\u00a0: «\u00a0numero;date\u00a0» n’est pas un numéro de téléphone.' });
    expect(error.issues[99].message).toMatch(/^Ligne 100\u00a0:/);

    // A binary without a line break is one overlong line, read in bounded memory, and no number.
    const binary = Buffer.alloc(3 * 1024 * 1024, 0xff);
    const refused = (await send(binary, '2026-07-01')).json().error;
    expect(refused).toMatchObject({ code: 'contact.opposition_no_number', issues: [{ path: 'file', message: expect.stringMatching(/^Line 1: /) }] });
    expect((await send('', '2026-07-01')).json().error.code).toBe('contact.opposition_no_number');

    const lists = await rt.deps.db.select().from(oppositionLists).where(eq(oppositionLists.orgId, org.id));
    expect(lists).toEqual([]);
    // Each refusal is audited: who, the size, why and how many bad lines were named; never a line.
    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), like(auditEvents.type, 'contact.opposition_list_%')))
      .orderBy(auditEvents.position);
    const refusal = (reason: string, bytes: number, badLines: number) => [
      'contact.opposition_list_refused',
      'user',
      officer.user.id,
      { reason, bytes, extractedOn: '2026-07-01', name: 'bloctel', badLines },
    ];
    expect(audit.map((a) => [a.type, a.actorType, a.actorId, a.payload])).toEqual([
      refusal('not_extract', Buffer.byteLength(csv), 100),
      refusal('no_number', binary.length, 1),
      refusal('no_number', 0, 0),
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/06123|numero/);
  });

  it('refuses other callers and bodies, and an extract stays with its own organisation', async () => {
    const { org, check, load: send } = await setup();
    expect((await upload('0612345678\n', { extractedOn: '2026-07-01' }, {})).statusCode).toBe(401);
    const reader = await createTestToken(rt, org.id, ['contact:read']);
    expect((await upload('0612345678\n', { extractedOn: '2026-07-01' }, reader)).statusCode).toBe(403);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);
    // The file as a form or as JSON is not the streamed body: 415, not a buffered upload.
    const asJson = await rt.app.inject({
      method: 'POST',
      url: '/api/contact/opposition-lists?extractedOn=2026-07-01',
      headers: { ...officer.headers, 'content-type': 'application/json' },
      payload: { file: '0612345678' },
    });
    expect(asJson.statusCode).toBe(415);
    // Past the bound, from the declared length, before a byte is read: 413 in the user's language.
    const tooLarge = await rt.app.inject({
      method: 'POST',
      url: '/api/contact/opposition-lists?extractedOn=2026-07-01&lang=en',
      headers: { ...officer.headers, 'content-type': 'application/octet-stream', 'content-length': String(OPPOSITION_MAX_BYTES + 1) },
      payload: '0612345678\n',
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.message).toBe('The file is too large: 500 MB at most. Nothing was saved.');
    // Refused before a byte is read, and audited with its declared size and the officer.
    const refused = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'contact.opposition_list_refused')));
    expect(refused.map((a) => [a.actorId, a.payload])).toEqual([
      [officer.user.id, { reason: 'too_large', bytes: OPPOSITION_MAX_BYTES + 1, extractedOn: '2026-07-01', name: 'bloctel', badLines: 0 }],
    ]);
    expect((await send('0612345678\n', '2026-07-01', officer.headers, 'en')).statusCode).toBe(201);

    // Another organisation's officer loads the same number: it is on their list, not this one's.
    const other = await createTestOrg(rt);
    const stranger = await createTestUser(rt, other.id, ['ethics_officer']);
    expect((await upload('0699999999\n', { extractedOn: '2026-07-02' }, stranger.headers)).statusCode).toBe(201);
    const mine = await rt.app.inject({ method: 'GET', url: '/api/contact/opposition-lists', headers: officer.headers });
    expect(mine.json().items.map((l: { extractedOn: string }) => l.extractedOn)).toEqual(['2026-07-01']);
    expect((await check('2026-07-03T11:00:00+02:00')).json().evidence.oppositionLists).toEqual([mine.json().items[0].id]);
  });
});
