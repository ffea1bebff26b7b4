import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { RequestContext } from '../context.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import { presentFinding, presentFindingSummary } from './audits.presenter.ts';
import { getFindingView, kpiNamesIn, LIST_LIMIT, listFindings } from './audits.queries.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { runControlsFor } from './audits.run.ts';
import * as service from './audits.service.ts';
import {
  ActionDtoSchema,
  AddActionSchema,
  CloseActionSchema,
  CloseFindingSchema,
  ControlRunDtoSchema,
  FindingDtoSchema,
  FindingListDtoSchema,
  FindingListQuery,
  IdParams,
  UpdateActionSchema,
} from './audits.schemas.ts';
import { notFound } from '../errors.ts';

/** Findings of the controls and audits, and their remediation; every change needs `finding:manage`. */
export function auditsRoutes(deps: Deps): AnyRoute[] {
  const tags = ['findings'];
  const detail = async (ctx: RequestContext, id: string) => presentFinding(await getFindingView(deps, ctx, id), ctx.locale);
  const actionOf = async (ctx: RequestContext, findingId: string, actionId: string) => {
    const dto = (await detail(ctx, findingId)).actions.find((a) => a.id === actionId);
    if (!dto) throw notFound('remediation_action');
    return dto;
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/findings',
      access: 'finding:read',
      summary: 'Findings of the continuous controls and audits (open by default), most severe first',
      tags,
      schema: { querystring: FindingListQuery, response: { 200: FindingListDtoSchema } },
      async handler({ ctx, query }) {
        const { rows, ranAt } = await listFindings(deps, ctx, query);
        const names = kpiNamesIn(deps, ctx.locale);
        return {
          items: rows.map((f) => presentFindingSummary(f, ctx.locale, names)),
          limit: LIST_LIMIT,
          controlsRanAt: ranAt?.toISOString() ?? null,
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/findings/controls/run',
      access: 'finding:manage',
      summary: 'Run the continuous controls now for the organisation (the daily job does it too); opens and closes findings',
      tags,
      schema: { response: { 200: ControlRunDtoSchema } },
      async handler({ ctx }) {
        const org = await findOrganisationById(deps.db, requireOrg(ctx));
        if (!org) throw notFound('organisation');
        const { opened, closed, open, failed } = await runControlsFor(deps, { id: org.id, timezone: org.timezone });
        return { opened, closed, open, failed };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/findings/:id',
      access: 'finding:read',
      summary: 'One finding: its explanation, evidence (named for the viewer), closure and remediation actions',
      tags,
      schema: { params: IdParams, response: { 200: FindingDtoSchema } },
      handler: ({ ctx, params }) => detail(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/findings/:id/close',
      access: 'finding:manage',
      summary: 'Close a finding after review, with a note (not one a control closes when its cause is gone)',
      tags,
      schema: { params: IdParams, body: CloseFindingSchema, response: { 200: FindingDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.closeFinding(deps, ctx, params.id, body);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/findings/:id/actions',
      access: 'finding:manage',
      summary: 'Add a remediation action with its owner and due day',
      tags,
      schema: { params: IdParams, body: AddActionSchema, response: { 201: ActionDtoSchema } },
      async handler({ ctx, params, body }, reply) {
        const action = await service.addAction(deps, ctx, params.id, body);
        return reply.status(201).send(await actionOf(ctx, params.id, action.id));
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/remediation-actions/:id',
      access: 'finding:manage',
      summary: 'Change an open remediation action: wording, owner or due day',
      tags,
      schema: { params: IdParams, body: UpdateActionSchema, response: { 200: ActionDtoSchema } },
      async handler({ ctx, params, body }) {
        const action = await service.updateAction(deps, ctx, params.id, body);
        return actionOf(ctx, action.findingId, action.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/remediation-actions/:id/close',
      access: 'finding:manage',
      summary: 'Mark a remediation action done or cancelled',
      tags,
      schema: { params: IdParams, body: CloseActionSchema, response: { 200: ActionDtoSchema } },
      async handler({ ctx, params, body }) {
        const action = await service.closeAction(deps, ctx, params.id, body);
        return actionOf(ctx, action.findingId, action.id);
      },
    }),
  ];
}
