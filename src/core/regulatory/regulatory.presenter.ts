/** Pure DTOs of the register of regulatory events. */
import type { Actor } from '../context.ts';
import { regulatoryAbilities } from './regulatory.policy.ts';
import type { RegulatoryEventRow } from './regulatory.repo.ts';
import type { RegulatoryEventDto, RegulatoryEventSummaryDto } from './regulatory.schemas.ts';
import type { RegulatoryEventView } from './regulatory.service.ts';

export { RegulatoryEventDtoSchema, RegulatoryEventSummaryDtoSchema } from './regulatory.schemas.ts';

/** Where a linked record opens in the back office (null for a type without a page). */
const PATHS: Partial<Record<RegulatoryEventRow['linkedRecords'][number]['type'], string>> = {
  complaint: '/app/complaints/',
  breach: '/app/breaches/',
  dsr: '/app/privacy/requests/',
};

export function presentRegulatorySummary(row: RegulatoryEventRow): RegulatoryEventSummaryDto {
  return {
    id: row.id,
    reference: row.reference,
    occurredOn: row.occurredOn,
    authority: row.authority,
    authorityName: row.authorityName,
    kind: row.kind,
    subjectArea: row.subjectArea,
    status: row.status,
    substantiated: row.substantiated,
    amount: row.amountCents !== null && row.currency ? { cents: row.amountCents, currency: row.currency } : null,
  };
}

export function presentRegulatoryEvent(view: RegulatoryEventView, viewer: Actor): RegulatoryEventDto {
  const { row } = view;
  return {
    ...presentRegulatorySummary(row),
    description: row.description,
    outcome: row.outcome,
    linkedRecords: row.linkedRecords.map((l) => ({ ...l, path: PATHS[l.type] ? `${PATHS[l.type]}${l.id}` : null })),
    evidence: view.evidence.map((e) => ({ id: e.id, filename: e.filename, kind: e.kind, sizeBytes: e.sizeBytes, createdAt: e.createdAt.toISOString() })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    abilities: regulatoryAbilities(viewer),
  };
}
