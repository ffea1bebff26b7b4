import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { ExportedFile } from '../module.ts';
import { buildZip, summaryHtml, type SubjectExport } from './subject-data.ts';

describe('buildZip', () => {
  it('writes documents as files of their own under names that cannot leave files/<module>/', () => {
    const doc = new ExportedFile('../../etc/pass\u0000wd:.pdf', new Uint8Array([1, 2, 3]));
    const other = new ExportedFile('', new Uint8Array([4]));
    const zip = unzipSync(buildZip({ complaints: { complaint_attachments: [{ file: doc }, { file: other }] } }, 'en', 'Org', new Date('2026-11-25T10:00:00Z'), 'Europe/Paris'));
    const files = Object.keys(zip).filter((f) => f.startsWith('files/'));
    expect(files.sort()).toEqual(['files/complaints/1-_.._etc_pass_wd_.pdf', 'files/complaints/2-file']);
    expect([...(zip['files/complaints/1-_.._etc_pass_wd_.pdf'] ?? [])]).toEqual([1, 2, 3]);
    const rows = JSON.parse(strFromU8(zip['json/complaints/complaint_attachments.json'] ?? new Uint8Array())) as { file: string }[];
    expect(rows.map((r) => r.file)).toEqual(['files/complaints/1-_.._etc_pass_wd_.pdf', 'files/complaints/2-file']);
  });
});

/** What an export holds, shaped as the modules' exporters write it. */
const exported: SubjectExport = {
  customers: { customer: [{ id: '0b7f3c1e-4d6a-4b8e-9a2f-1c3d5e7f9a0b', email: 'claire@example.test', name: 'Claire Dupont', phone: null, locale: 'fr', timezone: 'America/Martinique', createdAt: '2026-03-02T08:15:00.000Z' }] },
  complaints: {
    complaints: [
      {
        reference: 'REC-2026-000123',
        channel: 'portal',
        category: 'billing',
        status: 'answered',
        receivedAt: '2026-12-18T09:24:00.000Z',
        decision: 'upheld',
        vulnerabilities: ['financial_hardship'],
        sentiment: 'negative',
        urgency: 'urgent',
        triageSuggestion: { category: 'billing', urgency: 'normal', sentiment: 'neutral' },
        satisfaction: 4,
      },
    ],
    complaint_messages: [{ reference: 'REC-2026-000123', author: 'customer', createdAt: '2026-12-18T09:30:00.000Z', body: 'Ma facture est en double.' }],
  },
  dsr: { dsr_requests: [{ id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', type: 'access', status: 'fulfilled', receivedAt: '2026-11-02T10:00:00.000Z', dueDate: '2026-12-02', userAgentHash: 'a'.repeat(64) }] },
};

/** The text a reader sees: no tags, no stylesheet. */
function visibleText(page: string): string {
  return page.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
}

describe('summary.html, the copy a customer reads (GDPR Art. 12(1), 15)', () => {
  for (const locale of ['fr', 'en'] as const) {
    it(`reads as words in ${locale}: labels not codes, dates written out, no ids, hashes or JSON`, () => {
      const page = summaryHtml(exported, locale, 'Lumière Énergie', new Date('2026-12-20T10:00:00Z'), 'Europe/Paris');
      expect(page).toContain(`<html lang="${locale}">`);
      const text = visibleText(page);
      // Code-shaped strings: snake_case, camelCase, dotted codes.
      expect(text.match(/\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+\.[a-z]+\.[a-z]+\b/g) ?? []).toEqual([]);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{32,}/);
      expect(text).not.toMatch(/[{}[\]"]/);
      // In English some codes are words too ("Complaint upheld"); in French none is.
      for (const code of locale === 'fr' ? ['upheld', 'financial_hardship', 'billing', 'answered', 'fulfilled', 'customer'] : ['financial_hardship']) expect(text).not.toMatch(new RegExp(`\\b${code}\\b`));
    });
  }

  it('names each kind of data and each value in the customer’s language', () => {
    const fr = visibleText(summaryHtml(exported, 'fr', 'Lumière Énergie', new Date('2026-12-20T10:00:00Z'), 'Europe/Paris'));
    for (const words of ['Vos réclamations', 'Vos demandes sur vos données', 'Réclamation fondée', 'Difficultés financières', 'Facturation', '18 déc. 2026, 10:24 (heure de Paris)', '2 déc. 2026', 'heure de la Martinique', 'Français', 'Vous'])
      expect(fr).toContain(words);
    const en = visibleText(summaryHtml(exported, 'en', 'Lumière Énergie', new Date('2026-12-20T10:00:00Z'), 'Europe/Paris'));
    for (const words of ['Your complaints', 'Your requests about your data', 'Financial hardship', 'Dec 18, 2026, 10:24 AM (Paris time)', 'Dec 2, 2026']) expect(en).toContain(words);
  });

  it('keeps the machine-readable JSON and CSV beside it, ids included (Art. 20)', () => {
    const zip = unzipSync(buildZip(exported, 'fr', 'Lumière Énergie', new Date('2026-12-20T10:00:00Z'), 'Europe/Paris'));
    expect(Object.keys(zip).sort()).toEqual(
      ['summary.html', 'json/customers/customer.json', 'csv/customers/customer.csv', 'json/complaints/complaints.json', 'csv/complaints/complaints.csv', 'json/complaints/complaint_messages.json', 'csv/complaints/complaint_messages.csv', 'json/dsr/dsr_requests.json', 'csv/dsr/dsr_requests.csv'].sort(),
    );
    expect(JSON.parse(strFromU8(zip['json/complaints/complaints.json'] ?? new Uint8Array()))).toEqual(exported.complaints?.complaints);
    expect(strFromU8(zip['csv/dsr/dsr_requests.csv'] ?? new Uint8Array())).toContain('9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b');
  });
});
