import { describe, expect, it } from 'vitest';
import { registerCsv, registerHtml } from './register.export.ts';
import type { ActivityRow } from './register.repo.ts';

const activity = (over: Partial<ActivityRow> = {}): ActivityRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  orgId: '00000000-0000-4000-8000-000000000002',
  key: 'purpose:newsletter',
  origin: 'purpose',
  name: 'Lettre d’information',
  purposes: 'Envoyer la lettre; "mensuelle"\nà nos clients',
  legalBasis: 'consent',
  dataUse: 'marketing.communications.email',
  subjectCategories: ['customers'],
  dataCategories: ['user.contact.email'],
  recipients: '=HYPERLINK("http://evil")',
  transfers: '',
  safeguards: '',
  erasureLimits: '3 ans',
  securityMeasures: '<script>alert(1)</script>',
  status: 'active',
  updatedBy: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  ...over,
});
const controller = { controllerName: 'ACME SAS', controllerContact: '1 rue X, Paris', jointControllers: '', representative: '', dpoName: 'Jeanne Martin', dpoContact: 'dpo@acme.example' };

describe('register CSV', () => {
  it('exports one line per active activity with the controller and localized headers', () => {
    const csv = registerCsv('fr', { orgName: 'ACME', controller, activities: [activity(), activity({ id: '00000000-0000-4000-8000-000000000003', name: 'Ancienne', status: 'archived' })] });
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toContain('Responsable du traitement;');
    expect(lines[0]).toContain('Délais d’effacement');
    expect(csv).not.toContain('Ancienne');
    expect(csv).toContain('"Envoyer la lettre; ""mensuelle""\nà nos clients"');
    expect(csv).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(csv).toContain('Consentement (art. 6(1)(a))');
    const en = registerCsv('en', { orgName: 'ACME', controller, activities: [activity()] });
    expect(en.split('\r\n')[0]).toContain('Controller,');
  });
});

describe('printable register', () => {
  it('is an accessible, escaped HTML document with every Art. 30(1) heading', () => {
    const page = registerHtml('en', { orgName: 'ACME <b>', controller, activities: [activity()] }, new Date('2026-11-25T10:00:00Z'), 'Europe/Paris');
    expect(page).toMatch(/^<!doctype html><html lang="en">/);
    expect(page).toContain('<title>Records of processing activities — ACME &lt;b&gt;</title>');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('@media print');
    for (const letter of ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)', '(g)']) expect(page).toContain(letter);
    expect(page).toContain('Nov 25, 2026');
    expect(page).not.toContain('2026-11-25');
    expect(page.match(/<h1>/g)).toHaveLength(1);
  });
});
