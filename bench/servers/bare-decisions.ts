// Baseline for the batch decision HTTP benchmarks (consent decisions, contact checks): a bare
// Fastify 5 route doing the minimal equivalent work: parse the same 1,000-question JSON body, look
// each subject up in a Map, answer 1,000 decisions as JSON. No plugin, no authentication, no
// validation, no database.
// BENCH_BODY_FILE holds one body (`{items: [...]}`, the consent bench's); BENCH_BODIES_FILE a JSON
// array of bodies, each a string (`{questions: [...]}`, the contact bench's). BENCH_ANSWERS_FILE,
// when given, maps each subject to the candidate's own answer, so both sides write the same bytes;
// without it the answers are made up, shaped like consent decisions.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

type Batch = { items?: { customerId: string }[]; questions?: { customerId: string }[] };
const questionsOf = (body: Batch) => body.items ?? body.questions ?? [];

const bodies: Batch[] = process.env.BENCH_BODIES_FILE
  ? (JSON.parse(readFileSync(process.env.BENCH_BODIES_FILE, 'utf8')) as string[]).map((b) => JSON.parse(b) as Batch)
  : [JSON.parse(readFileSync(process.env.BENCH_BODY_FILE ?? '', 'utf8')) as Batch];
const known = new Map<string, unknown>(
  process.env.BENCH_ANSWERS_FILE
    ? Object.entries(JSON.parse(readFileSync(process.env.BENCH_ANSWERS_FILE, 'utf8')) as Record<string, unknown>)
    : bodies
        .flatMap(questionsOf)
        .map((it, i) => [it.customerId, { allowed: i % 3 !== 0, reason: i % 3 !== 0 ? 'consent' : 'withdrawn', evidence: `e${i}` }]),
);
const none = { allowed: false, reason: 'no_consent', evidence: null };

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/bare', async (request) => ({ items: questionsOf(request.body as Batch).map((it) => known.get(it.customerId) ?? none) }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
