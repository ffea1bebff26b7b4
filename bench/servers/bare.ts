// Baseline: a bare Fastify 5 route returning a small JSON document, no plugins.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ items: [{ id: 'a', name: 'Camille Martin', roles: ['admin'] }] }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
