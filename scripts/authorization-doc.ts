/**
 * `npm run docs:authorization`: writes docs/AUTHORIZATION.md, the route x caller table, from the
 * module manifests and the role table (src/api/testing/authorization-matrix.ts). The matrix test
 * (src/api/authorization.int.test.ts) proves each cell against the app and fails when the file is
 * stale. Routes are listed without a database: a manifest's `routes(deps)` only closes over deps.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deps } from '../src/core/deps.ts';
import { modules } from '../src/modules.ts';
import { renderAuthorizationDoc } from '../src/api/testing/authorization-matrix.ts';

const unusable = new Proxy({} as Deps, {
  get(_target, key) {
    throw new Error(`a manifest used deps.${String(key)} while listing its routes; build the document from a runtime instead`);
  },
});

const routes = modules.flatMap((m) => m.routes(unusable).map((r) => ({ module: m.name, method: r.method, url: r.url, access: r.access })));
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '../docs/AUTHORIZATION.md');
writeFileSync(target, renderAuthorizationDoc(routes));
console.log(`docs/AUTHORIZATION.md: ${routes.length} routes`);
