import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { presentCheck } from './messages.presenter.ts';
import { CheckMessageSchema, CheckResultDtoSchema } from './messages.schemas.ts';
import { checkMessageFor } from './messages.service.ts';

export function messagesRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/messages/check',
      access: 'message:check',
      summary: 'Check a message for manipulation, pressure and missing information (fr/en): score, flag and findings with span, severity, rule and a fairer wording; not stored',
      tags: ['messages'],
      schema: { body: CheckMessageSchema, response: { 200: CheckResultDtoSchema } },
      handler: async ({ ctx, body }) => presentCheck(checkMessageFor(ctx, body), body.id),
    }),
  ];
}
