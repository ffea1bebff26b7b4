import type { ConsentEventRow, NoticeRow, PurposeRow } from './consent.repo.ts';

export function presentPurpose(p: PurposeRow, notices: NoticeRow[]) {
  return {
    id: p.id,
    key: p.key,
    legalBasis: p.legalBasis,
    dataUse: p.dataUse,
    channels: p.channels,
    gpcApplies: p.gpcApplies,
    currentVersion: p.currentVersion,
    status: p.status,
    notices: notices.map((n) => ({ version: n.version, titleFr: n.titleFr, titleEn: n.titleEn, textFr: n.textFr, textEn: n.textEn, createdAt: n.createdAt.toISOString() })),
  };
}

export function presentEvent(e: ConsentEventRow) {
  return {
    id: e.id,
    customerId: e.customerId,
    purposeId: e.purposeId,
    channel: e.channel,
    kind: e.kind,
    noticeVersion: e.noticeVersion,
    method: e.method,
    source: e.source,
    occurredAt: e.occurredAt.toISOString(),
  };
}
