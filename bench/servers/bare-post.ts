// Baseline for write benchmarks: a bare Fastify 5 route that parses a JSON body and answers 201
// with a small JSON document, no plugin and no database.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/bare', async (request, reply) => {
  const body = request.body as { category?: string };
  return reply.status(201).send({ id: randomUUID(), reference: 'REC-2026-000001', category: body.category ?? null, created: true });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
