import { Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authorityClock } from '../../../../../src/core/breaches/breaches.policy.ts';
import { StatusBadge, type Tone } from '../../components/status-badge.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import type { BreachSummaryDto, ClockState } from './api.ts';

const TONE: Record<ClockState, Tone> = { running: 'info', warning: 'warning', overdue: 'danger', stopped: 'neutral' };

/** The current time, refreshed every `everyMs` so countdowns move without reloading. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "2 d 5 h 12 min": time left (or past) in words short enough for a table cell. */
function duration(ms: number, t: (key: string, params: Record<string, number>) => string): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return t('bo.clock.duration', { days, hours, minutes: minutes % 60 });
}

/**
 * The 72-hour clock of GDPR Art. 33(1) in words (state, time left or overdue, deadline), counted
 * down in the browser with the same rule as the server (breaches.policy.ts). Never colour alone.
 */
export function AuthorityClock({ breach, now }: { breach: Pick<BreachSummaryDto, 'status' | 'authorityClock'>; now: Date }) {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const { state, remainingMs } = authorityClock({ status: breach.status, authorityDueAt: new Date(breach.authorityClock.dueAt) }, now);
  const due = formatDateTime(breach.authorityClock.dueAt, lang);
  return (
    <Group component="span" className="authority-clock" gap={6} wrap="wrap" display="inline-flex">
      <StatusBadge tone={TONE[state]}>{t(`clock.${state}`)}</StatusBadge>
      {state === 'stopped' ? null : (
        <Text span size="sm">
          {state === 'overdue'
            ? t('bo.clock.overdueBy', { time: duration(remainingMs, t) })
            : t('bo.clock.left', { time: duration(remainingMs, t) })}
        </Text>
      )}
      <Text span size="sm" c="dimmed">
        {t('bo.clock.due', { date: due })}
      </Text>
    </Group>
  );
}
