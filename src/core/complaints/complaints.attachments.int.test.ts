import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { complaintAttachments, complaints } from './complaints.tables.ts';
import { complaintSubjectData } from './complaints.subject-data.ts';
import { ATTACHMENT_LIMITS } from './complaints.attachments.ts';
import { ExportedFile } from '../module.ts';
import { buildZip } from '../dsr/subject-data.ts';
import { strFromU8, unzipSync } from 'fflate';

let rt: Runtime;
let ipCounter = 0;
const nextIp = () => `10.45.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
  rt = await getTestRuntime();
});

const PDF = Buffer.from('%PDF-1.7\nFacture Jeanne Dupont mars 2026\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const TEXT = Buffer.from('Relevé : prélèvement du 3 mars, 42,00 €.\n');

type Part = { name: string; value: string } | { name: string; filename: string; type: string; data: Buffer };

/** A multipart/form-data body as a browser sends it (CRLF, one part per field or file). */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----confianceTestBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`));
      chunks.push(part.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function formToken(url: string): Promise<string> {
  const res = await rt.app.inject({ method: 'GET', url, remoteAddress: nextIp() });
  const match = /name="formToken" value="([^"]+)"/.exec(res.body);
  if (!match?.[1]) throw new Error('no form token');
  return match[1];
}

const fields = (token: string): Part[] => [
  { name: 'formToken', value: token },
  { name: 'name', value: 'Jeanne Dupont' },
  { name: 'email', value: 'jeanne@example.fr' },
  { name: 'phone', value: '' },
  { name: 'category', value: 'billing' },
  { name: 'description', value: 'Facture de mars comptée deux fois.' },
  { name: 'remedy', value: 'Remboursement' },
  { name: 'website', value: '' },
];

async function postForm(org: OrganisationRow, files: Part[], lang: 'fr' | 'en' = 'fr') {
  const token = await formToken(`/portal/${org.slug}/complaints/new`);
  const body = multipart([...fields(token), ...files]);
  return rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints?lang=${lang}`, remoteAddress: nextIp(), headers: body.headers, payload: body.payload });
}

async function fileWithAttachments(org: OrganisationRow, files: Part[]) {
  const res = await postForm(org, files);
  expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
  const trackingPath = /class="tracking-link" href="([^"]+)"/.exec(res.body)?.[1] ?? '';
  const reference = /class="reference">([^<]+)</.exec(res.body)?.[1] ?? '';
  const [row] = await rt.deps.db.select().from(complaints).where(and(eq(complaints.orgId, org.id), eq(complaints.reference, reference)));
  if (!row) throw new Error('not filed');
  return { trackingPath, row };
}

const rows = (complaintId: string) => rt.deps.db.select().from(complaintAttachments).where(eq(complaintAttachments.complaintId, complaintId));

describe('attachments on the portal form (multipart, no JavaScript)', () => {
  it('stores the files encrypted with the complaint, lists them behind the tracking link and serves them back', async () => {
    const org = await createTestOrg(rt);
    await createTestUser(rt, org.id, ['agent']);
    const { trackingPath, row } = await fileWithAttachments(org, [
      { name: 'attachments', filename: 'facture-dupont.pdf', type: 'application/pdf', data: PDF },
      { name: 'attachments', filename: 'releve.txt', type: 'text/plain', data: TEXT },
      // An empty file input sends an empty part: it is no file.
      { name: 'attachments', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) },
    ]);
    const stored = await rows(row.id);
    expect(stored.map((a) => a.kind).sort()).toEqual(['pdf', 'text']);
    for (const a of stored) {
      // Neither the bytes nor the name are readable in the database.
      expect(a.content.includes(Buffer.from('Jeanne'))).toBe(false);
      expect(a.content.includes(Buffer.from('prélèvement'))).toBe(false);
      expect(a.nameEnc).not.toContain('dupont');
      expect(a.uploaderType).toBe('customer');
    }
    const page = await rt.app.inject({ method: 'GET', url: trackingPath });
    expect(page.body).toContain('facture-dupont.pdf');
    const pdf = stored.find((a) => a.kind === 'pdf');
    expect(page.body).toContain(`href="${trackingPath}/attachments/${pdf?.id}"`);
    const download = await rt.app.inject({ method: 'GET', url: `${trackingPath}/attachments/${pdf?.id}` });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="facture-dupont.pdf"; filename*=UTF-8''facture-dupont.pdf`);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    // The audit event names ids and types, never the file name.
    const [event] = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.attachments_added')));
    expect(event?.payload).toMatchObject({ complaintId: row.id, by: 'customer', internal: false });
    expect(JSON.stringify(event?.payload)).not.toMatch(/dupont|releve/i);
  });

  it('refuses a file whose content is not what its name says, keeps the other fields, stores nothing', async () => {
    const org = await createTestOrg(rt);
    const res = await postForm(org, [{ name: 'attachments', filename: 'facture.pdf', type: 'application/pdf', data: PNG }], 'en');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('href="#field-attachments"');
    expect(res.body).toContain('“facture.pdf” is not an accepted file');
    expect(res.body).toMatch(/id="field-attachments"[^>]*aria-describedby="field-attachments-hint field-attachments-error"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('value="Jeanne Dupont"');
    expect(res.body).toContain('Facture de mars comptée deux fois.</textarea>');
    expect(res.body).toContain('please choose them again');
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(0);
  });

  it('refuses a file over the size limit with a localized message (French)', async () => {
    const org = await createTestOrg(rt);
    const big = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_LIMITS.fileBytes, 0x20)]);
    const res = await postForm(org, [{ name: 'attachments', filename: 'scan.pdf', type: 'application/pdf', data: big }]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('« scan.pdf » est trop volumineux : 5 Mo au plus par fichier.');
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(0);
  });

  it('still accepts the form posted urlencoded (no file input used)', async () => {
    const org = await createTestOrg(rt);
    const token = await formToken(`/portal/${org.slug}/complaints/new`);
    const body = new URLSearchParams({ formToken: token, name: 'A B', email: 'ab@example.fr', category: 'billing', description: 'Sans pièce jointe' });
    const res = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, remoteAddress: nextIp(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    expect(res.statusCode).toBe(200);
  });
});

describe('attachments in the thread, by the customer and by staff', () => {
  let org: OrganisationRow;
  let agent: TestUser;
  beforeAll(async () => {
    org = await createTestOrg(rt);
    agent = await createTestUser(rt, org.id, ['agent']);
  });

  async function trackToken(trackingPath: string) {
    const page = await rt.app.inject({ method: 'GET', url: trackingPath });
    const forms = [...page.body.matchAll(/action="([^"]+)"[^>]*>\s*<input type="hidden" name="formToken" value="([^"]+)"/g)];
    const message = forms.find((m) => m[1]?.endsWith('/message'));
    if (!message?.[2]) throw new Error('no message form');
    return message[2];
  }

  it('the customer adds a document alone from the tracking page; staff see and download it', async () => {
    const { trackingPath, row } = await fileWithAttachments(org, []);
    const token = await trackToken(trackingPath);
    const body = multipart([
      { name: 'formToken', value: token },
      { name: 'message', value: '' },
      { name: 'attachments', filename: 'releve.txt', type: 'text/plain', data: TEXT },
    ]);
    const res = await rt.app.inject({ method: 'POST', url: `${trackingPath}/message`, remoteAddress: nextIp(), headers: body.headers, payload: body.payload });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const [stored] = await rows(row.id);
    expect(stored?.messageId).toBeTruthy();
    const detail = await rt.app.inject({ method: 'GET', url: `/api/complaints/${row.id}`, headers: agent.headers });
    expect(detail.json().attachments).toMatchObject([{ id: stored?.id, filename: 'releve.txt', kind: 'text', uploaderType: 'customer', internal: false }]);
    const download = await rt.app.inject({ method: 'GET', url: `/api/complaints/${row.id}/attachments/${stored?.id}`, headers: agent.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.body).toBe(TEXT.toString('utf8'));
  });

  it('one tracking-page form posts one message: sent twice, even at once, it adds one message and one document (issue 15, finding 6)', async () => {
    const { trackingPath, row } = await fileWithAttachments(org, []);
    const token = await trackToken(trackingPath);
    const body = multipart([
      { name: 'formToken', value: token },
      { name: 'message', value: 'Voici mon relevé.' },
      { name: 'attachments', filename: 'releve.txt', type: 'text/plain', data: TEXT },
    ]);
    const send = () => rt.app.inject({ method: 'POST', url: `${trackingPath}/message`, remoteAddress: nextIp(), headers: body.headers, payload: body.payload });
    const answers = await Promise.all([send(), send()]);
    const again = await send();
    // Every post is told "sent", and the thread holds the message once.
    for (const res of [...answers, again]) expect(res.headers.location).toMatch(/\?done=message$/);
    const detail = await rt.app.inject({ method: 'GET', url: `/api/complaints/${row.id}`, headers: agent.headers });
    expect((detail.json().messages as { authorType: string }[]).filter((m) => m.authorType === 'customer')).toHaveLength(1);
    expect(await rows(row.id)).toHaveLength(1);
    // A fresh page gives a fresh form: the customer can write again.
    const next = multipart([
      { name: 'formToken', value: await trackToken(trackingPath) },
      { name: 'message', value: 'Et une précision.' },
    ]);
    const second = await rt.app.inject({ method: 'POST', url: `${trackingPath}/message`, remoteAddress: nextIp(), headers: next.headers, payload: next.payload });
    expect(second.statusCode).toBe(303);
    const after = await rt.app.inject({ method: 'GET', url: `/api/complaints/${row.id}`, headers: agent.headers });
    expect((after.json().messages as { authorType: string }[]).filter((m) => m.authorType === 'customer')).toHaveLength(2);
  });

  it('a wrong file on the tracking page is refused in place, and the message typed is kept', async () => {
    const { trackingPath, row } = await fileWithAttachments(org, []);
    const token = await trackToken(trackingPath);
    const body = multipart([
      { name: 'formToken', value: token },
      { name: 'message', value: 'Voici la photo' },
      { name: 'attachments', filename: 'photo.txt', type: 'text/plain', data: PNG },
    ]);
    const res = await rt.app.inject({ method: 'POST', url: `${trackingPath}/message`, remoteAddress: nextIp(), headers: body.headers, payload: body.payload });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#field-track-attachments"');
    expect(res.body).toContain('Voici la photo</textarea>');
    expect(await rows(row.id)).toHaveLength(0);
  });

  it('staff attach to a reply or an internal note; the customer never reaches the internal file', async () => {
    const { trackingPath, row } = await fileWithAttachments(org, []);
    const reply = multipart([
      { name: 'message', value: 'Voici le justificatif.' },
      { name: 'attachments', filename: 'avoir.pdf', type: 'application/pdf', data: PDF },
    ]);
    const sent = await rt.app.inject({ method: 'POST', url: `/api/complaints/${row.id}/attachments`, headers: { ...agent.headers, ...reply.headers }, payload: reply.payload });
    expect(sent.statusCode, sent.body).toBe(200);
    const note = multipart([
      { name: 'internal', value: 'true' },
      { name: 'attachments', filename: 'capture-interne.png', type: 'image/png', data: PNG },
    ]);
    const noted = await rt.app.inject({ method: 'POST', url: `/api/complaints/${row.id}/attachments`, headers: { ...agent.headers, ...note.headers }, payload: note.payload });
    expect(noted.statusCode, noted.body).toBe(200);
    const internal = (noted.json().attachments as { id: string; internal: boolean }[]).find((a) => a.internal);
    expect(internal).toBeTruthy();
    const page = await rt.app.inject({ method: 'GET', url: trackingPath });
    expect(page.body).toContain('avoir.pdf');
    expect(page.body).not.toContain('capture-interne');
    const denied = await rt.app.inject({ method: 'GET', url: `${trackingPath}/attachments/${internal?.id}` });
    expect(denied.statusCode).toBe(404);
    // A JSON body is not an upload; no file is not an upload either.
    const asJson = await rt.app.inject({ method: 'POST', url: `/api/complaints/${row.id}/attachments`, headers: { ...agent.headers, 'content-type': 'application/json' }, payload: { attachments: 'x' } });
    expect(asJson.statusCode).toBe(400);
    const empty = multipart([{ name: 'message', value: 'rien' }]);
    const noFile = await rt.app.inject({ method: 'POST', url: `/api/complaints/${row.id}/attachments`, headers: { ...agent.headers, ...empty.headers }, payload: empty.payload });
    expect(noFile.statusCode).toBe(400);
  });

  it('an auditor sees the file’s course but neither the internal note, its document, the contact details nor any decrypted document', async () => {
    const { row } = await fileWithAttachments(org, [{ name: 'attachments', filename: 'facture.pdf', type: 'application/pdf', data: PDF }]);
    const noteBody = multipart([
      { name: 'internal', value: 'true' },
      { name: 'message', value: 'Client connu du service contentieux.' },
      { name: 'attachments', filename: 'fiche-interne.png', type: 'image/png', data: PNG },
    ]);
    const noted = await rt.app.inject({ method: 'POST', url: `/api/complaints/${row.id}/attachments`, headers: { ...agent.headers, ...noteBody.headers }, payload: noteBody.payload });
    expect(noted.statusCode, noted.body).toBe(200);
    const auditor = await createTestUser(rt, org.id, ['auditor']);
    const seen = await rt.app.inject({ method: 'GET', url: `/api/complaints/${row.id}`, headers: auditor.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('contentieux');
    expect(seen.body).not.toContain('fiche-interne');
    expect(seen.json().customer).toMatchObject({ name: 'Jeanne Dupont', email: null, phone: null, address: null });
    const customerFile = (seen.json().attachments as { id: string; filename: string }[]).find((a) => a.filename === 'facture.pdf');
    expect(customerFile).toBeTruthy();
    const download = await rt.app.inject({ method: 'GET', url: `/api/complaints/${row.id}/attachments/${customerFile?.id}`, headers: auditor.headers });
    expect(download.statusCode).toBe(403);
    // The agent working the file keeps all of it.
    const worked = await rt.app.inject({ method: 'GET', url: `/api/complaints/${row.id}`, headers: agent.headers });
    expect(worked.body).toContain('contentieux');
    expect(worked.json().customer.email).toBe('jeanne@example.fr');
    expect((await rt.app.inject({ method: 'GET', url: `/api/complaints/${row.id}/attachments/${customerFile?.id}`, headers: agent.headers })).statusCode).toBe(200);
  });

  it('refuses files past the count limit per complaint with a clear 409, storing none of the batch', async () => {
    const { row } = await fileWithAttachments(org, []);
    const many = multipart(Array.from({ length: ATTACHMENT_LIMITS.files + 1 }, (_, i) => ({ name: 'attachments', filename: `n${i}.txt`, type: 'text/plain', data: TEXT })));
    const res = await rt.app.inject({ method: 'POST', url: `/api/complaints/${row.id}/attachments`, headers: { ...agent.headers, ...many.headers }, payload: many.payload });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain(`au plus ${ATTACHMENT_LIMITS.files} fichiers`);
    expect(await rows(row.id)).toHaveLength(0);
  });

  it('a tracking link of another complaint, or another organisation, does not open the file', async () => {
    const a = await fileWithAttachments(org, [{ name: 'attachments', filename: 'a.pdf', type: 'application/pdf', data: PDF }]);
    const b = await fileWithAttachments(org, []);
    const [file] = await rows(a.row.id);
    expect((await rt.app.inject({ method: 'GET', url: `${b.trackingPath}/attachments/${file?.id}` })).statusCode).toBe(404);
    const other = await createTestOrg(rt);
    const otherAgent = await createTestUser(rt, other.id, ['agent']);
    expect((await rt.app.inject({ method: 'GET', url: `/api/complaints/${a.row.id}/attachments/${file?.id}`, headers: otherAgent.headers })).statusCode).toBe(404);
  });
});

describe('attachments in the subject export and erasure', () => {
  it('exports the files with their content, and erasure deletes them', async () => {
    const org = await createTestOrg(rt);
    const { row } = await fileWithAttachments(org, [{ name: 'attachments', filename: 'facture.pdf', type: 'application/pdf', data: PDF }]);
    const exported = await complaintSubjectData.export(rt.deps, org.id, row.customerId);
    expect(exported.complaint_attachments).toMatchObject([{ reference: row.reference, filename: 'facture.pdf', type: 'application/pdf', sizeBytes: PDF.length, addedBy: 'customer' }]);
    const file = exported.complaint_attachments?.[0]?.file;
    expect(file).toBeInstanceOf(ExportedFile);
    expect(Buffer.from((file as ExportedFile).bytes).equals(PDF)).toBe(true);
    // In the zip the subject receives, the file is a file of its own, and the records name it.
    const zip = unzipSync(buildZip({ complaints: exported }, 'fr', org.name, new Date(), 'Europe/Paris'));
    const [json] = JSON.parse(strFromU8(zip['json/complaints/complaint_attachments.json'] ?? new Uint8Array())) as { file: string }[];
    expect(json?.file).toBe('files/complaints/1-facture.pdf');
    expect(Buffer.from(zip['files/complaints/1-facture.pdf'] ?? []).equals(PDF)).toBe(true);
    expect(strFromU8(zip['csv/complaints/complaint_attachments.csv'] ?? new Uint8Array())).toContain('files/complaints/1-facture.pdf');
    const result = await rt.deps.db.transaction((tx) => complaintSubjectData.erase(rt.deps, tx, org.id, row.customerId));
    expect(result.erased).toBe(1);
    expect(await rows(row.id)).toHaveLength(0);
    expect(result.held).toMatchObject([{ table: 'complaints', id: row.id }]);
  });
});
