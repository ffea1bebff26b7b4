import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { exportSubject, eraseSubject } from '../dsr/subject-data.ts';
import { customers } from './customers.tables.ts';
import { findOrCreateCustomer, phoneLookup, revealCustomer, type CustomerIdentity } from './customers.service.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

async function setup() {
  const org = await createTestOrg(rt);
  const agent = await createTestUser(rt, org.id, ['agent']);
  const find = (identity: CustomerIdentity) => rt.deps.db.transaction((tx) => findOrCreateCustomer(rt.deps, tx, agent.ctx, identity, 'agent'));
  return { org, agent, find };
}

describe('customers without e-mail', () => {
  it('creates a phone-only customer with the number encrypted in E.164 and found again by its keyed hash and name', async () => {
    const { org, find } = await setup();
    const first = await find({ name: 'Lucienne Morel', phone: '06 12 34 56 78' });
    expect(first.created).toBe(true);
    expect(first.customer.emailLookup).toBeNull();
    expect(first.customer.phoneLookup).toBe(phoneLookup(rt.deps, org.id, '+33612345678'));
    expect(first.customer.phoneEnc).not.toContain('612345678');
    expect((await revealCustomer(rt.deps, rt.deps.db, first.customer)).phone).toBe('+33612345678');
    // The same person, written another way.
    const again = await find({ name: ' lucienne  MOREL ', phone: '+33 6 12 34 56 78' });
    expect(again).toMatchObject({ created: false, customer: { id: first.customer.id } });
  });

  it('never merges two people sharing a landline; a phone-only customer who gives an e-mail keeps their record', async () => {
    const { find } = await setup();
    const lucienne = await find({ name: 'Lucienne Morel', phone: '01 02 03 04 05' });
    const marcel = await find({ name: 'Marcel Morel', phone: '01 02 03 04 05' });
    expect(marcel.created).toBe(true);
    expect(marcel.customer.id).not.toBe(lucienne.customer.id);
    // Same landline, same name, now with an e-mail: the same person, who gets the e-mail.
    const withEmail = await find({ name: 'Lucienne Morel', phone: '01 02 03 04 05', email: 'lucienne@example.fr' });
    expect(withEmail.created).toBe(false);
    expect(withEmail.customer.id).toBe(lucienne.customer.id);
    expect((await revealCustomer(rt.deps, rt.deps.db, withEmail.customer)).email).toBe('lucienne@example.fr');
    // Found by the e-mail from then on; Marcel, still without e-mail, is still found by phone and name.
    expect((await find({ name: 'X', email: 'LUCIENNE@example.fr' })).customer.id).toBe(lucienne.customer.id);
    expect((await find({ name: 'Marcel Morel', phone: '0102030405' })).customer.id).toBe(marcel.customer.id);
    // Another e-mail with Lucienne's phone and name is someone else now that hers is known.
    expect((await find({ name: 'Lucienne Morel', phone: '0102030405', email: 'other@example.fr' })).created).toBe(true);
  });

  it('creates a customer known by a postal address only, and refuses an identity with no contact at all', async () => {
    const { find } = await setup();
    const byPost = await find({ name: 'Jean Valjean', address: '12 rue des Lilas\n75020 Paris' });
    expect(byPost.created).toBe(true);
    expect(byPost.customer.addressEnc).not.toContain('Lilas');
    expect((await revealCustomer(rt.deps, rt.deps.db, byPost.customer)).address).toBe('12 rue des Lilas\n75020 Paris');
    await expect(find({ name: 'Nobody' })).rejects.toMatchObject({ code: 'validation' });
    await expect(find({ name: 'Nobody', phone: '  ', address: '' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('exports the phone number and the address to the subject and erases them with their lookup hash', async () => {
    const { org, agent, find } = await setup();
    const { customer } = await find({ name: 'Rose Blanc', phone: '07 11 22 33 44', address: '3 place du Marché, 69001 Lyon' });
    const exported = await exportSubject(rt.deps, org.id, customer.id);
    expect(JSON.stringify(exported)).toContain('+33711223344');
    expect(JSON.stringify(exported)).toContain('3 place du Marché, 69001 Lyon');
    await rt.deps.db.transaction((tx) => eraseSubject(rt.deps, tx, agent.ctx, org.id, customer.id));
    const [row] = await rt.deps.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row).toMatchObject({ phoneLookup: null, phoneEnc: null, addressEnc: null, nameEnc: null });
    expect(row?.erasedAt).not.toBeNull();
    // Gone from the lookup: the same identity now creates a new customer.
    expect((await find({ name: 'Rose Blanc', phone: '0711223344' })).created).toBe(true);
  });
});
