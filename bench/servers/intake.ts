// Candidate for the intake benchmark: the full Confiance app as `confiance serve` assembles it
// (every plugin, bearer-token auth, Zod validation, the real intake transaction), seeded with
// the demo organisation; prints its port and an API token scoped to `complaint:create`, as a
// web shop or chat integration would hold. BENCH_WORKER=on also runs the job worker in this
// process (the acknowledgement e-mails then go out during the run, into <data>/mail.log).
import { bootApp, serve } from './boot.ts';
import { seedDemo, DEMO_PASSWORD } from '../../src/db/seed/demo.ts';
import { authenticateSession, createToken, login, sessionOf } from '../../src/core/auth/auth.service.ts';

const { rt, dataDir } = await bootApp('intake');
await seedDemo(rt.deps);
const anonymous = { actor: { kind: 'anonymous' as const }, orgId: null, requestId: null, ipHash: null, locale: 'fr' as const };
const session = sessionOf(await login(rt.deps, anonymous, { email: 'admin@lumiere.example', password: DEMO_PASSWORD }));
const admin = await authenticateSession(rt.deps, session.sessionToken);
if (!admin) throw new Error('the demo admin could not sign in');
const { secret } = await createToken(
  rt.deps,
  { ...anonymous, actor: admin.actor, orgId: admin.actor.orgId },
  { name: `intake bench ${new Date().toISOString()}`, scopes: ['complaint:create'], expiresInDays: 1 },
);
if (process.env.BENCH_WORKER === 'on') rt.worker.start();
await serve(rt, dataDir, { token: secret, driver: rt.database.driver, pid: process.pid });
