import { z } from 'zod';
import { runCsvImport } from '../../api/csv-import.ts';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import * as service from './consent.service.ts';
import * as schemas from './consent.schemas.ts';
import { presentDecisionsJson, presentEvent, presentPurpose } from './consent.presenter.ts';
import { getPurposeView } from './consent.queries.ts';
import { importConsents } from './consent.import.ts';
import { exportConsents } from './consent.export.ts';

export function consentRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/consent/purposes',
      access: 'consent:read',
      summary: 'Purposes of processing with their legal basis, data use and every notice version',
      tags: ['consent'],
      schema: { response: { 200: z.object({ items: z.array(schemas.PurposeDtoSchema) }) } },
      handler: async ({ ctx }) => ({
        items: (await service.findPurposesWithNotices(deps, requireOrg(ctx))).map(presentPurpose),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/purposes',
      access: 'purpose:manage',
      summary: 'Create a purpose with its first notice version',
      tags: ['consent'],
      schema: { body: schemas.CreatePurposeSchema, response: { 201: schemas.PurposeDtoSchema } },
      async handler({ ctx, body }, reply) {
        const purpose = await service.createPurpose(deps, ctx, body);
        return reply.status(201).send(presentPurpose(await getPurposeView(deps, ctx, purpose.id)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/purposes/:id/notices',
      access: 'purpose:manage',
      summary: 'Publish a new notice version for a purpose (notices are never edited)',
      tags: ['consent'],
      schema: { params: schemas.IdParamsSchema, body: schemas.NoticeSchema, response: { 201: schemas.PurposeDtoSchema } },
      async handler({ ctx, params, body }, reply) {
        await service.publishNotice(deps, ctx, params.id, body);
        return reply.status(201).send(presentPurpose(await getPurposeView(deps, ctx, params.id)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/events',
      access: 'consent:record',
      summary: 'Record a consent event (given, withdrawn, refused, expired) with its proof',
      tags: ['consent'],
      schema: { body: schemas.RecordConsentSchema, response: { 201: schemas.ConsentEventDtoSchema } },
      async handler({ ctx, body, request }, reply) {
        const event = await service.recordConsent(deps, ctx, {
          ...body,
          occurredAt: body.occurredAt ? new Date(body.occurredAt) : undefined,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
          userAgent: request.headers['user-agent'] ?? null,
        });
        return reply.status(201).send(presentEvent(event));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/decisions',
      access: 'consent:read',
      summary: 'Decide up to 1,000 (subject, purpose, channel) at once: allowed or denied, with reason and evidence',
      tags: ['consent'],
      schema: { body: schemas.DecisionsSchema, response: { 200: z.object({ items: z.array(schemas.DecisionDtoSchema) }) } },
      async handler({ ctx, body }, reply) {
        const index = await service.freshConsentIndex(deps, requireOrg(ctx));
        const at = body.at ? Date.parse(body.at) : deps.clock.now().getTime();
        // Already JSON (presentDecisionsJson keeps to the response schema): sent as is.
        return reply.type('application/json; charset=utf-8').send(presentDecisionsJson(index.canMany(body.items, at)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/import',
      access: 'consent:import',
      summary:
        "Check (mode=dry_run) or import (mode=commit, with the dry run's fileHash as expectedHash) a CSV file of existing consents with their proof; multipart/form-data with a `file` field",
      tags: ['consent'],
      // The body is multipart (a file), validated below: the JSON-only body check does not apply.
      schema: { response: { 200: schemas.ImportReportSchema } },
      handler: ({ ctx, request }, reply) =>
        runCsvImport(ctx, request.body, reply, 'consent', (file, mode, expectedHash) =>
          importConsents(deps, ctx, file, mode, expectedHash),
        ),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/consent/export',
      access: 'consent:read',
      summary: 'Export the current consent states (scope=states) or the whole ledger with proofs (scope=ledger) as CSV, streamed',
      tags: ['consent'],
      schema: { querystring: schemas.ExportQuerySchema, response: { 200: z.string() } },
      async handler({ ctx, query }, reply) {
        const stream = await exportConsents(deps, ctx, query.scope);
        const day = deps.clock.now().toISOString().slice(0, 10);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="consents-${query.scope}-${day}.csv"`)
          .header('cache-control', 'no-store')
          .send(stream);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/consent/rates',
      access: 'consent:read',
      summary: 'Consent rates by purpose (current states)',
      tags: ['consent'],
      schema: { response: { 200: z.object({ items: z.array(schemas.RateDtoSchema) }) } },
      handler: async ({ ctx }) => ({ items: await service.consentRates(deps, ctx) }),
    }),
  ];
}
