import { z } from 'zod';
import { defineRoute } from '../../api/route.ts';
import { AppError } from '../errors.ts';
import type { ModuleManifest } from '../module.ts';
import { metricsRegistry } from '../../api/plugins/metrics.ts';

/** Liveness, readiness and Prometheus metrics. */
export const systemModule: ModuleManifest = {
  name: 'system',
  permissions: ['system:metrics'],
  auditEvents: {},
  routes: (deps) => [
    defineRoute({
      method: 'GET',
      url: '/health',
      access: 'public',
      publicReason: 'liveness probe for the orchestrator; reveals nothing',
      summary: 'Liveness: the process answers',
      tags: ['system'],
      schema: { response: { 200: z.object({ status: z.literal('ok') }) } },
      handler: async () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'GET',
      url: '/ready',
      access: 'public',
      publicReason: 'readiness probe for the orchestrator; reveals nothing',
      summary: 'Readiness: the database answers',
      tags: ['system'],
      // Which database runs is for the operator (CLI, metrics), not for anyone who can reach the probe.
      schema: { response: { 200: z.object({ status: z.literal('ready') }) } },
      async handler() {
        try {
          await deps.database.ping();
        } catch {
          throw new AppError('unavailable');
        }
        return { status: 'ready' as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/metrics',
      access: 'system:metrics',
      summary: 'Prometheus metrics (use an API token with the system:metrics scope)',
      tags: ['system'],
      schema: { response: { 200: z.string() } },
      async handler(_input, reply) {
        return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
      },
    }),
  ],
};
