/**
 * Campaigns: an audience (a CSV matched to customers), a channel, a purpose, a sector, a message
 * and a send instant. Before anything is sent the audience is scrubbed: every recipient judged
 * by the contact guard at the send instant, in bulk (gatherSubjects reads the facts of thousands
 * of people in a few queries, decide judges each without I/O). The scrub and its decisions are
 * kept as evidence; only recipients allowed by the latest scrub can be exported to a dialer or a
 * sender, and a call of a scheduled list is judged again when it is made (recheckRecipient),
 * because hours, caps and consents move between the scrub and the call.
 */
import type { Db } from '../../db/client.ts';
import { t } from '../../i18n/index.ts';
import { toLocalDate } from '../../rules/index.ts';
import { ContactRulesError } from '../../rules/contact/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { findCustomersByIds, revealCustomer } from '../customers/index.ts';
import { approvalFor, checkMessage, type ApprovalAnswer } from '../messages/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { factsChangedSince } from './campaign-freshness.repo.ts';
import { csvLine, toCsv, UTF8_BOM } from '../csv.ts';
import { readAudience } from './campaign.audience.ts';
import * as policy from './campaign.policy.ts';
import * as repo from './campaign.repo.ts';
import { CONTACT_OUTCOMES, type ContactEvidence } from './contact.tables.ts';
import type { CampaignBlock, CreateCampaignInput, RecheckInput } from './campaign.schemas.ts';
import { decisionEvidence, type StoredMessageCheck } from './campaign.tables.ts';
import { extractsBetween, type ContactOutcome, type HistoryRow } from './contact.policy.ts';
import {
  checkOf,
  consentView,
  decide,
  gatherSubjects,
  historySince,
  NOT_LISTED,
  type ConsentView,
  type ContactCheck,
  type SubjectFacts,
} from './contact.service.ts';

/** A campaign with its scrubs, newest first, its message's approval, and what blocks it. */
export interface CampaignView {
  campaign: repo.CampaignRow;
  scrubs: repo.CampaignScrubRow[];
  approval: Pick<ApprovalAnswer, 'required' | 'approved' | 'status'>;
  blocks: CampaignBlock[];
}

/** Whether the campaign's message may go out: read from the messages module each time (an approval may come at any moment). */
async function approvalOf(deps: Deps, orgId: string, campaign: repo.CampaignRow): Promise<CampaignView['approval']> {
  const { required, approved, status } = await approvalFor(deps, orgId, {
    text: campaign.message,
    type: policy.messageTypeOf(campaign.channel, campaign.purpose),
    campaign: true,
  });
  return { required, approved, status };
}

/** One recipient's decision in a scrub. */
export interface RecipientDecision {
  customerId: string;
  allowed: boolean;
  reasons: string[];
  rules: readonly string[];
  evidence: Readonly<ContactEvidence> | Readonly<Record<string, never>>;
}

/** Creates a campaign from its audience file; a file with any unusable line is refused whole (nothing saved). */
export async function createCampaign(
  deps: Deps,
  ctx: RequestContext,
  input: CreateCampaignInput,
  file: Uint8Array,
): Promise<repo.CampaignRow> {
  const orgId = requireOrg(ctx);
  const scheduledAt = futureSendInstant(deps, input);
  const audience = await readAudience(deps, orgId, ctx.locale, file);
  const messageCheck = checkCampaignMessage(input, ctx.locale);
  return deps.db.transaction(async (tx) => {
    const campaign = await repo.insertCampaign(
      tx,
      { ...newCampaignValues(ctx, orgId, input, scheduledAt, messageCheck), audienceHash: audience.fileHash, recipients: audience.recipients.length },
      audience.recipients,
    );
    await recordCampaignCreated(deps, tx, ctx, campaign, messageCheck, {
      recipients: audience.recipients.length,
      duplicates: audience.duplicates,
      audienceHash: audience.fileHash,
    });
    return campaign;
  });
}

/** The send instant of a new campaign, refused when it is not in the future. */
export function futureSendInstant(deps: Deps, input: Pick<CreateCampaignInput, 'scheduledAt'>): Date {
  const scheduledAt = new Date(input.scheduledAt);
  if (scheduledAt.getTime() <= deps.clock.now().getTime())
    throw new AppError('validation', {}, [{ path: 'scheduledAt', code: 'scheduled_in_past' }]);
  return scheduledAt;
}

/** The columns every new campaign takes from its request, whatever its audience's source. */
export function newCampaignValues(
  ctx: RequestContext,
  orgId: string,
  input: Pick<CreateCampaignInput, 'name' | 'channel' | 'purpose' | 'sector' | 'message'>,
  scheduledAt: Date,
  messageCheck: StoredMessageCheck,
) {
  return {
    orgId,
    name: input.name,
    channel: input.channel,
    purpose: input.purpose,
    sector: input.sector,
    message: input.message,
    scheduledAt,
    messageCheck,
    actorType: ctx.actor.kind,
    actorId: actorId(ctx.actor),
  };
}

/** The audit event of a new campaign: what it is, its audience (as `audience` says) and what the checker found. */
export async function recordCampaignCreated(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  campaign: repo.CampaignRow,
  messageCheck: StoredMessageCheck,
  audience: { recipients: number; duplicates: number; audienceHash: string; audienceSource?: 'filter'; filter?: string },
): Promise<void> {
  await deps.audit.record(tx, ctx, {
    type: 'contact.campaign_created',
    target: { type: 'campaign', id: campaign.id },
    payload: {
      campaignId: campaign.id,
      channel: campaign.channel,
      purpose: campaign.purpose,
      sector: campaign.sector,
      ...audience,
      messageFlagged: messageCheck.flagged,
      highFindings: messageCheck.findings.filter((f) => f.severity === 'high').length,
    },
  });
}

/** What the message checker finds in a new campaign's message, as stored with it (evidence). */
export function checkCampaignMessage(
  input: Pick<CreateCampaignInput, 'message' | 'channel' | 'purpose' | 'scheduledAt'>,
  locale: RequestContext['locale'],
): StoredMessageCheck {
  const checked = checkMessage(
    { text: input.message, type: policy.messageTypeOf(input.channel, input.purpose) },
    { locale: locale === 'en' ? 'en' : 'fr', on: new Date(input.scheduledAt).toISOString().slice(0, 10) },
  );
  return {
    lang: checked.lang,
    flagged: checked.flagged,
    score: checked.score,
    findings: checked.findings.map((f) => ({
      category: f.category,
      severity: f.severity,
      rule: f.rule,
      message: f.message,
      start: f.start,
      end: f.end,
    })),
  };
}

/**
 * The organisation's campaigns, newest first, each with its latest scrub. A list judges a scrub's
 * freshness by its instant only (cheap for 500 campaigns); the campaign's page and the export also
 * look for facts changed since (getCampaign).
 */
export async function findCampaignsFor(deps: Deps, ctx: RequestContext): Promise<CampaignView[]> {
  const orgId = requireOrg(ctx);
  const rows = await repo.findCampaigns(deps.db, orgId);
  const latest = await repo.findLatestScrubs(
    deps.db,
    orgId,
    rows.map((r) => r.id),
  );
  const zone = await orgZone(deps, orgId);
  const now = deps.clock.now();
  return Promise.all(
    rows.map(async (campaign) => {
      const scrub = latest.get(campaign.id);
      const approval = await approvalOf(deps, orgId, campaign);
      const stale = scrub !== undefined && !policy.scrubInstantHolds(scrub.at, campaign.scheduledAt, now, zone);
      return { campaign, scrubs: scrub ? [scrub] : [], approval, blocks: policy.campaignBlocks(approval, scrub !== undefined, stale) };
    }),
  );
}

/** A campaign with its scrubs and what blocks it now, the latest scrub's freshness included (instant, then facts). */
export async function getCampaign(deps: Deps, ctx: RequestContext, id: string): Promise<CampaignView> {
  const orgId = requireOrg(ctx);
  const campaign = await repo.findCampaign(deps.db, orgId, id);
  if (!campaign) throw notFound('campaign');
  const [scrubs, approval, zone] = await Promise.all([repo.findScrubs(deps.db, orgId, id), approvalOf(deps, orgId, campaign), orgZone(deps, orgId)]);
  const latest = scrubs[0];
  const stale =
    latest !== undefined &&
    (!policy.scrubInstantHolds(latest.at, campaign.scheduledAt, deps.clock.now(), zone) ||
      (await factsChangedSince(deps.db, orgId, id, latest.createdAt, campaign.channel === 'phone')));
  return { campaign, scrubs, approval, blocks: policy.campaignBlocks(approval, latest !== undefined, stale) };
}

/** The organisation's time zone: the days a campaign's freshness is counted in. */
async function orgZone(deps: Deps, orgId: string): Promise<string> {
  return (await findOrganisationById(deps.db, orgId))?.timezone ?? 'Europe/Paris';
}

/** A recipient of a scrub batch: their facts, or null when they are no longer a customer. */
export interface AudienceMember {
  customerId: string;
  subject: SubjectFacts | null;
}

/**
 * Judges every recipient on facts already read (no I/O): a person gone from the customers or
 * erased since the list was loaded is left out (GDPR Art. 17). Throws ContactRulesError when no
 * rules were in force at `at`.
 */
export function judgeAudience(
  view: ConsentView,
  members: readonly AudienceMember[],
  campaign: Pick<repo.CampaignRow, 'channel' | 'purpose' | 'sector'>,
  at: Date,
): RecipientDecision[] {
  return members.map(({ customerId, subject }) => {
    if (!subject || subject.customer.erasedAt)
      return { customerId, allowed: false, reasons: [policy.SUBJECT_ERASED], rules: ERASED_RULES, evidence: {} };
    const verdict = decide(view, subject, question(customerId, campaign, at));
    return {
      customerId,
      allowed: verdict.decision.allowed,
      reasons: verdict.decision.reasons.map((r) => r.code),
      // Read only (stored and counted): the verdict's own lists, not copies.
      rules: verdict.decision.rules,
      evidence: verdict.evidence,
    };
  });
}

const ERASED_RULES: readonly string[] = ['RGPD art. 17'];

/**
 * What a campaign asks of the guard for one recipient. Confiance holds no contracts: the
 * ongoing-contract and soft opt-in exceptions are not assumed for a whole list (the stricter
 * reading: each person's own consent decides).
 */
function question(customerId: string, campaign: Pick<repo.CampaignRow, 'channel' | 'purpose' | 'sector'>, at: Date) {
  return {
    customerId,
    channel: campaign.channel,
    purpose: campaign.purpose,
    at,
    sector: campaign.sector,
    ongoingContract: false,
    relatedToContract: false,
    existingCustomerSimilarProduct: false,
    oppositionListed: false,
  };
}

// Recipients per batch of a scrub, read from one cursor over the whole audience, judged and
// written before the next, so memory stays bounded whatever the audience.
const SCRUB_BATCH = 20_000;

/**
 * The facts of a campaign's audience, batch by batch, read through one cursor over the whole
 * audience (repo.openAudience: each table read once, set-based, in the caller's transaction); the
 * restrictions come from the consent index, which holds every active one and is kept current like
 * the consents (freshConsentIndex). Same facts as gatherSubjects, for a whole campaign, except that
 * the history holds only the phone calls made to sell: the only rows the rules count (factsOf).
 */
export async function* gatherAudience(
  db: Db,
  orgId: string,
  view: ConsentView,
  campaignId: string,
  since: Date,
  until: Date,
  batchSize = SCRUB_BATCH,
): AsyncGenerator<AudienceMember[]> {
  // Every extract in force on some day of the period (a day's margin each side for time zones).
  const extracts = extractsBetween(
    view.lists,
    toLocalDate(new Date(since.getTime() - DAY_MS), 'UTC'),
    toLocalDate(new Date(until.getTime() + DAY_MS), 'UTC'),
  ).map((e) => e.id);
  await repo.openAudience(db, orgId, campaignId, since, until, extracts);
  for (;;) {
    const rows = await repo.fetchAudience(db, batchSize);
    if (rows.length > 0) yield rows.map((r) => memberOf(view, r));
    if (rows.length < batchSize) break;
  }
  await repo.closeAudience(db);
}

const DAY_MS = 86_400_000;
const OUTCOMES: readonly string[] = CONTACT_OUTCOMES;

/** A cursor row as the facts of one recipient. */
function memberOf(view: ConsentView, r: repo.AudienceRow): AudienceMember {
  if (!r.found) return { customerId: r.customerId, subject: null };
  const history: HistoryRow[] = [];
  const calls = r.calls;
  if (calls)
    // `id outcome ms` joined by commas, read in place (no arrays of pieces per recipient).
    for (let start = 0; start < calls.length; ) {
      let end = calls.indexOf(',', start);
      if (end === -1) end = calls.length;
      const a = calls.indexOf(' ', start);
      const b = calls.indexOf(' ', a + 1);
      const outcome = calls.slice(a + 1, b);
      history.push({
        id: calls.slice(start, a),
        channel: 'phone',
        purpose: 'prospecting',
        outcome: (OUTCOMES.find((o) => o === outcome) ?? outcome) as ContactOutcome,
        occurredAt: new Date(Number(calls.slice(b + 1, end))),
      });
      start = end + 1;
    }
  return {
    customerId: r.customerId,
    subject: {
      customer: {
        id: r.customerId,
        timezone: r.timezone!,
        erasedAt: r.erasedMs === null ? null : new Date(Number(r.erasedMs)),
      },
      restrictions: view.index.restrictionsOf(r.customerId),
      history,
      listedOn: r.listedOn === '' ? NOT_LISTED : new Set(r.listedOn.split(',')),
    },
  };
}

/**
 * Scrubs the audience at the send instant and keeps the report (counts by reason, every decision)
 * as evidence. One transaction: the scrub row, then each batch's decisions as it is judged, then
 * the counts and the audit event; a failure leaves nothing behind.
 *
 * On PostgreSQL the audience is read on a second connection (a read-only snapshot, opened while the
 * scrub's transaction is) so that reading the next batch, judging this one and writing the last one
 * overlap: the database and this process each work while the other does. PGlite has one connection:
 * there the three follow each other in the scrub's transaction, as they do on PostgreSQL for a
 * scrub started while two others of the process are overlapping already.
 */
export async function scrubCampaign(deps: Deps, ctx: RequestContext, id: string): Promise<repo.CampaignScrubRow> {
  const orgId = requireOrg(ctx);
  const campaign = await repo.findCampaign(deps.db, orgId, id);
  if (!campaign) throw notFound('campaign');
  const at = policy.scrubInstant(campaign.scheduledAt, deps.clock.now());
  const view = await consentView(deps, orgId);
  return deps.db.transaction(async (tx) => {
    const scrub = await repo.insertScrub(tx, {
      orgId,
      campaignId: id,
      at,
      recipients: 0,
      allowed: 0,
      byReason: {},
      actorType: ctx.actor.kind,
      actorId: actorId(ctx.actor),
    });
    const counts: Record<string, number> = {};
    let recipients = 0;
    let allowed = 0;
    const judgeAndWrite = async (reader: Db, overlap: boolean) => {
      const batches = gatherAudience(reader, orgId, view, id, historySince(at), at);
      // Settled promises only: a failure is rethrown where it is awaited, never left unhandled
      // while the other side works.
      let writing: Promise<Settled<void>> = settled(Promise.resolve());
      try {
        let next = settled(batches.next());
        for (;;) {
          const read = unwrap(await next);
          if (read.done) break;
          if (overlap) next = settled(batches.next());
          let decisions: RecipientDecision[];
          try {
            decisions = judgeAudience(view, read.value, campaign, at);
          } catch (err) {
            if (err instanceof ContactRulesError) throw new AppError('contact.no_rules', { date: at.toISOString().slice(0, 10) });
            throw err;
          }
          policy.tallyReasons(counts, decisions);
          recipients += decisions.length;
          for (const d of decisions) if (d.allowed) allowed++;
          // One statement at a time on the transaction's connection: the previous batch is written first.
          unwrap(await writing);
          writing = settled(repo.insertDecisions(tx, orgId, scrub.id, decisions));
          if (!overlap) {
            unwrap(await writing);
            next = settled(batches.next());
          }
        }
      } finally {
        // Nothing may still run on either connection when its transaction ends (commit or rollback).
        await writing;
        await batches.return(undefined).catch(() => undefined);
      }
      unwrap(await writing);
    };
    // A scrub that waits for a second connection while holding one could, with enough of them at
    // once, hold the whole pool: past a few at a time, scrubs read in their own transaction.
    const scrubs = deps.state.campaignScrubs;
    if (deps.database.driver === 'pg' && scrubs.overlapping < MAX_OVERLAPPED_SCRUBS) {
      scrubs.overlapping++;
      try {
        await deps.db.transaction((reader) => judgeAndWrite(reader, true), { isolationLevel: 'repeatable read', accessMode: 'read only' });
      } finally {
        scrubs.overlapping--;
      }
    }
    // Reads go through the scrub's transaction (PGlite has only one connection).
    else await judgeAndWrite(tx, false);
    const byReason = policy.sortCounts(counts);
    const done = await repo.completeScrub(tx, orgId, scrub.id, { recipients, allowed, byReason });
    await deps.audit.record(tx, ctx, {
      type: 'contact.campaign_scrubbed',
      target: { type: 'campaign', id },
      payload: { campaignId: id, scrubId: scrub.id, at: at.toISOString(), recipients, allowed, byReason },
    });
    return done;
  });
}

// Scrubs of a runtime that may read on a second connection at once (deps.state.campaignScrubs).
const MAX_OVERLAPPED_SCRUBS = 2;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settled = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
function unwrap<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
}

/** The scrub report as CSV: one decision a line, with its reasons, rules and evidence (ids only). */
export async function scrubDecisionsCsv(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  scrubId: string,
): Promise<{ name: string; csv: string }> {
  const orgId = requireOrg(ctx);
  const scrub = await repo.findScrub(deps.db, orgId, id, scrubId);
  if (!scrub) throw notFound('scrub');
  const rows = await repo.findDecisions(deps.db, orgId, scrubId);
  const lines = [
    UTF8_BOM,
    csvLine(['customer_id', 'at', 'allowed', 'reasons', 'rules', 'evidence']),
    ...rows.map((d) =>
      csvLine([
        d.customerId,
        scrub.at.toISOString(),
        d.allowed,
        d.reasons.join(' '),
        d.rules.join('; '),
        Object.values(decisionEvidence(d)).flat().join(' '),
      ]),
    ),
  ];
  return { name: `campaign-${id}-scrub-${scrub.createdAt.toISOString().slice(0, 10)}.csv`, csv: lines.join('') };
}

/**
 * The allowed recipients of the latest scrub, with what a dialer or a sender needs to reach them
 * on the campaign's channel. Refused while the campaign is blocked, a stale scrub included (409:
 * scrub again); audited (personal data leaves Confiance).
 */
export async function exportAllowed(deps: Deps, ctx: RequestContext, id: string): Promise<{ name: string; csv: string }> {
  const orgId = requireOrg(ctx);
  const { campaign, scrubs, blocks } = await getCampaign(deps, ctx, id);
  if (blocks.length > 0) throw blocked(ctx, blocks[0]!);
  const scrub = scrubs[0]!;
  const allowed = await repo.findDecisions(deps.db, orgId, scrub.id, true);
  const customers = new Map<string, Awaited<ReturnType<typeof revealCustomer>>>();
  for (let i = 0; i < allowed.length; i += 5_000)
    for (const row of await findCustomersByIds(
      deps.db,
      orgId,
      allowed.slice(i, i + 5_000).map((d) => d.customerId),
    ))
      if (!row.erasedAt) customers.set(row.id, await revealCustomer(deps, deps.db, row));
  const address = campaign.channel === 'email' ? 'email' : campaign.channel === 'post' ? 'address' : 'phone';
  const rows: unknown[][] = [['customer_id', 'name', address, 'timezone', 'locale', 'scrubbed_at']];
  for (const d of allowed) {
    const c = customers.get(d.customerId);
    if (c) rows.push([c.id, c.name, c[address], c.timezone, c.locale, scrub.createdAt.toISOString()]);
  }
  await deps.db.transaction((tx) =>
    deps.audit.record(tx, ctx, {
      type: 'contact.campaign_exported',
      target: { type: 'campaign', id },
      payload: { campaignId: id, scrubId: scrub.id, recipients: rows.length - 1 },
    }),
  );
  return { name: `campaign-${id}-allowed.csv`, csv: toCsv(rows) };
}

/**
 * The decision for one recipient of a campaign at the moment of the call (now, or `at`): the
 * facts read now, as for an agent's check. Not stored (the attempt that follows is recorded
 * with its own decision). Refused while the campaign's message waits for approval.
 */
export async function recheckRecipient(deps: Deps, ctx: RequestContext, id: string, input: RecheckInput): Promise<ContactCheck> {
  const orgId = requireOrg(ctx);
  const campaign = await repo.findCampaign(deps.db, orgId, id);
  if (!campaign || !(await repo.isRecipient(deps.db, orgId, id, input.customerId))) throw notFound('campaign');
  const messageBlocks = policy.campaignBlocks(await approvalOf(deps, orgId, campaign), true);
  if (messageBlocks.length > 0) throw blocked(ctx, messageBlocks[0]!);
  const at = input.at ? new Date(input.at) : deps.clock.now();
  const view = await consentView(deps, orgId);
  const facts = await gatherSubjects(deps.db, orgId, view, [input.customerId], historySince(at), at);
  const subject = facts.get(input.customerId);
  if (!subject || subject.customer.erasedAt) throw notFound('customer');
  try {
    return checkOf(decide(view, subject, question(input.customerId, campaign, at)));
  } catch (err) {
    if (err instanceof ContactRulesError) throw new AppError('contact.no_rules', { date: at.toISOString().slice(0, 10) });
    throw err;
  }
}

const blocked = (ctx: RequestContext, block: CampaignBlock) =>
  new AppError('contact.campaign_blocked', { reason: t(ctx.locale, `contact.campaign.block.${block}`) });
