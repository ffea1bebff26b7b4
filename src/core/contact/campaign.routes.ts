import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { t } from '../../i18n/index.ts';
import { AppError } from '../errors.ts';
import type { Deps } from '../deps.ts';
import { AUDIENCE_MAX_BYTES, CampaignAudienceError } from './campaign.audience.ts';
import * as service from './campaign.service.ts';
import * as filterService from './campaign-filter.service.ts';
import { presentCampaign, presentCampaignSummary, presentScrub } from './campaign.presenter.ts';
import {
  AudiencePreviewDtoSchema,
  AudiencePreviewSchema,
  CampaignDetailDtoSchema,
  CreateFilterCampaignSchema,
  CampaignIdParamsSchema,
  CampaignListDtoSchema,
  CreateCampaignFormSchema,
  RecheckSchema,
  ScrubDtoSchema,
  ScrubParamsSchema,
} from './campaign.schemas.ts';
import { presentDecision } from './contact.presenter.ts';
import { ContactDecisionDtoSchema } from './contact.schemas.ts';

const tags = ['contact'];

/** A CSV download: the byte-order mark lets spreadsheets read it as UTF-8. */
const csvReply = <R extends { type(t: string): R; header(k: string, v: string): R; send(body: string): R }>(
  reply: R,
  file: { name: string; csv: string },
) => reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.name}"`).send(file.csv);

export function campaignRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/contact/campaigns',
      access: 'campaign:read',
      summary: 'The campaigns, newest first, each with its latest scrub and what blocks sending it',
      tags,
      schema: { response: { 200: CampaignListDtoSchema } },
      handler: async ({ ctx }) => ({ items: (await service.findCampaignsFor(deps, ctx)).map(presentCampaignSummary) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/campaigns',
      access: 'campaign:manage',
      summary:
        'Create a campaign: multipart/form-data with the audience `file` (CSV: one of customer_id, email, phone a line, matched to customers), name, channel, purpose, sector, message, scheduledAt; a file with any unusable line is refused whole (400, nothing saved); the message is checked and its findings kept',
      tags,
      // The body is multipart (a file), validated below: the JSON-only body check does not apply.
      schema: { response: { 201: CampaignDetailDtoSchema } },
      async handler({ ctx, request }, reply) {
        const form = CreateCampaignFormSchema.safeParse(request.body ?? {});
        if (!form.success)
          throw new AppError(
            'validation',
            {},
            form.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
          );
        const { file, ...input } = form.data;
        try {
          if (file.truncated || file.data.byteLength > AUDIENCE_MAX_BYTES)
            throw new CampaignAudienceError(t(ctx.locale, 'contact.import.file.too_large', { max: AUDIENCE_MAX_BYTES / 1024 / 1024 }));
          const created = await service.createCampaign(deps, ctx, input, file.data);
          return reply.status(201).send(presentCampaign(await service.getCampaign(deps, ctx, created.id)));
        } catch (err) {
          if (!(err instanceof CampaignAudienceError)) throw err;
          const issues = [err.summary, ...err.lines].map((message) => ({ path: 'file', message }));
          return reply.status(400).send({ error: { code: 'validation', message: err.summary, issues } });
        }
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/campaigns/audience-preview',
      access: 'campaign:manage',
      summary:
        'How many customers a saved filter selects now for a channel (not erased, reachable on it); nothing is saved',
      tags,
      schema: { body: AudiencePreviewSchema, response: { 200: AudiencePreviewDtoSchema } },
      handler: async ({ ctx, body }) => ({ count: await filterService.previewAudience(deps, ctx, body) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/campaigns/from-filter',
      access: 'campaign:manage',
      summary:
        'Create a campaign whose audience is a saved filter over the organisation’s customers (language, time zone, contract in force or not, offers, creation and last-contact days): the filter is kept with the campaign and its people written once; a filter that selects nobody is refused (400)',
      tags,
      schema: { body: CreateFilterCampaignSchema, response: { 201: CampaignDetailDtoSchema } },
      async handler({ ctx, body }, reply) {
        const created = await filterService.createFilterCampaign(deps, ctx, body);
        return reply.status(201).send(presentCampaign(await service.getCampaign(deps, ctx, created.id)));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contact/campaigns/:id',
      access: 'campaign:read',
      summary:
        'One campaign: its message and the checker’s findings, its scrubs (counts by reason, CSV of decisions), the export link when it may be sent',
      tags,
      schema: { params: CampaignIdParamsSchema, response: { 200: CampaignDetailDtoSchema } },
      handler: async ({ ctx, params }) => presentCampaign(await service.getCampaign(deps, ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/campaigns/:id/scrub',
      access: 'campaign:manage',
      summary: 'Scrub the audience at the send instant: each recipient allowed or the reasons; the report is kept as evidence',
      tags,
      schema: { params: CampaignIdParamsSchema, response: { 201: ScrubDtoSchema } },
      async handler({ ctx, params }, reply) {
        return reply.status(201).send(presentScrub(await service.scrubCampaign(deps, ctx, params.id)));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contact/campaigns/:id/scrubs/:scrubId/decisions.csv',
      access: 'campaign:read',
      summary: 'A scrub’s report as CSV: one decision a recipient, with its reasons, rules and evidence (ids)',
      tags,
      schema: { params: ScrubParamsSchema, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        return csvReply(reply, await service.scrubDecisionsCsv(deps, ctx, params.id, params.scrubId));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contact/campaigns/:id/export.csv',
      access: 'campaign:manage',
      summary:
        'The allowed recipients of the latest scrub, as CSV for a dialer or a sender (only them); refused (409) while the campaign is not scrubbed or its message has a high-severity finding',
      tags,
      schema: { params: CampaignIdParamsSchema, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        return csvReply(reply, await service.exportAllowed(deps, ctx, params.id));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/campaigns/:id/recheck',
      access: 'contact:check',
      summary:
        'May this recipient of a scheduled campaign be called now (or at `at`)? Judged on the facts of the moment (hours, caps and consents move after the scrub); not stored',
      tags,
      schema: { params: CampaignIdParamsSchema, body: RecheckSchema, response: { 200: ContactDecisionDtoSchema } },
      handler: async ({ ctx, params, body }) => {
        return presentDecision(await service.recheckRecipient(deps, ctx, params.id, body));
      },
    }),
  ];
}
