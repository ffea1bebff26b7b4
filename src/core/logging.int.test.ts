/**
 * Issue 15, finding 2: a failed query must not write its parameters (e-mail addresses, password
 * hashes) to the log; the log keeps the error's type, SQLSTATE and constraint.
 */
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { createTestRuntime } from '../db/testing/runtime.ts';
import { createTestOrg } from '../db/testing/factories.ts';
import { insertUser } from './auth/auth.repo.ts';
import type { loggableError } from './logging.ts';
import { createLogger } from './logging.ts';

const lines: string[] = [];
let rt: Runtime;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  rt = await createTestRuntime({ logger: createLogger('info', sink) });
});
afterAll(() => rt.close());

it('logs a unique violation with its code and constraint, and none of the query parameters', async () => {
  const org = await createTestOrg(rt);
  const email = `leak-${randomUUID().slice(0, 8)}@secret.example`;
  const passwordHash = `$argon2id$v=19$m=19456,t=2,p=1$${randomUUID()}`;
  const user = { orgId: org.id, email, name: 'Leaky Name', passwordHash, roles: ['agent' as const] };
  await insertUser(rt.deps.db, user);
  const failure = await insertUser(rt.deps.db, user).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(String((failure as Error).message)).toContain(email); // what pino's default serialiser would have written
  rt.deps.log.error({ err: failure }, 'unhandled error');

  const log = lines.join('');
  const entry = JSON.parse(lines.find((l) => l.includes('unhandled error')) ?? '{}') as { err?: ReturnType<typeof loggableError> };
  expect(JSON.stringify(entry.err)).toMatch(/"code":"23505"/);
  expect(JSON.stringify(entry.err)).toMatch(/"constraint":"users_email/);
  for (const secret of [email, passwordHash, 'Leaky Name', org.id]) expect(log).not.toContain(secret);
});
