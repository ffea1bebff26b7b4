import { useTranslation } from 'react-i18next';
import { StatusBadge, type Tone } from '../../components/status-badge.tsx';
import type { FindingDto, Severity } from './api.ts';

const SEVERITY_TONE: Record<Severity, Tone> = { critical: 'danger', high: 'danger', medium: 'warning', low: 'info' };
const STATUS_TONE: Record<FindingDto['status'], Tone> = { open: 'warning', in_remediation: 'info', closed: 'success' };

/** A finding's severity, as a labelled badge (the word carries the meaning, not the colour). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation('audits');
  return <StatusBadge tone={SEVERITY_TONE[severity]}>{t(`bo.severity.${severity}`)}</StatusBadge>;
}

export function FindingStatusBadge({ status }: { status: FindingDto['status'] }) {
  const { t } = useTranslation('audits');
  return <StatusBadge tone={STATUS_TONE[status]}>{t(`bo.status.${status}`)}</StatusBadge>;
}
