/**
 * Evidence a regulator or a mediator can check (issue 15): a zip with the records of a customer, a
 * complaint or a contact campaign, every audit event about them, the last signed checkpoint of the audit chain, and a
 * manifest signed by the installation's key. `evidence.verify.ts` checks it without the database.
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import type { Deps } from '../deps.ts';
import { systemContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { exportFiles, exportSubject, type SubjectExport } from '../dsr/index.ts';
import { findCustomerById } from '../customers/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import * as repo from './evidence.repo.ts';
import { EVENTS_FILE, EVIDENCE_FORMAT, MANIFEST_FILE, type EvidenceManifest, type EvidenceScope } from './evidence.format.ts';

/** What the operator asks for: a customer by id, a complaint by its reference, or a contact campaign by id. */
export type EvidenceRequest = { customerId: string } | { complaintReference: string } | { campaignId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which attempts a campaign's bundle holds, in words for whoever reads the manifest (see evidence.repo.ts). */
const CAMPAIGN_ATTEMPTS =
  "attempts made by the campaign, and attempts to its recipients on its channel, for its purpose, at or after its send instant";

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function resolveScope(deps: Deps, org: OrganisationRow, request: EvidenceRequest): Promise<EvidenceScope> {
  if ('campaignId' in request) {
    const campaign = UUID.test(request.campaignId) ? await repo.findCampaign(deps.db, org.id, request.campaignId) : undefined;
    if (!campaign) throw notFound('campaign');
    return { kind: 'campaign', campaignId: campaign.id, name: campaign.name, attempts: CAMPAIGN_ATTEMPTS };
  }
  if ('customerId' in request) {
    if (!UUID.test(request.customerId) || !(await findCustomerById(deps.db, org.id, request.customerId))) throw notFound('customer');
    return { kind: 'customer', customerId: request.customerId };
  }
  const complaint = await repo.findComplaintByReference(deps.db, org.id, request.complaintReference);
  if (!complaint) throw notFound('complaint');
  return { kind: 'complaint', reference: request.complaintReference, complaintId: complaint.id, customerId: complaint.customerId };
}

/**
 * A complaint's bundle holds that complaint's rows only, not the customer's other files, and the
 * phone-collection notice given when it was filed with a number (C. consom. L.223-1), its proof.
 */
function complaintRecords(data: SubjectExport, scope: Extract<EvidenceScope, { kind: 'complaint' }>): SubjectExport {
  const datasets = Object.entries(data.complaints ?? {}).map(([name, rows]) => [name, rows.filter((row) => row.reference === scope.reference)] as const);
  const notices = (data.customers?.phone_notices ?? []).filter((row) => row.collectedWith === 'complaint' && row.recordId === scope.complaintId);
  return {
    complaints: Object.fromEntries(datasets.filter(([, rows]) => rows.length > 0)),
    ...(notices.length > 0 ? { customers: { phone_notices: notices } } : {}),
  };
}

/**
 * The records in scope and every audit event about them. A campaign's records name people by id
 * only (its audience, decisions, attempts), as its audit events do: the proof that the rules were
 * applied needs no name or number, and whoever checks it can ask for a customer's bundle.
 */
async function gather(deps: Deps, org: OrganisationRow, scope: EvidenceScope): Promise<{ records: SubjectExport; events: unknown[] }> {
  if (scope.kind === 'customer')
    return { records: await exportSubject(deps, org.id, scope.customerId), events: await repo.findEventsAbout(deps.db, org.id, [scope.customerId]) };
  if (scope.kind === 'complaint')
    return {
      records: complaintRecords(await exportSubject(deps, org.id, scope.customerId), scope),
      events: await repo.findEventsAbout(deps.db, org.id, [scope.complaintId]),
    };
  const campaign = await repo.findCampaign(deps.db, org.id, scope.campaignId);
  if (!campaign) throw notFound('campaign');
  const { recipients, scrubs, decisions, attempts } = await repo.findCampaignRecords(deps.db, campaign);
  const records: SubjectExport = {
    contact: {
      campaign: [{ ...campaign, scheduledAt: campaign.scheduledAt.toISOString(), createdAt: campaign.createdAt.toISOString() }],
      campaign_recipients: recipients,
      campaign_scrubs: scrubs.map((s) => ({ ...s, at: s.at.toISOString(), createdAt: s.createdAt.toISOString() })),
      campaign_decisions: decisions,
      contact_attempts: attempts.map((a) => ({ ...a, occurredAt: a.occurredAt.toISOString(), createdAt: a.createdAt.toISOString() })),
    },
  };
  return { records, events: await repo.findCampaignEvents(deps.db, campaign) };
}

/**
 * Builds the bundle. The chain is verified first (with the key, which the bundle never holds) and
 * the outcome goes into the signed manifest: a broken chain still gives a bundle, saying so.
 * The export itself is audited, after the bundle, in the organisation's chain.
 */
export async function exportEvidence(deps: Deps, org: OrganisationRow, request: EvidenceRequest): Promise<{ zip: Uint8Array; manifest: EvidenceManifest }> {
  const scope = await resolveScope(deps, org, request);
  const generatedAt = deps.clock.now();
  const { records, events } = await gather(deps, org, scope);
  const chain = await deps.audit.verify(deps.db, org.id);
  const checkpoint = deps.audit.checkpoints.latestFile();

  const files: Record<string, Uint8Array> = {};
  for (const [path, bytes] of Object.entries(exportFiles(records))) files[`records/${path}`] = bytes;
  files[EVENTS_FILE] = strToU8(JSON.stringify(events, null, 1));
  const checkpointFile = checkpoint ? `audit/${checkpoint.name}` : null;
  if (checkpoint && checkpointFile) files[checkpointFile] = strToU8(checkpoint.text);

  const unsigned: Omit<EvidenceManifest, 'signature'> = {
    format: EVIDENCE_FORMAT,
    organisation: { id: org.id, slug: org.slug, name: org.name },
    scope,
    generatedAt: generatedAt.toISOString(),
    files: Object.entries(files)
      .map(([path, bytes]) => ({ path, sha256: sha256(bytes), bytes: bytes.length }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    chain: {
      ok: chain.ok,
      checked: chain.checked,
      firstBroken: chain.firstBroken ? { seq: chain.firstBroken.seq, reason: chain.firstBroken.reason } : null,
      checkpoint: chain.checkpoint,
    },
    checkpointFile,
    publicKeyPem: deps.audit.checkpoints.publicKeyPem,
  };
  const manifest: EvidenceManifest = { ...unsigned, signature: deps.audit.checkpoints.attest(unsigned) };
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 1));
  const zip = zipSync({ [MANIFEST_FILE]: manifestBytes, ...files }, { level: 6, mtime: generatedAt });

  await deps.db.transaction((tx) =>
    deps.audit.record(tx, systemContext(org.id, 'cli'), {
      type: 'evidence.exported',
      target:
        scope.kind === 'customer'
          ? { type: 'customer', id: scope.customerId }
          : scope.kind === 'complaint'
            ? { type: 'complaint', id: scope.complaintId }
            : { type: 'campaign', id: scope.campaignId },
      payload: { scope: scope.kind, events: events.length, files: manifest.files.length, manifestSha256: sha256(manifestBytes) },
    }),
  );
  return { zip, manifest };
}
