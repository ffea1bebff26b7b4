/** Authenticated JSON read (GET /api/users with a session cookie) vs a bare Fastify JSON route. */
import { compare, load, report, startChild } from './lib.ts';

export async function run(): Promise<void> {
  const bare = await startChild<{ port: number }>('bare');
  const app = await startChild<{ port: number; cookie: string; driver: string }>('app');
  try {
    // Warm both (JIT, connection pools, caches) before measuring.
    await load({ url: `http://127.0.0.1:${bare.info.port}/bare`, seconds: 2 });
    await load({ url: `http://127.0.0.1:${app.info.port}/api/users`, headers: { cookie: app.info.cookie }, seconds: 2 });
    const result = await compare(
      Number(process.env.BENCH_ROUNDS ?? 3),
      () => load({ url: `http://127.0.0.1:${bare.info.port}/bare` }),
      () => load({ url: `http://127.0.0.1:${app.info.port}/api/users`, headers: { cookie: app.info.cookie } }),
    );
    if (result.candidate.non2xx > 0) throw new Error(`authenticated route answered ${result.candidate.non2xx} non-2xx responses`);
    report(`Authenticated JSON read vs bare Fastify (${app.info.driver}, 20 connections)`, result, ['bare Fastify GET /bare', `Confiance GET /api/users (${app.info.driver})`]);
  } finally {
    await app.stop();
    await bare.stop();
  }
}
