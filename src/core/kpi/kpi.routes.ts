import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import { presentKpi, presentKpiList, presentKpiRecords, presentObjective, presentObjectives, renderKpiCsv } from './kpi.presenter.ts';
import * as service from './kpi.service.ts';
import { DRILL_LIMIT, findKpiRecords, getKpi, listKpis } from './kpi.queries.ts';
import {
  DrillQuery,
  KeyParams,
  KpiDetailDtoSchema,
  KpiListDtoSchema,
  KpiRecordsDtoSchema,
  ObjectiveDtoSchema,
  ObjectiveListDtoSchema,
  ObjectiveParams,
  ObjectiveSchema,
  PeriodQuery,
} from './kpi.schemas.ts';

/** The KPI dashboard's API: figures from the stored daily values, and the records behind them. */
export function kpiRoutes(deps: Deps): AnyRoute[] {
  const tags = ['kpi'];
  return [
    defineRoute({
      method: 'GET',
      url: '/api/kpis',
      access: 'kpi:read',
      summary: 'Every KPI of the catalogue over a period (default: the last 30 days), with its trend, target and the period before',
      tags,
      schema: { querystring: PeriodQuery, response: { 200: KpiListDtoSchema } },
      async handler({ ctx, query }) {
        const { view, items } = await listKpis(deps, ctx, query);
        return presentKpiList(view, items, ctx.actor, ctx.locale);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/kpis/export.csv',
      access: 'kpi:read',
      summary: 'The KPIs of a period as CSV (headers and decimal mark in the caller’s language)',
      tags,
      schema: { querystring: PeriodQuery, response: { 200: z.string() } },
      async handler({ ctx, query }, reply) {
        const { view, items } = await listKpis(deps, ctx, query);
        const name = `${ctx.locale === 'en' ? 'kpis' : 'indicateurs'}-${view.period.from}-${view.period.to}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(renderKpiCsv(view, items, ctx.locale));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/kpis/:key',
      access: 'kpi:read',
      summary: 'One KPI: its definition (formula, records, unit, owner, target), trend, breakdown and the period before',
      tags,
      schema: { params: KeyParams, querystring: PeriodQuery, response: { 200: KpiDetailDtoSchema } },
      async handler({ ctx, params, query }) {
        const { view, kpi } = await getKpi(deps, ctx, params.key, query);
        return presentKpi(view, kpi, ctx.actor, ctx.locale);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/kpis/:key/records',
      access: 'kpi:read',
      summary: 'The records behind a KPI’s figure over a period (newest first), for a viewer who may read them in their module',
      tags,
      schema: { params: KeyParams, querystring: DrillQuery, response: { 200: KpiRecordsDtoSchema } },
      async handler({ ctx, params, query }) {
        return presentKpiRecords(await findKpiRecords(deps, ctx, params.key, query), DRILL_LIMIT, ctx.locale);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/kpis/:key/objectives',
      access: 'kpi:read',
      summary: 'The organisation’s objectives for a KPI: a target per period, replacing the catalogue’s default for that period',
      tags,
      schema: { params: KeyParams, response: { 200: ObjectiveListDtoSchema } },
      async handler({ ctx, params }) {
        return presentObjectives(await service.findObjectives(deps, ctx, params.key), ctx.actor);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/kpis/:key/objectives',
      access: 'kpi:manage',
      summary: 'Set a KPI’s target over a period (periods of one KPI do not overlap)',
      tags,
      schema: { params: KeyParams, body: ObjectiveSchema, response: { 201: ObjectiveDtoSchema } },
      async handler({ ctx, params, body }, reply) {
        return reply.status(201).send(presentObjective(await service.setObjective(deps, ctx, params.key, body)));
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/kpis/:key/objectives/:id',
      access: 'kpi:manage',
      summary: 'Remove an objective: its period is judged against the catalogue’s target again',
      tags,
      schema: { params: ObjectiveParams, response: { 204: z.null() } },
      async handler({ ctx, params }, reply) {
        await service.removeObjective(deps, ctx, params.key, params.id);
        return reply.status(204).send(null);
      },
    }),
  ];
}
