/**
 * The continuous controls (issue 14): each reads the records of one module through that module's
 * public API and says what is wrong now, one cause per record (or KPI). The run (audits.run.ts)
 * opens a finding per new cause and closes the findings whose cause is gone.
 *
 * Two kinds of cause: a state that can end (a request past its deadline until it is answered),
 * whose finding closes by itself when the state ends; and a fact that stays (a contact that was
 * made against the rules), whose finding a person closes after review, never opened twice.
 */
import type { Db } from '../../db/client.ts';
import { findLateNotices, type LateNotice } from '../change-campaigns/index.ts';
import { findLateUnescalated } from '../complaints/index.ts';
import { findAuthorityOverdue } from '../breaches/index.ts';
import { findRefusedProspecting } from '../contact/index.ts';
import type { Deps } from '../deps.ts';
import { findOpenRequestsDueBefore } from '../dsr/index.ts';
import { findKpisOffTarget } from '../kpi/index.ts';
import { findApprovalsPendingSince } from '../messages/index.ts';
import { findLatestRetentionRun } from '../register/index.ts';
import { toLocalDate } from '../../rules/index.ts';
import type { EvidenceLink, FINDING_SEVERITIES, MessageParams } from './audits.tables.ts';
import * as repo from './audits.repo.ts';

export interface ControlOrg {
  id: string;
  timezone: string;
}

/** What a control found wrong now: stable key, message parameters and the records that show it. */
export interface ControlCause {
  causeKey: string;
  params: MessageParams;
  evidence: EvidenceLink[];
}

export interface ControlDefinition {
  /** Stable key; also names its messages (`audits.controls.<key>.title|explanation|gone`). */
  key: string;
  severity: (typeof FINDING_SEVERITIES)[number];
  /** `itself`: the finding closes when the cause is gone; `review`: the fact stays, a person closes it. */
  closes: 'itself' | 'review';
  /** `known`: the causes that already have a finding (closed ones too for `review`), which a control reading in pages may skip. */
  detect(deps: Deps, db: Db, org: ControlOrg, now: Date, known: ReadonlySet<string>): Promise<ControlCause[]>;
}

/** How long a message may wait for the ethics officer's decision before it is a finding (the house's own service level). */
export const APPROVAL_WAIT_DAYS = 5;
/** New refused prospecting attempts taken per run (older ones first; the rest come on the next runs). */
const ATTEMPTS_PER_RUN = 1000;
const DAY_MS = 86_400_000;

/** Tomorrow in UTC: no time zone's today is later, so "due before it" is a superset to judge locally. */
const latestToday = (now: Date): string => new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);

export const CONTROLS: readonly ControlDefinition[] = [
  {
    // GDPR Art. 12(3): an answer within one month of receipt (or the extended day, Art. 12(3)
    // second sentence). `dueDate` is the last day on time in the subject's time zone, so the
    // request is late from the next local day, not on its due day.
    key: 'dsr_overdue',
    severity: 'high',
    closes: 'itself',
    async detect(_deps, db, org, now) {
      const rows = await findOpenRequestsDueBefore(db, org.id, latestToday(now));
      return rows
        .filter((r) => toLocalDate(now, r.timezone) > r.dueDate)
        .map((r) => ({ causeKey: r.id, params: { type: r.type, dueOn: r.dueDate }, evidence: [{ type: 'dsr_request', id: r.id }] }));
    },
  },
  {
    // GDPR Art. 33(1): the authority is notified within 72 hours of awareness, unless the breach
    // is unlikely to result in a risk (the decision not to notify is recorded, which stops the clock).
    key: 'breach_authority_overdue',
    severity: 'critical',
    closes: 'itself',
    async detect(_deps, db, org, now) {
      return (await findAuthorityOverdue(db, org.id, now)).map((b) => ({
        causeKey: b.id,
        params: { reference: b.reference, dueAt: b.authorityDueAt.toISOString() },
        evidence: [{ type: 'breach', id: b.id }],
      }));
    },
  },
  {
    // ISO 10002 and the organisation's SLA (RULES.md "Complaints"): a complaint whose clock ran
    // out is escalated internally (level 2) rather than left with the advisor.
    key: 'complaint_late_unescalated',
    severity: 'medium',
    closes: 'itself',
    async detect(_deps, db, org, now) {
      return (await findLateUnescalated(db, org.id, now)).map((c) => ({
        causeKey: c.id,
        params: { reference: c.reference, clock: c.clock, dueOn: c.dueOn },
        evidence: [{ type: 'complaint', id: c.id }],
      }));
    },
  },
  {
    // GDPR Art. 5(1)(e): data past its retention limit must go; a failed purge leaves it in place
    // until a later run succeeds.
    key: 'retention_run_failed',
    severity: 'high',
    closes: 'itself',
    async detect(_deps, db, org) {
      const run = await findLatestRetentionRun(db, org.id);
      if (!run || run.status !== 'failed') return [];
      return [
        {
          causeKey: run.failedRule ?? 'unknown',
          params: { rule: run.failedRule ?? '', on: toLocalDate(run.startedAt, org.timezone) },
          evidence: [{ type: 'retention_run', id: run.id }],
        },
      ];
    },
  },
  {
    // C. consom. L.223-1, D.223-9; CPCE L.34-5; GDPR Art. 21(3): a prospecting contact the rules
    // refused at its time was made all the same. The fact stays in the history: a person reviews it.
    key: 'contact_without_allowed_decision',
    severity: 'high',
    closes: 'review',
    async detect(_deps, db, org, _now, known) {
      // Walks every refused attempt, page by page, past those already reviewed or open: reading only
      // the oldest page would stop finding new ones once that page is all known.
      const fresh: Awaited<ReturnType<typeof findRefusedProspecting>> = [];
      for (let page = await findRefusedProspecting(db, org.id, ATTEMPTS_PER_RUN); page.length > 0 && fresh.length < ATTEMPTS_PER_RUN; ) {
        fresh.push(...page.filter((a) => !known.has(a.id)).slice(0, ATTEMPTS_PER_RUN - fresh.length));
        const last = page[page.length - 1]!;
        page = page.length < ATTEMPTS_PER_RUN ? [] : await findRefusedProspecting(db, org.id, ATTEMPTS_PER_RUN, last);
      }
      return fresh.map((a) => ({
        causeKey: a.id,
        params: { channel: a.channel, on: toLocalDate(a.occurredAt, org.timezone), reasons: a.reasons.join(', ') },
        evidence: [
          { type: 'contact_attempt', id: a.id },
          { type: 'customer', id: a.customerId },
        ],
      }));
    },
  },
  {
    // C. consom. L.224-33 (electronic communications), L.224-10 (energy), L.312-1-1 III (banking),
    // L.211-1 and R.212-4 (others): a change of terms reaches the customer at least its notice
    // period before it applies. A notice still unsent after its last lawful day (the job did not
    // run, the contact guard refused it, no address) is a fact that stays, even if the notice
    // could go later: the change cannot be held against that customer as notified in time.
    key: 'change_notice_late',
    severity: 'high',
    closes: 'review',
    async detect(_deps, db, org, now, known) {
      // The organisation's day: a notice's day is its customer's, at most a day apart, and the
      // control runs daily, so a late notice is found on the run after its day at the latest.
      const today = toLocalDate(now, org.timezone);
      const fresh: LateNotice[] = [];
      for (let page = await findLateNotices(db, org.id, today, ATTEMPTS_PER_RUN); page.length > 0 && fresh.length < ATTEMPTS_PER_RUN; ) {
        fresh.push(...page.filter((n) => !known.has(n.id)).slice(0, ATTEMPTS_PER_RUN - fresh.length));
        const last = page[page.length - 1]!;
        page = page.length < ATTEMPTS_PER_RUN ? [] : await findLateNotices(db, org.id, today, ATTEMPTS_PER_RUN, last);
      }
      return fresh.map((n) => ({
        causeKey: n.id,
        params: { sendBy: n.sendBy, status: n.status, rule: n.ruleRef },
        evidence: [
          { type: 'change_campaign', id: n.campaignId },
          { type: 'contract', id: n.contractId },
        ],
      }));
    },
  },
  {
    // Issue 12: a marketing message with a high finding waits for the ethics officer; a request
    // left waiting holds a campaign back or pushes senders around the process.
    key: 'message_approval_waiting',
    severity: 'low',
    closes: 'itself',
    async detect(_deps, db, org, now) {
      const rows = await findApprovalsPendingSince(db, org.id, new Date(now.getTime() - APPROVAL_WAIT_DAYS * DAY_MS));
      return rows.map((r) => ({
        causeKey: r.id,
        params: { since: toLocalDate(r.requestedAt, org.timezone), days: APPROVAL_WAIT_DAYS },
        evidence: [{ type: 'message_approval', id: r.id }],
      }));
    },
  },
  {
    // Issue 14: "a KPI off target opens a finding", judged on the last 30 days of stored values
    // against the objective the organisation set for the period, else the catalogue's target.
    key: 'kpi_off_target',
    severity: 'medium',
    closes: 'itself',
    async detect(deps, db, org) {
      return (await findKpisOffTarget(deps, db, org.id)).map((k) => ({
        causeKey: k.key,
        params: {
          kpi: k.key,
          value: Math.round(k.value * 100) / 100,
          target: k.target.value,
          direction: k.target.direction,
          from: k.period.from,
          to: k.period.to,
        },
        evidence: [{ type: 'kpi', id: k.key }, ...(k.objectiveId ? [{ type: 'kpi_objective', id: k.objectiveId }] : [])],
      }));
    },
  },
  {
    // The remediation itself is followed: an action past its due day (the organisation's local
    // day; the due day itself is on time) is a finding of its own.
    key: 'remediation_overdue',
    severity: 'medium',
    closes: 'itself',
    async detect(_deps, db, org, now) {
      return (await repo.findOverdueActions(db, org.id, toLocalDate(now, org.timezone))).map((a) => ({
        causeKey: a.id,
        params: { dueOn: a.dueOn },
        evidence: [
          { type: 'remediation_action', id: a.id },
          { type: 'finding', id: a.findingId },
        ],
      }));
    },
  },
];
