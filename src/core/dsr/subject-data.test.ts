import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { ExportedFile } from '../module.ts';
import { buildZip } from './subject-data.ts';

describe('buildZip', () => {
  it('writes documents as files of their own under names that cannot leave files/<module>/', () => {
    const doc = new ExportedFile('../../etc/pass\u0000wd:.pdf', new Uint8Array([1, 2, 3]));
    const other = new ExportedFile('', new Uint8Array([4]));
    const zip = unzipSync(buildZip({ complaints: { complaint_attachments: [{ file: doc }, { file: other }] } }, 'en', 'Org', new Date('2026-11-25T10:00:00Z')));
    const files = Object.keys(zip).filter((f) => f.startsWith('files/'));
    expect(files.sort()).toEqual(['files/complaints/1-_.._etc_pass_wd_.pdf', 'files/complaints/2-file']);
    expect([...(zip['files/complaints/1-_.._etc_pass_wd_.pdf'] ?? [])]).toEqual([1, 2, 3]);
    const rows = JSON.parse(strFromU8(zip['json/complaints/complaint_attachments.json'] ?? new Uint8Array())) as { file: string }[];
    expect(rows.map((r) => r.file)).toEqual(['files/complaints/1-_.._etc_pass_wd_.pdf', 'files/complaints/2-file']);
  });
});
