import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { oppositionEntries } from './contact.tables.ts';
import { OPPOSITION_BATCH, importOppositionList } from './contact.opposition.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

function multipart(fields: Record<string, string>, content: string) {
  const boundary = '----confiance-opposition';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bloctel.txt"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { payload: Buffer.from(parts.join('')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function setup() {
  const org = await createTestOrg(rt);
  const officer = await createTestUser(rt, org.id, ['ethics_officer']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  const { customer } = await rt.deps.db.transaction((tx) =>
    findOrCreateCustomer(rt.deps, tx, officer.ctx, { email: `o-${Math.random()}@example.test`, phone: '06 12 34 56 78' }, 'agent'),
  );
  const load = (content: string, extractedOn: string, headers = officer.headers, lang = 'en') => {
    const body = multipart({ extractedOn }, content);
    return rt.app.inject({
      method: 'POST',
      url: `/api/contact/opposition-lists?lang=${lang}`,
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };
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
