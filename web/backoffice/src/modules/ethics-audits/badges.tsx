import { useTranslation } from 'react-i18next';
import { StatusBadge, type Tone } from '../../components/status-badge.tsx';
import type { Answer, AuditStatus } from './api.ts';

const STATUS_TONE: Record<AuditStatus, Tone> = { planned: 'neutral', in_progress: 'info', reporting: 'warning', closed: 'success' };
const ANSWER_TONE: Record<Answer, Tone> = { compliant: 'success', non_compliant: 'danger', not_applicable: 'neutral' };

/** An audit's step, as a labelled badge. */
export function AuditStatusBadge({ status }: { status: AuditStatus }) {
  const { t } = useTranslation('audits');
  return <StatusBadge tone={STATUS_TONE[status]}>{t(`ethicsAudit.status.${status}`)}</StatusBadge>;
}

/** How an item was judged (or that it is not yet). */
export function AnswerBadge({ answer }: { answer: Answer | null }) {
  const { t } = useTranslation('audits');
  return <StatusBadge tone={answer ? ANSWER_TONE[answer] : 'warning'}>{t(`ethicsAudit.answer.${answer ?? 'none'}`)}</StatusBadge>;
}
