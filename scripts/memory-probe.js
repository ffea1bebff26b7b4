// Loaded with `node --import` into each server process of the scale-out load (scripts/resilience.ts),
// never into the product. Resident memory alone cannot tell a leak from garbage not yet collected:
// at the same live data, V8 keeps between 85 and 133 MiB of heap (and the resident size follows)
// depending on how fast the load allocates (measured, docs/SECURITY.md "Scale-out load"). So every
// CONFIANCE_MEMORY_PROBE_MS (15 s) this runs a full garbage collection, then appends one JSON line
// to CONFIANCE_MEMORY_PROBE_FILE: what survives (heap used, of which compiled code; off-heap memory)
// and the resident size.
import { appendFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';

const file = process.env.CONFIANCE_MEMORY_PROBE_FILE;
if (file) {
  v8.setFlagsFromString('--expose-gc');
  // The flag makes `gc` a global of contexts created from now on, not of this one.
  const gc = vm.runInNewContext('gc');
  const mib = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
  const timer = setInterval(
    () => {
      gc();
      const m = process.memoryUsage();
      const code = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'code_space')?.space_used_size ?? 0;
      const sample = { at: Date.now(), rss: mib(m.rss), heapUsed: mib(m.heapUsed), code: mib(code), heapTotal: mib(m.heapTotal), external: mib(m.external) };
      appendFileSync(file, JSON.stringify(sample) + '\n');
    },
    Number(process.env.CONFIANCE_MEMORY_PROBE_MS ?? 15_000),
  );
  // The probe never keeps a server alive.
  timer.unref();
}
