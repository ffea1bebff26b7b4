import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import * as service from './contracts.service.ts';
import * as queries from './contracts.queries.ts';
import { abilitiesOf } from './contracts.policy.ts';
import { presentContract, presentContractDetail } from './contracts.presenter.ts';
import {
  ContractDetailDtoSchema,
  ContractListDtoSchema,
  ContractListQuerySchema,
  ContractParamsSchema,
  CreateContractSchema,
  EndContractSchema,
} from './contracts.schemas.ts';

export function contractRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/contracts',
      access: 'contract:read',
      summary:
        'The organisation’s contracts, newest first, 50 a page, by customer, reference (whole or its last group), e-mail address, status or offer: offer version, dates, renewal, withdrawal period, status',
      tags: ['contracts'],
      schema: { querystring: ContractListQuerySchema, response: { 200: ContractListDtoSchema } },
      async handler({ ctx, query }) {
        const { items, nextPage } = await queries.listContracts(deps, ctx, query);
        return { items: items.map((view) => presentContract(view)), nextPage };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contracts',
      access: 'contract:manage',
      summary:
        'Conclude a contract for a customer on the version of an offer in force now; its reference (a secret of the online termination) is drawn at random',
      tags: ['contracts'],
      schema: { body: CreateContractSchema, response: { 201: ContractDetailDtoSchema } },
      async handler({ ctx, body }, reply) {
        const contract = await service.createContract(deps, ctx, body);
        return reply
          .status(201)
          .send(presentContractDetail(await queries.contractDetailOf(deps, ctx, contract), abilitiesOf(ctx.actor), true));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contracts/:id',
      access: 'contract:read',
      summary: 'One contract with its history: conclusion, termination, withdrawal and reminders, each with its evidence',
      tags: ['contracts'],
      schema: { params: ContractParamsSchema, response: { 200: ContractDetailDtoSchema } },
      handler: async ({ ctx, params }) => presentContractDetail(await queries.getContract(deps, ctx, params.id), abilitiesOf(ctx.actor)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contracts/:id/end',
      access: 'contract:manage',
      summary:
        'End a contract at its holder’s request (phone, letter, e-mail, shop): terminated on the day the rules give, or withdrawn while the period runs; acknowledged to the holder by e-mail',
      tags: ['contracts'],
      schema: { params: ContractParamsSchema, body: EndContractSchema, response: { 200: ContractDetailDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.endContractForHolder(deps, ctx, params.id, body);
        return presentContractDetail(await queries.getContract(deps, ctx, params.id), abilitiesOf(ctx.actor));
      },
    }),
  ];
}
