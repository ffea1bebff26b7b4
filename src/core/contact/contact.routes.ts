import { runCsvImport } from '../../api/csv-import.ts';
import { spoolUpload, uploadSpoolDir } from '../../api/plugins/stream-body.ts';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { AppError } from '../errors.ts';
import { importContactHistory } from './contact.import.ts';
import type { Deps } from '../deps.ts';
import * as service from './contact.service.ts';
import { presentAttempt, presentDecision, presentDecisionsJson, presentOppositionList } from './contact.presenter.ts';
import { OPPOSITION_MAX_BYTES, findOppositionLists, importOppositionList, recordOppositionRefusal } from './contact.opposition.ts';
import { z } from 'zod';
import {
  CheckContactSchema,
  CheckContactsSchema,
  ContactAttemptDtoSchema,
  ContactDecisionDtoSchema,
  ContactDecisionsDtoSchema,
  ContactHistoryDtoSchema,
  HistoryImportReportSchema,
  HistoryQuerySchema,
  OppositionImportDtoSchema,
  OppositionImportQuerySchema,
  OppositionListDtoSchema,
  PhoneConsentDtoSchema,
  PhoneConsentQuerySchema,
  PhoneConsentRecordedDtoSchema,
  PhoneConsentSchema,
  RecordAttemptSchema,
} from './contact.schemas.ts';
import { findPhoneConsent, recordPhoneConsent } from './phone-consent.service.ts';
import { presentPhoneConsent } from './contact.presenter.ts';

export function contactRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/contact/check',
      access: 'contact:check',
      summary:
        'May this person be contacted on this channel for this purpose now (or at `at`)? Allowed, or every reason with its article and evidence; not stored',
      tags: ['contact'],
      schema: { body: CheckContactSchema, response: { 200: ContactDecisionDtoSchema } },
      handler: async ({ ctx, body }) => {
        return presentDecision(await service.checkContact(deps, ctx, body));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/checks',
      access: 'contact:check',
      summary:
        'Up to 1,000 checks at once (a call list, a dialer’s next calls), answered in the order asked, each as `POST /api/contact/check` answers it; not stored. A question that cannot be answered (a customer unknown to the organisation, a bad time zone) refuses the whole request, each named by its place',
      tags: ['contact'],
      schema: { body: CheckContactsSchema, response: { 200: ContactDecisionsDtoSchema } },
      async handler({ ctx, body }, reply) {
        const checks = await service.checkContacts(deps, ctx, body);
        // Already JSON (presentDecisionsJson keeps to the response schema): sent as is.
        return reply.type('application/json; charset=utf-8').send(presentDecisionsJson(checks.map(presentDecision)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/attempts',
      access: 'contact:record',
      summary:
        'Record an outbound contact attempt and its outcome, with the decision of the rules at its time; a refusal withdraws the phone consent (from 2026-08-11) at once',
      tags: ['contact'],
      schema: { body: RecordAttemptSchema, response: { 201: ContactAttemptDtoSchema } },
      async handler({ ctx, body }, reply) {
        const { attempt, withdrawals } = await service.recordAttempt(deps, ctx, body);
        return reply.status(201).send(presentAttempt(attempt, withdrawals));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contact/attempts',
      access: 'contact:read',
      summary: 'A customer’s contact history on every channel, newest first, each attempt with its stored decision',
      tags: ['contact'],
      schema: { querystring: HistoryQuerySchema, response: { 200: ContactHistoryDtoSchema } },
      handler: async ({ ctx, query }) => ({
        items: (await service.findHistory(deps, ctx, query.customerId)).map((row) => presentAttempt(row)),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/attempts/import',
      access: 'contact:import',
      summary:
        "Check (mode=dry_run) or import (mode=commit, with the dry run's fileHash as expectedHash) a CSV of contact attempts from a dialer or an e-mail or SMS sender; each stored with the decision of the rules at its time; multipart/form-data with a `file` field",
      tags: ['contact'],
      // The body is multipart (a file), validated below: the JSON-only body check does not apply.
      schema: { response: { 200: HistoryImportReportSchema } },
      handler: ({ ctx, request }, reply) =>
        runCsvImport(ctx, request.body, reply, 'contact', (file, mode, expectedHash) =>
          importContactHistory(deps, ctx, file, mode, expectedHash),
        ),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contact/phone-consent',
      // What the verdict already reads of the consents, for whoever checks a contact.
      access: 'contact:check',
      summary:
        'A customer’s phone prospecting consents (the purposes the contact guard reads) and the notice to read out before recording one (C. consom. L.223-1)',
      tags: ['contact'],
      schema: { querystring: PhoneConsentQuerySchema, response: { 200: PhoneConsentDtoSchema } },
      handler: async ({ ctx, query }) => presentPhoneConsent(await findPhoneConsent(deps, ctx, query.customerId)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/phone-consent',
      // The agent records what the customer said during the call, as a refusal recorded with
      // `contact:record` already withdraws the phone consents.
      access: 'contact:record',
      summary:
        'Record that the customer on the phone gave or withdrew their phone prospecting consent for one purpose (method phone_recorded); a consent given from 2026-08-11 needs the notice read out (`phoneNotice`, C. consom. L.223-1), stored with the event',
      tags: ['contact'],
      schema: { body: PhoneConsentSchema, response: { 201: PhoneConsentRecordedDtoSchema } },
      async handler({ ctx, body }, reply) {
        const event = await recordPhoneConsent(deps, ctx, body);
        const consent = presentPhoneConsent(await findPhoneConsent(deps, ctx, body.customerId));
        return reply.status(201).send({
          event: { id: event.id, kind: body.kind, method: event.method, occurredAt: event.occurredAt.toISOString(), phoneNotice: event.phoneNotice },
          consent,
        });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contact/opposition-lists',
      access: 'contact:read',
      summary: 'The opposition list extracts (Bloctel) held, newest first: date in force from, count, status',
      tags: ['contact'],
      schema: { response: { 200: z.object({ items: z.array(OppositionListDtoSchema) }) } },
      handler: async ({ ctx }) => ({ items: (await findOppositionLists(deps, ctx)).map(presentOppositionList) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contact/opposition-lists',
      access: 'contact:manage',
      summary:
        'Load an opposition list extract (one number a line, up to 500 MB: about 30 million numbers) in force from `extractedOn`; the file is the body, `application/octet-stream`, streamed; numbers stored as keyed hashes of their E.164 form; the extract counts its numbers in the listing while it loads. A file with more than 100 lines that are not numbers, or none that is, is refused (400, its first bad lines named), nothing written',
      tags: ['contact'],
      streamBody: true,
      schema: { querystring: OppositionImportQuerySchema, response: { 201: OppositionImportDtoSchema, 200: OppositionImportDtoSchema } },
      async handler({ ctx, query, request }, reply) {
        let refusedBytes: number | null = null;
        const upload = await spoolUpload(request, reply, {
          dir: uploadSpoolDir(deps.config.dataDir),
          maxBytes: OPPOSITION_MAX_BYTES,
          tooLarge: (bytes) => {
            refusedBytes = bytes;
            return new AppError('contact.opposition_too_large', { max: OPPOSITION_MAX_BYTES / 1024 / 1024 });
          },
        }).catch(async (error: unknown) => {
          // A file too large is refused before the service sees it: its refusal is audited here.
          if (refusedBytes !== null)
            await recordOppositionRefusal(deps, ctx, { reason: 'too_large', bytes: refusedBytes, extractedOn: query.extractedOn, name: query.name });
          throw error;
        });
        // The spool is gone before the answer, whatever the outcome.
        const result = await importOppositionList(deps, ctx, () => upload.open(), {
          extractedOn: query.extractedOn,
          name: query.name,
          bytes: upload.bytes,
        }).finally(() => upload.remove());
        return reply.status(result.already ? 200 : 201).send({ ...result, list: presentOppositionList(result.list) });
      },
    }),
  ];
}
