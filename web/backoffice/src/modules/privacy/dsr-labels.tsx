import { Badge, Group, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { StatusBadge, TONE_COLOR, type Tone } from '../../components/status-badge.tsx';
import { dateFormatter } from '../../format.ts';
import type { DsrDto } from './api.ts';

const STATUS_TONE: Record<DsrDto['status'], Tone> = { received: 'info', extended: 'warning', fulfilled: 'success', refused: 'neutral' };
const DAY_MS = 86_400_000;

/** A request's state in words on a coloured badge, with "Overdue" beside it when the month has passed (GDPR Art. 12(3)). */
export function DsrStatusBadge({ status, overdue }: Pick<DsrDto, 'status' | 'overdue'>) {
  const { t } = useTranslation('privacy');
  return (
    <Group gap={4} wrap="nowrap">
      <StatusBadge tone={STATUS_TONE[status]}>{t(`dsrStatus.${status}`)}</StatusBadge>
      {overdue ? <StatusBadge tone="danger">{t('bo.overdue')}</StatusBadge> : null}
    </Group>
  );
}

/**
 * The day the answer is due: on a badge while the request is open (red once passed, amber in its
 * last week), as plain text once it is closed.
 */
export function DsrDue({
  request,
  now = new Date(),
}: {
  request: Pick<DsrDto, 'dueDate' | 'overdue' | 'status' | 'closedAt'>;
  now?: Date;
}) {
  const { i18n } = useTranslation();
  const date = dateFormatter(i18n.language).date(request.dueDate);
  if (request.closedAt)
    return (
      <Text span size="sm">
        {date}
      </Text>
    );
  const daysLeft = (Date.parse(`${request.dueDate}T23:59:59Z`) - now.getTime()) / DAY_MS;
  const tone: Tone = request.overdue ? 'danger' : daysLeft <= 7 ? 'warning' : 'neutral';
  return <Badge color={TONE_COLOR[tone]}>{date}</Badge>;
}

/** What came of a request, in a line: the DPO's note, the reason for a refusal or an extension. */
export function requestOutcome(
  t: TFunction<'privacy'>,
  r: Pick<DsrDto, 'status' | 'resolutionNote' | 'refusalReason' | 'extensionReason'>,
): string | null {
  if (r.status === 'fulfilled') return r.resolutionNote ?? t('bo.outcome.fulfilled');
  if (r.status === 'refused') return r.refusalReason;
  if (r.status === 'extended') return r.extensionReason;
  return null;
}
