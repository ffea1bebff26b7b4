/**
 * Export of the organisation's consents as CSV, streamed page by page (a million rows never sit
 * in memory): the current states, or the whole ledger with its proofs (GDPR Art. 7(1)). Subjects
 * appear by customer id, not e-mail: the columns match the import file, so an export imports back.
 */
import { Readable } from 'node:stream';
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { csvLine, csvLines, UTF8_BOM } from '../csv.ts';
import * as repo from './consent.repo.ts';

export type ExportScope = 'states' | 'ledger';
const PAGE = 2_000;

const STATE_COLUMNS = ['customer_id', 'purpose', 'channel', 'state', 'occurred_at', 'notice_version', 'expires_at', 'event_id'];
const LEDGER_COLUMNS = [
  'customer_id',
  'purpose',
  'channel',
  'state',
  'occurred_at',
  'notice_version',
  'method',
  'source',
  'proof_ref',
  'expires_at',
  // The notice shown when the phone number was collected with a phone consent (C. consom. L.223-1
  // from 2026-08-11): part of the consent's proof, and the import's optional column of that name.
  'phone_notice',
  'recorded_method',
  'event_id',
  'seq',
  'ip_hash',
  'user_agent_hash',
  'actor_type',
  'actor_id',
  'recorded_at',
];

async function* lines(deps: Deps, orgId: string, scope: ExportScope): AsyncGenerator<string> {
  const purposes = new Map((await repo.findPurposes(deps.db, orgId)).map((p) => [p.id, p.key]));
  const key = (id: string) => purposes.get(id) ?? id;
  const iso = (d: Date | null) => d?.toISOString() ?? '';
  // A byte-order mark, so spreadsheets read the file as UTF-8 (the import skips it).
  yield UTF8_BOM;
  if (scope === 'states') {
    yield csvLine(STATE_COLUMNS);
    let after: { customerId: string; purposeId: string; channel: string } | null = null;
    for (;;) {
      const page = await repo.findStatesPage(deps.db, orgId, after, PAGE);
      yield csvLines(
        page.map((s) => [
          s.customerId,
          key(s.purposeId),
          s.channel,
          s.kind,
          iso(s.occurredAt),
          s.noticeVersion,
          iso(s.expiresAt),
          s.eventId,
        ]),
      );
      if (page.length < PAGE) return;
      const last = page[page.length - 1]!;
      after = { customerId: last.customerId, purposeId: last.purposeId, channel: last.channel };
    }
  }
  yield csvLine(LEDGER_COLUMNS);
  let afterSeq = 0;
  for (;;) {
    const page = await repo.findEvents(deps.db, orgId, { afterSeq, limit: PAGE });
    yield csvLines(
      page.map((e) => [
        e.customerId,
        key(e.purposeId),
        e.channel,
        e.kind,
        iso(e.occurredAt),
        e.noticeVersion,
        // `method` is how consent was collected, as the import file has it; `recorded_method` how Confiance got it.
        e.originalMethod ?? e.method,
        e.source,
        e.proofRef,
        iso(e.expiresAt),
        e.phoneNotice,
        e.method,
        e.id,
        e.seq,
        e.ipHash,
        e.userAgentHash,
        e.actorType,
        e.actorId,
        iso(e.createdAt),
      ]),
    );
    if (page.length < PAGE) return;
    afterSeq = page[page.length - 1]!.seq;
  }
}

/** Records the export in the audit log, then streams the CSV. */
export async function exportConsents(deps: Deps, ctx: RequestContext, scope: ExportScope): Promise<Readable> {
  const orgId = requireOrg(ctx);
  await deps.db.transaction((tx) => deps.audit.record(tx, ctx, { type: 'consent.exported', payload: { scope } }));
  return Readable.from(lines(deps, orgId, scope));
}
