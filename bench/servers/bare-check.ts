// Baseline for the contact-check HTTP benchmark: a bare Fastify 5 route doing the minimal
// equivalent work of one ad-hoc decision: parse the same JSON body, look the subject up in a Map,
// answer a small decision as JSON. No plugin, no authentication, no validation, no database.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const bodies = (JSON.parse(readFileSync(process.env.BENCH_BODIES_FILE ?? '', 'utf8')) as string[]).map(
  (b) => JSON.parse(b) as { customerId: string },
);
const known = new Map(
  bodies.map((b, i) => [b.customerId, { allowed: i % 3 !== 0, reasons: i % 3 !== 0 ? [] : ['consent_withdrawn'], rules: [] as string[] }]),
);
const none = { allowed: false, reasons: ['consent_missing'], rules: [] as string[] };

const app = Fastify({ logger: false });
app.post('/bare', async (request) => known.get((request.body as { customerId: string }).customerId) ?? none);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
