import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, fromEpochDay, toEpochDay } from '../calendar.ts';
import { earliestEffectiveDate, latestNoticeDate, NOTICE_RULES, NOTICE_SECTORS, noticeRuleFor, planChangeNotice } from './notice.ts';
import { TransparencyRulesError } from './errors.ts';

describe('the sector table of contract-change notices', () => {
  it('has one row per sector, each citing its article', () => {
    for (const sector of NOTICE_SECTORS) {
      const row = noticeRuleFor(sector, '2026-12-06');
      expect(row.ref).toMatch(/L\.|R\.|art\./);
    }
    expect(NOTICE_RULES.map((r) => [r.sector, r.noticeMonths])).toEqual([
      ['electronic_communications', 1],
      ['energy', 1],
      ['banking', 2],
      ['other', 1],
    ]);
    expect(() => noticeRuleFor('energy', '2016-06-30')).toThrow(TransparencyRulesError);
    expect(() => noticeRuleFor('gambling' as never, '2026-12-06')).toThrow(TransparencyRulesError);
  });

  it('electronic communications: one month before, terminate within 4 months after the change (L.224-33)', () => {
    expect(planChangeNotice({ sector: 'electronic_communications', plannedEffectiveOn: '2027-01-15', sendOn: '2026-12-15' })).toMatchObject(
      {
        effectiveOn: '2027-01-15',
        moved: false,
        sendBy: '2026-12-15',
        terminateBy: '2027-05-15',
        source: 'law',
        ref: 'C. consom. L.224-33; Dir. 2018/1972 art. 105(4)',
      },
    );
    // One day late: the change applies one day later for this customer.
    expect(planChangeNotice({ sector: 'electronic_communications', plannedEffectiveOn: '2027-01-15', sendOn: '2026-12-16' })).toMatchObject(
      {
        effectiveOn: '2027-01-16',
        moved: true,
        terminateBy: '2027-05-16',
      },
    );
  });

  it('energy: one month before, terminate within 3 months of the notice (L.224-10)', () => {
    expect(planChangeNotice({ sector: 'energy', plannedEffectiveOn: '2027-03-01', sendOn: '2026-11-30' })).toMatchObject({
      effectiveOn: '2027-03-01',
      moved: false,
      terminateBy: '2027-02-28', // 30 Nov + 3 months: no 30 February, the month's last day
      ref: 'C. consom. L.224-10',
    });
  });

  it('banking: two months before, terminate without cost until the day before the change (C. monét. fin. L.312-1-1)', () => {
    expect(planChangeNotice({ sector: 'banking', plannedEffectiveOn: '2027-02-01', sendOn: '2026-12-01' })).toMatchObject({
      effectiveOn: '2027-02-01',
      moved: false,
      terminateBy: '2027-01-31',
    });
    expect(planChangeNotice({ sector: 'banking', plannedEffectiveOn: '2027-02-01', sendOn: '2026-12-02' })).toMatchObject({
      effectiveOn: '2027-02-02',
      moved: true,
    });
  });

  it('other contracts: the product’s one-month policy, flagged as policy', () => {
    expect(planChangeNotice({ sector: 'other', plannedEffectiveOn: '2027-01-06', sendOn: '2026-12-06' })).toMatchObject({
      moved: false,
      source: 'policy',
      terminateBy: '2027-01-05',
    });
  });

  it('month ends: a change on 31 March needs a notice by 28 February; sent 31 January the change applies on 1 March at the earliest', () => {
    expect(latestNoticeDate('2027-03-31', 1)).toBe('2027-02-28');
    expect(latestNoticeDate('2028-03-31', 1)).toBe('2028-02-29');
    expect(earliestEffectiveDate('2027-01-31', 1)).toBe('2027-03-01');
    expect(earliestEffectiveDate('2027-01-28', 1)).toBe('2027-02-28');
    expect(earliestEffectiveDate('2026-12-31', 2)).toBe('2027-03-01');
    expect(planChangeNotice({ sector: 'energy', plannedEffectiveOn: '2027-02-28', sendOn: '2027-01-31' })).toMatchObject({
      effectiveOn: '2027-03-01',
      moved: true,
    });
  });

  it('weekends do not move a notice date: a notice due on a Sunday is due that Sunday', () => {
    // 2027-02-28 is a Sunday.
    expect(planChangeNotice({ sector: 'energy', plannedEffectiveOn: '2027-03-28', sendOn: '2027-03-01' })).toMatchObject({
      moved: true,
      effectiveOn: '2027-04-01',
    });
    expect(planChangeNotice({ sector: 'energy', plannedEffectiveOn: '2027-03-28', sendOn: '2027-02-28' })).toMatchObject({
      moved: false,
      sendBy: '2027-02-28',
    });
  });

  it('never plans a notice later than the rule allows (property over sectors and dates)', () => {
    const day = fc.integer({ min: toEpochDay('2016-07-01'), max: toEpochDay('2040-12-31') }).map(fromEpochDay);
    fc.assert(
      fc.property(fc.constantFrom(...NOTICE_SECTORS), day, fc.integer({ min: -400, max: 400 }), (sector, sendOn, offset) => {
        const plannedEffectiveOn = addDays(sendOn, offset);
        const plan = planChangeNotice({ sector, plannedEffectiveOn, sendOn });
        expect(plan.sendOn <= plan.sendBy).toBe(true);
        expect(plan.effectiveOn >= plannedEffectiveOn).toBe(true);
        // Moved only as far as needed: one day earlier would be too late.
        if (plan.moved) expect(latestNoticeDate(addDays(plan.effectiveOn, -1), plan.noticeMonths) < sendOn).toBe(true);
        expect(plan.terminateBy >= addDays(plan.effectiveOn, -1) || plan.terminateBy >= sendOn).toBe(true);
      }),
    );
  });

  it('refuses malformed dates', () => {
    expect(() => planChangeNotice({ sector: 'energy', plannedEffectiveOn: '2027-02-30', sendOn: '2026-12-01' })).toThrow(
      TransparencyRulesError,
    );
  });
});
