import { describe, expect, it } from 'vitest';
import type { Actor } from '../context.ts';
import { permissionsForRoles, type Role } from '../auth/permissions.ts';
import { COMPLAINT_STATUSES } from './complaints.tables.ts';
import {
  abilities,
  answerIssues,
  can,
  completeAnswer,
  defaultQueue,
  canTransition,
  complaintFacts,
  customerCan,
  formatReference,
  REFERENCE_PATTERN,
  reviewReasonFor,
  statusAfterCustomerMessage,
  TRANSITIONS,
  CONTACT_LIMIT_PER_HOUR,
  type ComplaintFacts,
  type ComplaintStatus,
} from './complaints.policy.ts';
import { signFormToken, verifyFormToken, FORM_TOKEN_TTL_MS } from '../form-token.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const user = (roles: Role[], orgId = ORG): Actor => ({ kind: 'user', id: 'u', orgId, roles, permissions: permissionsForRoles(roles), sessionId: 's' });
const facts = (status: ComplaintStatus, extra: Partial<ComplaintFacts> = {}): ComplaintFacts => ({ orgId: ORG, status, escalationLevel: 1, assigneeId: null, customerResponse: null, ...extra });

describe('complaint state machine', () => {
  it('allows exactly the listed transitions (every pair checked)', () => {
    const allowed = new Set(Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)));
    expect([...allowed].sort()).toEqual(
      [
        'received>acknowledged',
        'acknowledged>assessing',
        'assessing>investigating',
        'assessing>answered',
        'investigating>answered',
        'answered>closed',
        'answered>reopened',
        'closed>reopened',
        'reopened>assessing',
        'reopened>investigating',
        'reopened>answered',
      ].sort(),
    );
    for (const from of COMPLAINT_STATUSES) for (const to of COMPLAINT_STATUSES) expect(canTransition(from, to), `${from}>${to}`).toBe(allowed.has(`${from}>${to}`));
  });

  it('never skips acknowledgement or answers an unassessed complaint', () => {
    expect(canTransition('received', 'answered')).toBe(false);
    expect(canTransition('received', 'closed')).toBe(false);
    expect(canTransition('acknowledged', 'answered')).toBe(false);
    expect(canTransition('closed', 'answered')).toBe(false);
  });

  it('keeps a rejected answer open: staff cannot close it', () => {
    const agent = user(['agent']);
    expect(can(agent, 'close', facts('answered'))).toBe(true);
    expect(can(agent, 'close', facts('answered', { customerResponse: 'rejected' }))).toBe(false);
  });

  it('gives agents handling steps, supervisors assignment and escalation, auditors nothing', () => {
    const c = facts('assessing');
    expect(abilities(user(['agent']), c)).toMatchObject({ assess: true, answer: true, note: true, reply: true, escalate: false, assign: false });
    expect(abilities(user(['supervisor']), c)).toMatchObject({ escalate: true, assign: true, answer: true });
    expect(Object.values(abilities(user(['auditor']), c)).every((v) => !v)).toBe(true);
  });

  it('reads its facts from a row: a complaint waits on the customer while it has a pause start', () => {
    const row = { orgId: ORG, status: 'investigating', escalationLevel: 2, assigneeId: 'a', customerResponse: null, pausedAt: new Date() } as const;
    expect(complaintFacts(row)).toEqual({ orgId: ORG, status: 'investigating', escalationLevel: 2, assigneeId: 'a', customerResponse: null, paused: true });
    expect(complaintFacts({ ...row, pausedAt: null }).paused).toBe(false);
  });

  it('refuses an actor of another organisation and non-staff actors', () => {
    expect(can(user(['supervisor'], '00000000-0000-4000-8000-000000000002'), 'answer', facts('assessing'))).toBe(false);
    expect(can({ kind: 'subject', id: 'c', orgId: ORG }, 'note', facts('assessing'))).toBe(false);
    expect(can({ kind: 'anonymous' }, 'note', facts('assessing'))).toBe(false);
  });

  it('escalates up to the mediator referral (level 3), not beyond, and not once closed', () => {
    const sup = user(['supervisor']);
    expect(can(sup, 'escalate', facts('reopened', { escalationLevel: 2 }))).toBe(true);
    expect(can(sup, 'escalate', facts('reopened', { escalationLevel: 3 }))).toBe(false);
    expect(can(sup, 'escalate', facts('closed'))).toBe(false);
  });

  it('lets the customer answer once, rate once after acceptance or closure, and reopen by writing', () => {
    const answered = { ...facts('answered'), satisfaction: null };
    expect(customerCan('accept', answered)).toBe(true);
    expect(customerCan('reject', { ...answered, customerResponse: 'rejected' })).toBe(false);
    expect(customerCan('accept', { ...facts('assessing'), satisfaction: null })).toBe(false);
    expect(customerCan('rate', { ...facts('closed'), satisfaction: null })).toBe(true);
    expect(customerCan('rate', { ...facts('closed'), satisfaction: 3 })).toBe(false);
    expect(customerCan('rate', answered)).toBe(false);
    expect(statusAfterCustomerMessage('closed')).toBe('reopened');
    expect(statusAfterCustomerMessage('assessing')).toBe('assessing');
  });

  it('sends, never drops: spam and floods go to review', () => {
    expect(reviewReasonFor({ recentFromContact: 0, honeypotFilled: false })).toBeNull();
    expect(reviewReasonFor({ recentFromContact: CONTACT_LIMIT_PER_HOUR - 1, honeypotFilled: false })).toBeNull();
    expect(reviewReasonFor({ recentFromContact: CONTACT_LIMIT_PER_HOUR, honeypotFilled: false })).toBe('contact_rate');
    expect(reviewReasonFor({ recentFromContact: 0, honeypotFilled: true })).toBe('spam_suspected');
  });
});

describe('references', () => {
  it('are REC-<year>-<6 digits or more>', () => {
    expect(formatReference(2026, 42)).toBe('REC-2026-000042');
    expect(formatReference(2026, 1_234_567)).toBe('REC-2026-1234567');
    expect(formatReference(2026, 42)).toMatch(REFERENCE_PATTERN);
    expect(() => formatReference(2026, 0)).toThrow(RangeError);
    expect(() => formatReference(2026, 1.5)).toThrow(RangeError);
  });
});

describe('portal form tokens', () => {
  const key = Buffer.alloc(32, 1);
  const now = new Date('2026-03-02T10:00:00Z');
  it('verify for their scope until they expire', () => {
    const token = signFormToken(key, 'complaint-form:a', now);
    expect(verifyFormToken(key, 'complaint-form:a', token, now).ok).toBe(true);
    expect(verifyFormToken(key, 'complaint-form:b', token, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyFormToken(Buffer.alloc(32, 2), 'complaint-form:a', token, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyFormToken(key, 'complaint-form:a', token, new Date(now.getTime() + FORM_TOKEN_TTL_MS + 1))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyFormToken(key, 'complaint-form:a', undefined, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyFormToken(key, 'complaint-form:a', 'garbage', now)).toEqual({ ok: false, reason: 'invalid' });
    const [issued, nonce] = token.split('.');
    expect(verifyFormToken(key, 'complaint-form:a', `${issued}.${nonce}.${'A'.repeat(43)}`, now).ok).toBe(false);
  });
});

describe('default queue and the reasoned answer', () => {
  const user = (roles: Role[]): Actor => ({ kind: 'user', id: 'u', orgId: 'o', roles, permissions: permissionsForRoles(roles), sessionId: 's' });

  it('lands supervisors on their team, agents on their own work, others on everything; a search looks everywhere', () => {
    expect(defaultQueue(user(['supervisor']), false)).toBe('team');
    expect(defaultQueue(user(['agent', 'supervisor']), false)).toBe('team');
    expect(defaultQueue(user(['agent']), false)).toBe('mine');
    expect(defaultQueue(user(['dpo']), false)).toBe('all');
    expect(defaultQueue(user(['agent']), true)).toBe('all');
    expect(defaultQueue({ kind: 'anonymous' }, false)).toBe('all');
  });

  it('names every missing choice of an answer, and none of a complete one', () => {
    expect(answerIssues({}).map((i) => i.code)).toEqual(['choose_decision', 'write_reasons', 'choose_root_cause', 'choose_remedy']);
    expect(completeAnswer({ decision: 'upheld', reasons: 'x', rootCause: 'other' })).toBeNull();
    const full = { decision: 'upheld', reasons: 'x', rootCause: 'other', remedyGiven: 'none' } as const;
    expect(answerIssues(full)).toEqual([]);
    expect(completeAnswer(full)).toEqual(full);
  });
});
