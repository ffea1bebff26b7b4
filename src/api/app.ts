/**
 * Composition root: builds the Fastify app from the module manifests. Every route is registered
 * here in one way (access rule, schemas, OpenAPI entry, rate limit), which is what lets a guard
 * test prove that no route forgot its permission.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../core/deps.ts';
import type { ModuleManifest } from '../core/module.ts';
import { AppError } from '../core/errors.ts';
import { registerBackOffice } from './backoffice.ts';
import { baseCspDirectives, serializeCsp, swaggerCspDirectives } from './csp.ts';
import { frameworkErrorHandler, registerErrorHandling } from './plugins/errors.ts';
import { registerInputGuard } from './plugins/input.ts';
import { hashIp, registerContext } from './plugins/context.ts';
import { databaseRateLimitStore } from './plugins/rate-limit-store.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerMultipart } from './plugins/multipart.ts';
import { isPortalAccess, type AnyRoute } from './route.ts';

export interface BuildAppOptions {
  /** Directory of the built back office (Vite output); served under /app/ when present. */
  webDir?: string;
  logger?: boolean;
}

/** Routes registered by plugins rather than manifests (documentation and static files). */
export function isInfrastructureRoute(url: string): boolean {
  return url === '/' || url === '/api/openapi.json' || url.startsWith('/api/docs') || url === '/app' || url.startsWith('/app/');
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app serves, for the guard tests. */
    registeredRoutes: { method: string; url: string }[];
  }
}

const BODY_LIMIT = 1024 * 1024;

/**
 * A client that sends a body shorter than its Content-Length, or trickles its headers, would
 * otherwise hold a connection (and its memory) for as long as it likes.
 */
function timeoutsFromEnv(env: NodeJS.ProcessEnv): { requestTimeout: number; headersTimeout: number } {
  const requestTimeout = Number(env.CONFIANCE_REQUEST_TIMEOUT_MS ?? 60_000);
  const headersTimeout = Number(env.CONFIANCE_HEADERS_TIMEOUT_MS ?? 15_000);
  if (!(requestTimeout > 0) || !(headersTimeout > 0)) throw new Error('CONFIANCE_REQUEST_TIMEOUT_MS and CONFIANCE_HEADERS_TIMEOUT_MS must be positive numbers of milliseconds');
  // Node requires the header deadline to fall within the whole request's.
  return { requestTimeout, headersTimeout: Math.min(headersTimeout, requestTimeout) };
}

/**
 * Fastify's request log writes the full URL, and URLs carry secrets (private tracking links,
 * signed download and withdrawal tokens): this one logs the method and the route pattern instead.
 */
class RouteLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, route: request.routeOptions.url ?? 'unmatched', statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

export async function buildApp(deps: Deps, modules: readonly ModuleManifest[], options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { requestTimeout, headersTimeout } = timeoutsFromEnv(process.env);
  const app = Fastify({
    ...(options.logger === false ? { logger: false } : { loggerInstance: deps.log as FastifyBaseLogger }),
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT,
    trustProxy: process.env.CONFIANCE_TRUST_PROXY === 'true',
    // Malformed URLs, headers and bodies must end as clean 4xx answers.
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
    requestTimeout,
    http: { headersTimeout, requestTimeout },
    logController: new RouteLogController(),
  }).withTypeProvider<ZodTypeProvider>();

  const registered: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') registered.push({ method, url: route.url });
  });
  app.decorate('registeredRoutes', registered);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  await registerMultipart(app);
  // Security headers from helmet's middleware, built once: @fastify/helmet builds it again on every
  // request (parsing the CSP each time), ~5 % of a small API request's CPU.
  const securityHeaders = helmet({
    // The whole policy is ours (src/api/csp.ts), not helmet's defaults, which allow inline styles.
    contentSecurityPolicy: { useDefaults: false, directives: baseCspDirectives(deps.config.secureCookies) },
    strictTransportSecurity: deps.config.secureCookies,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)));
  await app.register(rateLimit, {
    global: false,
    // Counted in the database, shared by every server process (never per process).
    store: databaseRateLimitStore(deps.db),
    // The source as the keyed hash the audit log uses: the table never holds an address.
    keyGenerator: (request) => hashIp(deps.config.ipHashSalt, request.ip) ?? 'no-address',
    // Only a scratch server under a security scan (config.rateLimitsLifted, refused in production).
    ...(deps.config.rateLimitsLifted ? { allowList: () => true } : {}),
    errorResponseBuilder: (_req, context) => new AppError('rate_limited', { seconds: Math.ceil(context.ttl / 1000) }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Confiance API', version: '0.1.0', description: 'Ethical customer relationship platform' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cf_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: serializeCsp(swaggerCspDirectives(deps.config.secureCookies)) });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerContext(app, deps);
  registerInputGuard(app);
  registerMetrics(app);

  for (const manifest of modules) {
    for (const route of manifest.routes(deps)) registerRoute(app, route);
  }

  const webDir = options.webDir;
  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    await registerBackOffice(app, webDir, deps.config.secureCookies);
  }
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/app/'));
  return app;
}

function registerRoute(app: FastifyInstance, route: AnyRoute): void {
  const { schema } = route;
  app.route({
    method: route.method,
    url: route.url,
    config: {
      access: route.access,
      ...(route.csrf === false ? { csrf: false } : {}),
      jsonBody: route.url.startsWith('/api/') && Boolean(schema.body),
      ...(route.rateLimitPerMinute ? { rateLimit: { max: route.rateLimitPerMinute, timeWindow: '1 minute' } } : {}),
    },
    schema: {
      summary: route.summary,
      tags: route.tags,
      hide: route.hideFromOpenApi ?? false,
      ...(schema.body ? { body: schema.body } : {}),
      ...(schema.querystring ? { querystring: schema.querystring } : {}),
      ...(schema.params ? { params: schema.params } : {}),
      // HTML and text answers are written by the handler; only JSON bodies are serialised by schema.
      response: Object.fromEntries(Object.entries(schema.response).filter(([, s]) => !isPlainString(s))),
      ...(isPortalAccess(route.access) ? {} : { security: [{ session: [] }, { bearer: [] }] }),
    },
    handler: (request, reply) =>
      route.handler({ ctx: request.ctx, body: request.body, query: request.query, params: request.params, request }, reply),
  });
}

function isPlainString(schema: unknown): boolean {
  return (schema as { def?: { type?: string } }).def?.type === 'string';
}
