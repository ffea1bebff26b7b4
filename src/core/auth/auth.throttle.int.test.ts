/**
 * Sign-in throttling (issue 15, finding 3): one answer for unknown e-mail, wrong password and a
 * throttled source; failures slow one source on one account only, so nobody can lock the real
 * user out from elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, TEST_PASSWORD } from '../../db/testing/factories.ts';
import { fixedClock } from '../clock.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { loginThrottles } from './auth.tables.ts';
import { THROTTLE_THRESHOLD } from './auth.policy.ts';

const clock = fixedClock(new Date('2026-11-25T10:00:00Z'));
let rt: Runtime;

beforeAll(async () => {
  rt = await createTestRuntime({ clock });
});
afterAll(async () => {
  await rt.close();
});

const login = (email: string, password: string, remoteAddress: string) =>
  rt.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { 'content-type': 'application/json' }, payload: { email, password } });

async function newUser() {
  const org = await createTestOrg(rt);
  const { user } = await createTestUser(rt, org.id, ['agent']);
  return { org, user };
}

describe('sign-in throttling per account and source', () => {
  it('answers an unknown e-mail, a wrong password and a throttled source identically', async () => {
    const { user } = await newUser();
    const unknown = await login('nobody@nowhere.example', 'whatever password', '10.9.0.1');
    const wrong = await login(user.email, 'not the password', '10.9.0.1');
    for (let i = 1; i <= THROTTLE_THRESHOLD; i++) await login(user.email, `wrong-${i}`, '10.9.0.2');
    const throttled = await login(user.email, TEST_PASSWORD, '10.9.0.2');
    for (const res of [unknown, wrong, throttled]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['retry-after']).toBeUndefined();
    }
    expect(wrong.json()).toEqual(unknown.json());
    expect(throttled.json()).toEqual(unknown.json());
    expect(unknown.json().error.code).toBe('auth.invalid_credentials');
  });

  it(`after ${THROTTLE_THRESHOLD} failures from source A, refuses the right password from A but not from B`, async () => {
    const { org, user } = await newUser();
    for (let i = 1; i <= THROTTLE_THRESHOLD; i++) expect((await login(user.email, `wrong-${i}`, '10.9.1.1')).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, '10.9.1.1')).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, '10.9.1.2')).statusCode).toBe(200);
    // B's success clears B only: A is still waiting.
    expect((await login(user.email, TEST_PASSWORD, '10.9.1.1')).statusCode).toBe(401);
    // The table holds hashes only, never the e-mail nor the address.
    const rows = await rt.deps.db.select().from(loginThrottles);
    expect(JSON.stringify(rows)).not.toContain(user.email);
    expect(JSON.stringify(rows)).not.toContain('10.9.1.1');
    const locks = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'user.locked')));
    expect(locks.map((e) => e.payload)).toEqual([{ userId: user.id, until: new Date(clock.now().getTime() + 60_000).toISOString() }]);
    // The first wait is one minute, to the millisecond.
    clock.advance(59_999);
    expect((await login(user.email, TEST_PASSWORD, '10.9.1.1')).statusCode).toBe(401);
    clock.advance(1);
    expect((await login(user.email, TEST_PASSWORD, '10.9.1.1')).statusCode).toBe(200);
  });

  it('doubles the wait on a further failure, and a success clears it', async () => {
    const { user } = await newUser();
    const a = '10.9.2.1';
    for (let i = 1; i <= THROTTLE_THRESHOLD; i++) await login(user.email, `wrong-${i}`, a);
    clock.advance(60_000);
    // Sixth failure: two minutes now.
    expect((await login(user.email, 'wrong-6', a)).statusCode).toBe(401);
    clock.advance(119_000);
    expect((await login(user.email, TEST_PASSWORD, a)).statusCode).toBe(401);
    clock.advance(1_000);
    expect((await login(user.email, TEST_PASSWORD, a)).statusCode).toBe(200);
    // Cleared: had the count gone on, a seventh failure would make A wait four minutes.
    expect((await login(user.email, 'wrong-7', a)).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, a)).statusCode).toBe(200);
  });
});
