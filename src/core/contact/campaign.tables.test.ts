/** A stored decision's evidence columns read back as the guard gave them (the CSV, the exports). */
import { describe, expect, it } from 'vitest';
import { decisionEvidence } from './campaign.tables.ts';

const none = { consentEvents: [], restrictions: [], attempts: [], oppositionLists: [] };

describe('decisionEvidence', () => {
  it('gives the three lists always, the extract only when one was checked, in the order the guard writes them', () => {
    const read = decisionEvidence({ ...none, reasons: ['attempt_cap_reached'], consentEvents: ['e1'], attempts: ['a1', 'a2'], oppositionLists: ['l1'] });
    expect(read).toEqual({ consentEvents: ['e1'], restrictions: [], attempts: ['a1', 'a2'], oppositionLists: ['l1'] });
    expect(Object.keys(read)).toEqual(['consentEvents', 'restrictions', 'attempts', 'oppositionLists']);
    expect(decisionEvidence({ ...none, reasons: [] })).toEqual({ consentEvents: [], restrictions: [], attempts: [] });
  });

  it('gives nothing for a recipient left out as erased (GDPR Art. 17: a decision taken on no record)', () => {
    expect(decisionEvidence({ ...none, reasons: ['subject_erased'] })).toEqual({});
  });
});
