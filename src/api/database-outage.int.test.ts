/**
 * Issue 15, standing tests: the database going away is a 503 "try again" (the product's error
 * body, no stack), never a 500, and never the end of the process. Found by `npm run
 * test:resilience` (an immediate stop of a private PostgreSQL cluster under load): the server
 * died on the first connection lost between two statements of a transaction, and the requests
 * answered meanwhile got 500.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../db/client.ts';
import { asAppError } from './plugins/errors.ts';

/** A driver error as node-postgres builds it from the server's ErrorResponse. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

/** Drizzle wraps the driver's error in its own, with the query and its parameters in the message. */
function wrapped(cause: unknown): Error {
  return new Error('Failed query: insert into customers ... params: secret@example.com', { cause });
}

describe('what the database going away answers', () => {
  it.each([
    [
      'a refused connection (the server is down)',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }),
    ],
    ['a connection cut in the middle', new Error('Connection terminated unexpectedly')],
    ['a client that lost its connection earlier', new Error('Client has encountered a connection error and is not queryable')],
    ['the server shutting down (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['the server starting up again (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', pgError('08006', 'connection failure')],
    ['no connection slot left (53300)', pgError('53300', 'sorry, too many clients already')],
    [
      'refusals of every address of a name',
      new AggregateError([
        Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      ]),
    ],
  ])('%s is a 503 "unavailable", wrapped or not', (_what, error) => {
    for (const thrown of [error, wrapped(error), wrapped(wrapped(error))]) {
      const appError = asAppError(thrown);
      expect(appError.code).toBe('unavailable');
      expect(appError.status).toBe(503);
    }
  });

  it('keeps a database error that is not an outage what it was: a 409, a 400, an internal error', () => {
    expect(asAppError(wrapped(Object.assign(new Error('duplicate key'), { code: '23505', severity: 'ERROR' }))).status).toBe(409);
    expect(asAppError(wrapped(Object.assign(new Error('invalid input'), { code: '22P02', severity: 'ERROR' }))).status).toBe(400);
    // A system code without the driver's severity is not mistaken for a SQLSTATE, nor is any error an outage.
    expect(asAppError(wrapped(Object.assign(new Error('deadlock'), { code: '40P01', severity: 'ERROR' }))).status).toBe(500);
    expect(asAppError(new Error('something else')).status).toBe(500);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL: a connection lost between two statements of a transaction fails that transaction as "unavailable"; the process lives on and the pool serves the next query',
    async () => {
      const url = process.env.DATABASE_URL ?? '';
      const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
      const { default: pg } = await import('pg');
      const killer = new pg.Client({ connectionString: url });
      await killer.connect();
      try {
        const failure = await database.db
          .transaction(async (tx) => {
            const [row] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
            await killer.query('select pg_terminate_backend($1)', [row?.pid]);
            // No statement runs now: node-postgres reports the loss as an 'error' event on the
            // checked-out client, which ended the process when nobody listened.
            await new Promise((resolve) => setTimeout(resolve, 500));
            await tx.execute(sql`select 1`);
          })
          .then(
            () => null,
            (error: unknown) => error,
          );
        expect(failure).not.toBeNull();
        expect(asAppError(failure).status).toBe(503);
        await database.ping();
      } finally {
        await killer.end();
        await database.close();
      }
    },
    30_000,
  );
});
