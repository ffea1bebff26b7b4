// Baseline for the consent HTTP benchmark: a bare Fastify 5 route doing the minimal equivalent
// work: parse the same 1,000-item JSON body, look each subject up in a Map, answer 1,000
// decisions as JSON. No plugin, no authentication, no validation, no database.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = JSON.parse(readFileSync(process.env.BENCH_BODY_FILE ?? '', 'utf8')) as { items: { customerId: string }[] };
const known = new Map(
  body.items.map((it, i) => [it.customerId, { allowed: i % 3 !== 0, reason: i % 3 !== 0 ? 'consent' : 'withdrawn', evidence: `e${i}` }]),
);
const none = { allowed: false, reason: 'no_consent', evidence: null };

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/bare', async (request) => {
  const { items } = request.body as { items: { customerId: string }[] };
  return { items: items.map((it) => known.get(it.customerId) ?? none) };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
