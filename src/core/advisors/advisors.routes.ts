import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import * as service from './advisors.service.ts';
import type { AdvisorCandidate } from './advisors.repo.ts';
import { AdvisorDtoSchema, AdvisorTeamDtoSchema, HandoverResultSchema, HandoverSchema, UpdateAdvisorSchema } from './advisors.schemas.ts';

const IdParams = z.object({ id: z.uuid() });

function present(a: AdvisorCandidate) {
  return { userId: a.userId, name: a.name, active: a.userStatus === 'active', languages: a.languages, skills: a.skills, status: a.status, deputyId: a.deputyId, supervisorId: a.supervisorId, customers: a.customers };
}

export function advisorRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/advisors',
      access: 'advisor:read',
      summary: 'Dedicated advisors with their languages, status, deputy and number of customers, and who may supervise them',
      tags: ['advisors'],
      schema: { response: { 200: AdvisorTeamDtoSchema } },
      handler: async ({ ctx }) => ({ items: (await service.findAdvisors(deps, ctx)).map(present), supervisors: await service.findSupervisors(deps, ctx) }),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/advisors/:id',
      access: 'advisor:manage',
      summary: 'Change an advisor’s languages, skills (specialist categories), status (absent: the deputy takes new work), deputy or supervisor (team)',
      tags: ['advisors'],
      schema: { params: IdParams, body: UpdateAdvisorSchema, response: { 200: AdvisorDtoSchema } },
      handler: async ({ ctx, params, body }) => present(await service.updateAdvisor(deps, ctx, params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/advisors/:id/handover',
      access: 'advisor:manage',
      summary: 'Hand all of an advisor’s customers and open complaints over to another advisor; customers are told',
      tags: ['advisors'],
      schema: { params: IdParams, body: HandoverSchema, response: { 200: HandoverResultSchema } },
      handler: async ({ ctx, params, body }) => service.handOver(deps, ctx, params.id, body),
    }),
  ];
}
