import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import * as service from './register.service.ts';
import * as retention from './retention.service.ts';
import { registerCsv, registerHtml } from './register.export.ts';
import { RETENTION_RULE_KEYS } from './register.taxonomy.ts';
import { ActivityDtoSchema, ControllerDtoSchema, DryRunDtoSchema, presentActivity, presentController, presentPlan, presentRegister, presentRule, presentRun, RegisterDtoSchema, RuleDtoSchema, RunDtoSchema } from './register.presenter.ts';

const IdParams = z.object({ id: z.uuid() }).strict();
const RuleParams = z.object({ rule: z.enum(RETENTION_RULE_KEYS) }).strict();

/** Records of processing (Art. 30) and retention (Art. 5(1)(e)): DPO routes. */
export function registerRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/register',
      access: 'register:read',
      summary: 'Records of processing (GDPR Art. 30(1)): the controller and every activity',
      tags: ['register'],
      schema: { response: { 200: RegisterDtoSchema } },
      handler: async ({ ctx }) => presentRegister(await service.getRegister(deps, ctx), ctx.actor),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/register/controller',
      access: 'register:manage',
      summary: 'Set the controller, joint controllers, representative and DPO (Art. 30(1)(a))',
      tags: ['register'],
      schema: { body: service.ControllerSchema, response: { 200: ControllerDtoSchema } },
      handler: async ({ ctx, body }) => presentController(await service.updateController(deps, ctx, body)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/register/prefill',
      access: 'register:manage',
      summary: 'Add the activities missing from the register: one per consent purpose, one per module with personal data',
      tags: ['register'],
      schema: { response: { 200: z.object({ items: z.array(ActivityDtoSchema) }) } },
      handler: async ({ ctx }) => ({ items: (await service.prefillRegister(deps, ctx)).map(presentActivity) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/register/activities',
      access: 'register:manage',
      summary: 'Add a processing activity by hand',
      tags: ['register'],
      schema: { body: service.CreateActivitySchema, response: { 201: ActivityDtoSchema } },
      async handler({ ctx, body }, reply) {
        return reply.status(201).send(presentActivity(await service.createActivity(deps, ctx, body)));
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/register/activities/:id',
      access: 'register:manage',
      summary: 'Edit a processing activity (each change audited by field name)',
      tags: ['register'],
      schema: { params: IdParams, body: service.UpdateActivitySchema, response: { 200: ActivityDtoSchema } },
      handler: async ({ ctx, params, body }) => presentActivity(await service.updateActivity(deps, ctx, params.id, body)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/register/export.csv',
      access: 'register:read',
      summary: 'The register as CSV (UTF-8 with BOM; semicolons in French, commas in English)',
      tags: ['register'],
      schema: { response: { 200: z.string() } },
      async handler({ ctx }, reply) {
        const { org, controller, activities } = await service.getRegister(deps, ctx);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${org.slug}-register.csv"`)
          .header('cache-control', 'no-store')
          .send(registerCsv(ctx.locale, { orgName: org.name, controller, activities }));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/register/print',
      access: 'register:read',
      summary: 'The register as a printable HTML page',
      tags: ['register'],
      schema: { response: { 200: z.string() } },
      async handler({ ctx }, reply) {
        const { org, controller, activities } = await service.getRegister(deps, ctx);
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(registerHtml(ctx.locale, { orgName: org.name, controller, activities }, deps.clock.now(), org.timezone));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/retention/rules',
      access: 'retention:read',
      summary: 'Retention rules: the organisation’s period, the default and its source, the tables it covers',
      tags: ['retention'],
      schema: { response: { 200: z.object({ items: z.array(RuleDtoSchema) }) } },
      async handler({ ctx }) {
        const orgId = requireOrg(ctx);
        return { items: (await retention.findEffectiveRules(deps, orgId)).map((r) => presentRule(r, orgId, ctx.actor)) };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/retention/rules/:rule',
      access: 'register:manage',
      summary: 'Set the organisation’s retention period for a rule (not below its minimum)',
      tags: ['retention'],
      schema: { params: RuleParams, body: retention.UpdateRuleSchema, response: { 200: RuleDtoSchema } },
      handler: async ({ ctx, params, body }) => presentRule(await retention.updateRetentionRule(deps, ctx, params.rule, body), requireOrg(ctx), ctx.actor),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/retention/dry-run',
      access: 'retention:read',
      summary: 'What a retention run would purge now, per rule: counts, rows kept by a legal hold, sample ids. Changes nothing.',
      tags: ['retention'],
      schema: { response: { 200: DryRunDtoSchema } },
      handler: async ({ ctx }) => presentPlan(await retention.planRetention(deps, ctx), deps.clock.now()),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/retention/runs',
      access: 'retention:read',
      summary: 'Latest retention runs, newest first',
      tags: ['retention'],
      schema: { response: { 200: z.object({ items: z.array(RunDtoSchema) }) } },
      handler: async ({ ctx }) => ({ items: (await retention.findRetentionRuns(deps, ctx)).map(presentRun) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/retention/runs',
      access: 'retention:run',
      summary: 'Run retention now (what the daily job does): purge what is past its limit, respecting legal holds',
      tags: ['retention'],
      schema: { response: { 201: RunDtoSchema } },
      async handler({ ctx }, reply) {
        return reply.status(201).send(presentRun(await retention.runRetention(deps, ctx, 'manual')));
      },
    }),
  ];
}
