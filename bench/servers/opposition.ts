// Server of the opposition-list upload benchmark: the full Confiance app on its own database (the
// bench gives it a scratch PostgreSQL database), one organisation and an API token of an ethics
// officer's scope (contact:manage). Prints its port, the token and its process id, whose memory
// the bench reads in /proc while an extract goes through POST /api/contact/opposition-lists, and
// its organisation and data directory, which the CLI run of the same bench uses.
import { bootApp, serve } from './boot.ts';
import { createTestOrg, createTestToken } from '../../src/db/testing/factories.ts';

const { rt, dataDir } = await bootApp('opposition');
const org = await createTestOrg(rt);
const token = await createTestToken(rt, org.id, ['contact:manage', 'contact:read']);
await serve(rt, dataDir, { authorization: token.authorization, pid: process.pid, slug: org.slug, dataDir, driver: rt.database.driver });
