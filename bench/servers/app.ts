// Candidate: the full Confiance app (all plugins, session auth, permission check, real database),
// seeded with the demo data; prints its port and a signed-in admin's cookie.
import { bootApp, serve } from './boot.ts';
import { seedDemo, DEMO_PASSWORD } from '../../src/db/seed/demo.ts';
import { login, sessionOf } from '../../src/core/auth/auth.service.ts';

const { rt, dataDir } = await bootApp('app');
await seedDemo(rt.deps);
const session = sessionOf(await login(rt.deps, { actor: { kind: 'anonymous' }, orgId: null, requestId: null, ipHash: null, locale: 'fr' }, { email: 'admin@lumiere.example', password: DEMO_PASSWORD }));
await serve(rt, dataDir, { cookie: `cf_session=${session.sessionToken}`, driver: rt.database.driver });
