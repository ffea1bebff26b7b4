import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { systemContext } from '../context.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { createOffer, offersSchemas } from '../offers/index.ts';
import { findQueuedMails } from '../mail/mail.service.ts';
import { eraseSubject, exportSubject } from '../dsr/index.ts';
import { addDays, toLocalDate } from '../../rules/index.ts';
import type { NoticeSector } from '../../rules/transparency/index.ts';
import { contracts } from './contracts.tables.ts';
import { normaliseContractReference } from './contracts.service.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const json = { 'content-type': 'application/json' };
const today = () => toLocalDate(new Date(), 'Europe/Paris');

async function setup(sector: NoticeSector = 'energy') {
  const org = await createTestOrg(rt);
  const supervisor = await createTestUser(rt, org.id, ['supervisor']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  const ctx = systemContext(org.id, 'test');
  const email = `${randomUUID().slice(0, 8)}@client.example`;
  const { customer } = await rt.deps.db.transaction((tx) =>
    findOrCreateCustomer(rt.deps, tx, ctx, { email, name: 'Jeanne Roux', locale: 'fr' }, 'agent'),
  );
  const { offer } = await createOffer(
    rt.deps,
    ctx,
    offersSchemas.CreateOfferSchema.parse({
      slug: 'offre',
      kind: 'plan',
      sector,
      name: { fr: 'Électricité Verte', en: 'Green Electricity' },
      priceCents: 5_000,
      pricePeriod: 'month',
      renewal: 'tacit',
      durationMonths: 12,
    }),
  );
  const conclude = async (body: Record<string, unknown>) => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/contracts',
      headers: { ...supervisor.headers, ...json },
      payload: { customerId: customer.id, offerId: offer.id, channel: 'online', concludedOn: today(), ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as {
      id: string;
      reference: string;
      status: string;
      withdrawalLastDay: string | null;
      commitmentEndOn: string | null;
    };
  };
  const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const post = (url: string, payload: Record<string, string>) =>
    rt.app.inject({
      method: 'POST',
      url: `/portal/${org.slug}${url}`,
      headers: form,
      payload: new URLSearchParams(payload).toString(),
      remoteAddress: ip,
    });
  const token = async (url: string) => {
    const res = await rt.app.inject({ method: 'GET', url: `/portal/${org.slug}${url}`, remoteAddress: ip });
    expect(res.statusCode).toBe(200);
    return /name="formToken" value="([^"]+)"/.exec(res.body)![1]!;
  };
  return { org, supervisor, agent, customer, email, offer, conclude, post, token };
}

const confirmFields = (body: string) => ({
  formToken: /name="formToken" value="([^"]+)"/.exec(body)![1]!,
  contract: /name="contract" value="([^"]+)"/.exec(body)![1]!,
});

describe('contracts in the back office', () => {
  it('a supervisor concludes a contract with a random reference; agents read it, cannot conclude; bad input is a 400 naming the field', async () => {
    const s = await setup();
    const c = await s.conclude({ concludedOn: '2026-11-02', startOn: '2026-11-15' });
    expect(c.reference).toMatch(/^CT(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    expect(c.commitmentEndOn).toBe('2027-11-14');
    expect(c).toMatchObject({ status: 'active', withdrawalLastDay: '2026-11-16' });
    const other = await s.conclude({});
    expect(other.reference).not.toBe(c.reference);

    const list = await rt.app.inject({ method: 'GET', url: `/api/contracts?customerId=${s.customer.id}`, headers: s.agent.headers });
    expect(
      list
        .json()
        .items.map((i: { reference: string }) => i.reference)
        .sort(),
    ).toEqual([c.reference, other.reference].map((r) => `CT-…-${r.slice(-5)}`).sort());
    // Staff who read contracts never see a whole reference: with the name and address they also
    // see, it would let any of them end the contract anonymously on the portal.
    expect(list.body).not.toContain(c.reference);
    expect(list.json().items[0].customerName).toBe('Jeanne Roux');
    const detail = await rt.app.inject({ method: 'GET', url: `/api/contracts/${c.id}`, headers: s.agent.headers });
    expect(detail.json()).toMatchObject({
      email: s.email,
      renewal: 'tacit',
      renewalOn: '2027-11-15',
      lastDayToRefuseOn: '2027-11-14',
      abilities: { manage: false },
    });
    expect(detail.json().history).toEqual([expect.objectContaining({ type: 'concluded', via: 'backoffice', ref: 'C. consom. L.221-13' })]);
    expect(detail.body).not.toContain(c.reference);

    const refused = await rt.app.inject({
      method: 'POST',
      url: '/api/contracts',
      headers: { ...s.agent.headers, ...json },
      payload: { customerId: s.customer.id, offerId: s.offer.id, channel: 'online', concludedOn: today() },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await rt.app.inject({
      method: 'POST',
      url: '/api/contracts',
      headers: { ...s.supervisor.headers, ...json, 'accept-language': 'en' },
      payload: { customerId: s.customer.id, offerId: s.offer.id, channel: 'online', concludedOn: '2026-11-10', startOn: '2026-11-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('startOn');
    const [audit] = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'contract.created')))
      .limit(1);
    expect(JSON.stringify(audit?.payload)).not.toContain(c.reference);
  });

  it('reads a reference however it is typed', () => {
    expect(normaliseContractReference(' ct 7k2qd m9x4a p3wtr h8n6b ')).toBe('CT-7K2QD-M9X4A-P3WTR-H8N6B');
    expect(normaliseContractReference('CT-7K2QD-M9X4A-P3WTR-H8N6O')).toBe('CT-7K2QD-M9X4A-P3WTR-H8N60');
    expect(normaliseContractReference('CT-7K2QD-M9X4A-P3WTR-H8N6')).toBeNull();
    expect(normaliseContractReference('CT-7K2QD-M9X4A-P3WTR-H8N6U')).toBeNull();
  });
});

describe('résilier votre contrat, online without an account', () => {
  it('wrong details get one answer whichever field is wrong, and nothing changes', async () => {
    const s = await setup();
    const c = await s.conclude({});
    const answers = [];
    for (const wrong of [
      { name: 'Marc Petit', reference: c.reference, email: s.email },
      { name: 'Jeanne Roux', reference: 'CT-00000-00000-00000-00000', email: s.email },
      { name: 'Jeanne Roux', reference: c.reference, email: 'someone@else.example' },
    ]) {
      const res = await s.post('/contracts/terminate', { formToken: await s.token('/contracts/terminate'), ...wrong });
      expect(res.statusCode).toBe(400);
      answers.push(/<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)![0]);
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('Nous ne trouvons pas de contrat avec ces informations');
    const [row] = await rt.deps.db.select().from(contracts).where(eq(contracts.id, c.id));
    expect(row?.status).toBe('active');
    const failures = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'contract.identification_failed')));
    expect(failures).toHaveLength(3);
    // A forged or missing form token is refused before anything is looked up.
    const forged = await s.post('/contracts/terminate', { formToken: 'x', name: 'Jeanne Roux', reference: c.reference, email: s.email });
    expect(forged.statusCode).toBe(400);
  });

  it('identify, confirm, acknowledged: ends once on a double submit, mails the address on file, records the evidence', async () => {
    const s = await setup('electronic_communications');
    const c = await s.conclude({});
    const step2 = await s.post('/contracts/terminate', {
      formToken: await s.token('/contracts/terminate'),
      // Typed as a person would: another case, no accents, the reference in lower case with spaces.
      name: '  jeanne   ROUX ',
      reference: c.reference.toLowerCase().replace(/-/g, ' '),
      email: s.email.toUpperCase(),
    });
    expect(step2.statusCode, step2.body).toBe(200);
    expect(step2.body).toContain('Étape 2 sur 3');
    const endOn = addDays(today(), 10); // L.224-39: ten days after receipt
    const fields = confirmFields(step2.body);
    const first = await s.post('/contracts/terminate/confirm', fields);
    const second = await s.post('/contracts/terminate/confirm', fields);
    for (const res of [first, second]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Étape 3 sur 3');
      expect(res.body).toContain('Votre résiliation est enregistrée');
    }
    const [row] = await rt.deps.db.select().from(contracts).where(eq(contracts.id, c.id));
    expect(row).toMatchObject({ status: 'terminated', endOn });
    const mails = (await findQueuedMails(rt.deps, s.org.id)).filter((m) => m.template === 'contracts.mail.terminated');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.mail).toMatchObject({
      to: { address: s.email },
      params: { reference: c.reference, endOn, ref: 'C. consom. L.224-39' },
    });
    const detail = (await rt.app.inject({ method: 'GET', url: `/api/contracts/${c.id}`, headers: s.agent.headers })).json();
    expect(detail.history.map((h: { type: string }) => h.type)).toEqual(['concluded', 'terminated']);
    expect(detail.history[1]).toMatchObject({
      template: 'contracts.mail.terminated',
      sentTo: s.email,
      shownDate: endOn,
      via: 'portal',
      ref: 'C. consom. L.224-39',
    });
    const audits = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'contract.terminated')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.payload).toMatchObject({ contractId: c.id, endOn, via: 'portal' });

    // Identified again afterwards: the contract has ended, said plainly.
    const again = await s.post('/contracts/terminate', {
      formToken: await s.token('/contracts/terminate'),
      name: 'Jeanne Roux',
      reference: c.reference,
      email: s.email,
    });
    expect(again.body).toContain('Ce contrat a déjà pris fin');

    // The export holds the contract and its evidence; erasure keeps them under a legal hold.
    const exported = await exportSubject(rt.deps, s.org.id, s.customer.id);
    expect(exported.contracts).toMatchObject({
      contracts: [expect.objectContaining({ reference: c.reference, status: 'terminated', email: s.email, endOn })],
      contract_events: expect.arrayContaining([
        expect.objectContaining({ type: 'terminated', sentTo: s.email, template: 'contracts.mail.terminated' }),
      ]),
    });
    const erased = await rt.deps.db.transaction((tx) =>
      eraseSubject(rt.deps, tx, systemContext(s.org.id, 'test'), s.org.id, s.customer.id),
    );
    expect(erased.held).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'contracts', id: c.id })]));
    const [kept] = await rt.deps.db.select().from(contracts).where(eq(contracts.id, c.id));
    expect(kept).toMatchObject({ status: 'terminated', emailLookup: null });
  });

  it('a confirmation token is bound to its contract: posted for another contract, it changes nothing', async () => {
    const s = await setup();
    const mine = await s.conclude({});
    const theirs = await s.conclude({});
    const step2 = await s.post('/contracts/terminate', {
      formToken: await s.token('/contracts/terminate'),
      name: 'Jeanne Roux',
      reference: mine.reference,
      email: s.email,
    });
    const res = await s.post('/contracts/terminate/confirm', { ...confirmFields(step2.body), contract: theirs.id });
    expect(res.statusCode).toBe(400);
    const rows = await rt.deps.db.select().from(contracts).where(eq(contracts.orgId, s.org.id));
    expect(rows.every((r) => r.status === 'active')).toBe(true);
  });
});

describe('too many identification tries', () => {
  it("the sixth in a minute gets a portal page in the visitor's language with a way back, not a JSON body", async () => {
    const s = await setup();
    const formToken = await s.token('/contracts/terminate');
    const tries = [];
    for (let i = 0; i < 6; i++)
      tries.push(
        await s.post('/contracts/terminate', { formToken, name: 'X', reference: 'CT-00000-00000-00000-00000', email: 'x@y.example' }),
      );
    const sixth = tries[5]!;
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['content-type']).toContain('text/html');
    expect(sixth.body).toContain('<html lang="fr">');
    expect(sixth.body).toContain('Trop de tentatives');
    expect(sixth.body).toContain(`href="/portal/${s.org.slug}"`);
    expect(sixth.body).not.toContain('"code"');
  });
});

describe('withdraw from contract', () => {
  it('within 14 days: ends today, acknowledged by page and e-mail', async () => {
    const s = await setup();
    const c = await s.conclude({ concludedOn: addDays(today(), -13) });
    const step2 = await s.post('/contracts/withdraw', {
      formToken: await s.token('/contracts/withdraw'),
      name: 'Jeanne Roux',
      reference: c.reference,
      email: s.email,
    });
    expect(step2.body).toContain('Vérifiez avant de vous rétracter');
    const done = await s.post('/contracts/withdraw/confirm', confirmFields(step2.body));
    expect(done.body).toContain('Votre rétractation est enregistrée');
    const [row] = await rt.deps.db.select().from(contracts).where(eq(contracts.id, c.id));
    expect(row).toMatchObject({ status: 'withdrawn', endOn: today() });
    const mails = (await findQueuedMails(rt.deps, s.org.id)).filter((m) => m.template === 'contracts.mail.withdrawn');
    expect(mails[0]?.mail).toMatchObject({ to: { address: s.email } });
  });

  it('past the period: says it ended and offers termination instead; a shop contract has no withdrawal right', async () => {
    const s = await setup();
    const old = await s.conclude({ concludedOn: addDays(today(), -40) });
    const step2 = await s.post('/contracts/withdraw', {
      formToken: await s.token('/contracts/withdraw'),
      name: 'Jeanne Roux',
      reference: old.reference,
      email: s.email,
    });
    expect(step2.statusCode).toBe(200);
    expect(step2.body).toContain('Le délai de rétractation de ce contrat a pris fin le');
    expect(step2.body).toContain('Confirmer la résiliation');
    expect(step2.body).toContain('/contracts/terminate/confirm');
    const done = await s.post('/contracts/terminate/confirm', confirmFields(step2.body));
    expect(done.body).toContain('Votre résiliation est enregistrée');

    const shop = await s.conclude({ channel: 'shop' });
    const noRight = await s.post('/contracts/withdraw', {
      formToken: await s.token('/contracts/withdraw'),
      name: 'Jeanne Roux',
      reference: shop.reference,
      email: s.email,
    });
    expect(noRight.body).toContain('conclu en magasin, n’ouvre pas de droit de rétractation');
  });
});
