import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import * as service from './change-campaigns.service.ts';
import * as queries from './change-campaigns.queries.ts';
import { presentChangeCampaign, presentChangeCampaignDetail } from './change-campaigns.presenter.ts';
import {
  ChangeCampaignDetailDtoSchema,
  ChangeCampaignListDtoSchema,
  ChangeCampaignParamsSchema,
  CreateChangeCampaignSchema,
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
