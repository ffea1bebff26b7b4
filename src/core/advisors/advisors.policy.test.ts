import { describe, expect, it } from 'vitest';
import type { AdvisorCandidate } from './advisors.repo.ts';
import { canLeadTeam, chooseAdvisor, firstName, handlerFor, isGone } from './advisors.policy.ts';

const advisor = (userId: string, extra: Partial<AdvisorCandidate> = {}): AdvisorCandidate => ({
  userId,
  name: `Agent ${userId}`,
  userStatus: 'active',
  languages: [],
  skills: [],
  status: 'active',
  deputyId: null,
  supervisorId: null,
  customers: 0,
  ...extra,
});

describe('advisor assignment', () => {
  it('picks the least-loaded available agent speaking the language, ties broken by id', () => {
    const list = [advisor('b', { customers: 3, languages: ['fr'] }), advisor('a', { customers: 3, languages: ['fr'] }), advisor('c', { customers: 1, languages: ['en'] })];
    expect(chooseAdvisor(list, 'fr')?.userId).toBe('a');
    expect(chooseAdvisor(list, 'en')?.userId).toBe('c');
    // Nobody speaks it: any available agent rather than nobody.
    expect(chooseAdvisor([advisor('x', { languages: ['en'], customers: 9 })], 'fr')?.userId).toBe('x');
  });

  it('never picks an absent, departed or disabled agent', () => {
    const list = [advisor('a', { status: 'absent' }), advisor('b', { status: 'left' }), advisor('c', { userStatus: 'disabled' })];
    expect(chooseAdvisor(list, 'fr')).toBeNull();
    expect(chooseAdvisor([...list, advisor('d', { customers: 50 })], 'fr')?.userId).toBe('d');
  });

  it('routes work to the deputy only while the advisor is unavailable and the deputy is available', () => {
    const byId = (list: AdvisorCandidate[]) => new Map(list.map((a) => [a.userId, a]));
    expect(handlerFor('a', byId([advisor('a', { deputyId: 'b' }), advisor('b')]))).toBe('a');
    expect(handlerFor('a', byId([advisor('a', { status: 'absent', deputyId: 'b' }), advisor('b')]))).toBe('b');
    expect(handlerFor('a', byId([advisor('a', { status: 'absent', deputyId: 'b' }), advisor('b', { status: 'absent' })]))).toBe('a');
    expect(handlerFor('a', byId([advisor('a', { status: 'absent' })]))).toBe('a');
  });

  it('tells absence from departure, and shows only the first name', () => {
    expect(isGone(advisor('a', { status: 'absent' }))).toBe(false);
    expect(isGone(advisor('a', { status: 'left' }))).toBe(true);
    expect(isGone(advisor('a', { userStatus: 'disabled' }))).toBe(true);
    expect(firstName('  Inès   Benali ')).toBe('Inès');
  });

  it('lets only roles that reassign complaints lead a team', () => {
    expect(canLeadTeam(['supervisor'])).toBe(true);
    expect(canLeadTeam(['agent', 'admin'])).toBe(true);
    expect(canLeadTeam(['agent'])).toBe(false);
    expect(canLeadTeam(['dpo', 'auditor'])).toBe(false);
    expect(canLeadTeam([])).toBe(false);
  });
});
