import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import * as service from './change-campaigns.service.ts';
import * as queries from './change-campaigns.queries.ts';
import { presentChangeCampaign, presentChangeCampaignDetail, presentNoticeEvidence, presentPreview } from './change-campaigns.presenter.ts';
import {
  ChangeCampaignDetailDtoSchema,
  ChangeCampaignListDtoSchema,
  ChangeCampaignParamsSchema,
  ChangeCampaignPreviewDtoSchema,
  CreateChangeCampaignSchema,
  NoticeEvidenceDtoSchema,
} from './change-campaigns.schemas.ts';

export function changeCampaignRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/change-campaigns',
      access: 'contract:read',
      summary: 'Change campaigns of the organisation, newest first, with their notices counted (planned, sent, refused, moved, terminated)',
      tags: ['contracts'],
      schema: { response: { 200: ChangeCampaignListDtoSchema } },
      handler: async ({ ctx }) => ({ items: (await queries.listChangeCampaigns(deps, ctx)).map(presentChangeCampaign) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/change-campaigns',
      access: 'contract:manage',
      summary:
        'Create the change campaign of an offer’s new version: one notice per active contract on an earlier version, planned from the sector’s notice rule; the text is checked by the message checker (findings recorded, not blocking)',
      tags: ['contracts'],
      schema: { body: CreateChangeCampaignSchema, response: { 201: ChangeCampaignDetailDtoSchema } },
      async handler({ ctx, body }, reply) {
        const campaign = await service.createChangeCampaign(deps, ctx, body);
        return reply.status(201).send(presentChangeCampaignDetail(await queries.getChangeCampaign(deps, ctx, campaign.id)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/change-campaigns/preview',
      access: 'contract:manage',
      summary:
        'What creating the change campaign of an offer’s version would do, nothing stored: the sector’s notice rule on the send day, the planned and actual effective day, how many contracts get a notice and how many a later date',
      tags: ['contracts'],
      schema: { body: CreateChangeCampaignSchema, response: { 200: ChangeCampaignPreviewDtoSchema } },
      handler: async ({ ctx, body }) => presentPreview(await service.previewChangeCampaign(deps, ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/change-notices/:id',
      access: 'contract:read',
      summary:
        'One change notice’s evidence: the mail as sent (link token masked), when, to whom, under which rule, the contact guard’s answer and the contact attempt',
      tags: ['contracts'],
      schema: { params: ChangeCampaignParamsSchema, response: { 200: NoticeEvidenceDtoSchema } },
      handler: async ({ ctx, params }) => presentNoticeEvidence(await queries.getNoticeEvidence(deps, ctx, params.id)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/change-campaigns/:id',
      access: 'contract:read',
      summary:
        'One change campaign with the checker’s findings and its first 500 notices (send day, last day allowed, effective day, termination deadline)',
      tags: ['contracts'],
      schema: { params: ChangeCampaignParamsSchema, response: { 200: ChangeCampaignDetailDtoSchema } },
      handler: async ({ ctx, params }) => presentChangeCampaignDetail(await queries.getChangeCampaign(deps, ctx, params.id)),
    }),
  ];
}
