import { describe, expect, it } from 'vitest';
import { permissionsForRoles } from '../auth/index.ts';
import type { Actor } from '../context.ts';
import { checkMessage } from './messages.check.ts';
import { approvalRequired, decisionRefusal, messageTextHash } from './messages.policy.ts';
import { REPLACEABLE_CATEGORIES, replacementFor } from './messages.replacements.ts';

const high = [{ severity: 'high' as const }];
const medium = [{ severity: 'medium' as const }];

describe('approval required (issue 12)', () => {
  it('holds marketing and campaigns with a high finding, nothing else', () => {
    expect(approvalRequired('marketing', false, high)).toBe(true);
    expect(approvalRequired('marketing', false, medium)).toBe(false);
    expect(approvalRequired('other', true, high)).toBe(true);
    expect(approvalRequired('reduction', true, high)).toBe(true);
    expect(approvalRequired('other', false, high)).toBe(false);
  });

  it('never holds a message whose timing the law sets (change and renewal notices), even in a campaign', () => {
    for (const type of ['price_change', 'contract_change', 'renewal'] as const) expect(approvalRequired(type, true, high), type).toBe(false);
  });

  it('names the exact wording: white space and Unicode forms do not count, letters and punctuation do', () => {
    const h = messageTextHash('Dernière chance !');
    expect(messageTextHash('  Dernière\n chance !  ')).toBe(h);
    expect(messageTextHash('Dernie\u0300re chance !')).toBe(h);
    expect(messageTextHash('Dernière chance')).not.toBe(h);
    expect(messageTextHash('dernière chance !')).not.toBe(h);
  });
});

describe('who decides', () => {
  const user = (id: string, roles: ('ethics_officer' | 'supervisor' | 'admin')[]): Actor => ({ kind: 'user', id, orgId: 'o', roles, permissions: permissionsForRoles(roles), sessionId: '' });
  const pending = { status: 'pending' as const, requestedBy: 'author' };

  it('an ethics officer, on a pending request they did not submit', () => {
    expect(decisionRefusal(user('officer', ['ethics_officer']), pending)).toBeNull();
    expect(decisionRefusal(user('author', ['ethics_officer']), pending)).toBe('own_request');
    expect(decisionRefusal(user('officer', ['ethics_officer']), { ...pending, status: 'approved' })).toBe('decided');
  });

  it('not a supervisor, who submits marketing but does not clear it', () => {
    expect(decisionRefusal(user('s', ['supervisor']), pending)).toBe('forbidden');
  });
});

describe('replacement wordings', () => {
  it('raise no finding of their own, in French and English', () => {
    for (const category of REPLACEABLE_CATEGORIES) {
      for (const lang of ['fr', 'en'] as const) {
        const wording = replacementFor(category, lang, 'x')!;
        expect(checkMessage({ text: wording, lang, type: 'other' }).findings, `${category} ${lang}: ${wording}`).toEqual([]);
      }
    }
  });

  it('replace a pressure span so that the finding goes, capitalised like the span', () => {
    const text = 'Nous maintenons notre décision. Si vous ne signez pas l’avenant cette semaine, vous perdrez votre remise.';
    const [finding] = checkMessage({ text, type: 'other' }).findings.filter((f) => f.category === 'pressure');
    const span = text.slice(finding!.start, finding!.end);
    const replacement = replacementFor('pressure', 'fr', span)!;
    expect(replacement).toMatch(/^Vous êtes libre/);
    const fixed = text.slice(0, finding!.start) + replacement + text.slice(finding!.end);
    expect(checkMessage({ text: fixed, type: 'other' }).findings.filter((f) => f.category === 'pressure')).toEqual([]);
  });

  it('has none where the fix needs the writer’s facts or concerns the whole text', () => {
    for (const category of ['missing_information', 'greenwashing', 'sneaking', 'misleading_free'] as const) expect(replacementFor(category, 'fr', 'x')).toBeNull();
  });
});
