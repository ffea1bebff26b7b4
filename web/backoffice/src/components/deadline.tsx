import { Badge, Progress, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format.ts';
import { TONE_COLOR, type Tone } from './status-badge.tsx';

/** Where a deadline stands: comfortably ahead, close, or passed. */
export type DeadlineState = 'ok' | 'soon' | 'breached';

const HOUR_MS = 3_600_000;
const STATE_TONE: Record<DeadlineState, Tone> = { ok: 'success', soon: 'warning', breached: 'danger' };

/** The state of a deadline `due` at `now`: "soon" within `soonHours` of it. */
export function deadlineState(due: Date, now: Date, soonHours: number): DeadlineState {
  const left = due.getTime() - now.getTime();
  if (left < 0) return 'breached';
  return left <= soonHours * HOUR_MS ? 'soon' : 'ok';
}

/** "3 days left", "5 hours left", "Overdue by 2 days": hours under two days, days beyond. */
function useTimeLeftLabel() {
  const { t } = useTranslation();
  return (due: Date, now: Date) => {
    const left = due.getTime() - now.getTime();
    const hours = Math.abs(left) / HOUR_MS;
    const inHours = hours < 48;
    const count = inHours ? Math.max(1, Math.floor(hours)) : Math.floor(hours / 24);
    if (left < 0) return t(inHours ? 'ui.deadline.overdueHours' : 'ui.deadline.overdueDays', { count });
    return t(inHours ? 'ui.deadline.hoursLeft' : 'ui.deadline.daysLeft', { count });
  };
}

/** Props shared by {@link DeadlineBadge} and {@link SlaBar}. */
export interface DeadlineProps {
  /** When the deadline falls (ISO timestamp from the API). */
  due: string;
  /** How close counts as "soon" (default 48 hours). */
  soonHours?: number;
  /**
   * The words to show instead of the computed time left, when the server counts in business
   * days (complaints: "10 business days left"); the colour still comes from `due`.
   */
  label?: string;
  /** The present, for tests and for pages that refresh on a timer. */
  now?: Date;
}

/**
 * A deadline as a coloured badge with the time left ("3 days left", "Overdue by 2 days"), the
 * exact date in its tooltip and accessible name. Use it in queues and record headers where a
 * legal or service deadline runs (complaint SLA, GDPR request, breach notification).
 */
export function DeadlineBadge({ due, soonHours = 48, label, now = new Date() }: DeadlineProps) {
  const { t, i18n } = useTranslation();
  const timeLeft = useTimeLeftLabel();
  const date = new Date(due);
  const state = deadlineState(date, now, soonHours);
  const dueText = t('ui.deadline.due', { date: formatDateTime(due, i18n.language) });
  return (
    <Tooltip label={dueText}>
      <Badge color={TONE_COLOR[STATE_TONE[state]]} aria-label={`${label ?? timeLeft(date, now)} (${t(`ui.deadline.${state}`)}), ${dueText}`}>
        {label ?? timeLeft(date, now)}
      </Badge>
    </Tooltip>
  );
}

/**
 * A service-level clock as a bar (time used from `start` to `due`) and the time left in words,
 * on one line: for queue rows where the eye compares urgency down a column. Same colours as
 * {@link DeadlineBadge}.
 */
export function SlaBar({ start, due, soonHours = 48, label, now = new Date() }: DeadlineProps & { start: string }) {
  const { t, i18n } = useTranslation();
  const timeLeft = useTimeLeftLabel();
  const date = new Date(due);
  const begun = new Date(start).getTime();
  const span = Math.max(1, date.getTime() - begun);
  const used = Math.min(100, Math.max(0, ((now.getTime() - begun) / span) * 100));
  const state = deadlineState(date, now, soonHours);
  const words = label ?? timeLeft(date, now);
  return (
    <span className="cf-sla" title={t('ui.deadline.due', { date: formatDateTime(due, i18n.language) })}>
      <Progress value={used} color={TONE_COLOR[STATE_TONE[state]]} size="sm" aria-hidden="true" />
      <span>{words}</span>
    </span>
  );
}
