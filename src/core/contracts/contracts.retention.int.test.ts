import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg } from '../../db/testing/factories.ts';
import { systemContext } from '../context.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { createOffer, offersSchemas } from '../offers/index.ts';
import { contracts } from './contracts.tables.ts';
import { createContract } from './contracts.service.ts';
import { CreateContractSchema } from './contracts.schemas.ts';
import { contractRetention } from './contracts.retention.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

describe('retention of contracts: 5 years after the end (C. civ. art. 2224), 10 years from conclusion online (C. consom. L.213-1)', () => {
  it('purges an ended phone contract past 5 years; holds an online one inside its 10 years and an active one', async () => {
    const org = await createTestOrg(rt);
    const ctx = systemContext(org.id, 'test');
    const { customer } = await rt.deps.db.transaction((tx) =>
      findOrCreateCustomer(rt.deps, tx, ctx, { email: `${randomUUID().slice(0, 8)}@client.example`, name: 'A B', locale: 'fr' }, 'agent'),
    );
    const { offer } = await createOffer(
      rt.deps,
      ctx,
      offersSchemas.CreateOfferSchema.parse({
        slug: 'o',
        kind: 'service',
        sector: 'other',
        name: { fr: 'O' },
        priceCents: 100,
        pricePeriod: 'month',
        renewal: 'none',
      }),
    );
    const make = (channel: 'phone' | 'online', concludedOn: string) =>
      createContract(rt.deps, ctx, CreateContractSchema.parse({ customerId: customer.id, offerId: offer.id, channel, concludedOn }));
    const phone = await make('phone', '2018-01-10');
    const online = await make('online', '2018-01-10');
    const recentOnline = await make('online', '2012-01-10');
    const active = await make('phone', '2018-01-10');
    // Terminated in 2020 at the end of a long commitment: ends in 2022, so its 5 years run to 2027.
    const endsLater = await make('phone', '2018-01-10');
    const endedAt = new Date('2020-06-01T10:00:00Z');
    await rt.deps.db
      .update(contracts)
      .set({ status: 'terminated', endOn: '2020-06-01', endedAt })
      .where(inArray(contracts.id, [phone.id, online.id, recentOnline.id]));
    await rt.deps.db.update(contracts).set({ status: 'terminated', endOn: '2022-01-09', endedAt }).where(eq(contracts.id, endsLater.id));
    // Run "now" in 2026-12: 5 years after the end have passed for the three ended contracts.
    const deps = { ...rt.deps, clock: { now: () => new Date('2026-12-07T10:00:00Z') } };
    const cutoff = new Date('2021-12-07T00:00:00Z');
    const found = await contractRetention.findExpired(deps, rt.deps.db, org.id, cutoff);
    // Online concluded in 2018: within 10 years, held; online concluded in 2012: past both, purged;
    // asked for in 2020 but ended in 2022: counted from its end, held.
    expect(found.ids.sort()).toEqual([phone.id, recentOnline.id].sort());
    expect(found.held).toBe(3);
    const purged = await rt.deps.db.transaction((tx) =>
      contractRetention.purge(deps, tx, ctx, org.id, found.ids, cutoff, async () => undefined),
    );
    expect(purged.sort()).toEqual([phone.id, recentOnline.id].sort());
    const left = await rt.deps.db.select({ id: contracts.id }).from(contracts).where(eq(contracts.orgId, org.id));
    expect(left.map((r) => r.id).sort()).toEqual([online.id, active.id, endsLater.id].sort());
  });
});
