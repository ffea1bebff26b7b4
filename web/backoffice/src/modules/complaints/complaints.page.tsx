import { Alert, Anchor, Button, Card, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Page } from '../../components/page.tsx';
import { StatusBadge, type Tone } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import type { ComplaintListQuery, ComplaintPageDto, ComplaintSummaryDto } from '../../../../../src/api/contract.ts';
import { allOf } from '../../union.ts';
import { findComplaints, type SlaClockDto, COMPLAINT_CATEGORIES } from './api.ts';

const QUEUES = allOf<NonNullable<ComplaintListQuery['queue']>>()(['all', 'mine', 'team', 'unassigned', 'breaching', 'paused', 'review']);
const STATUSES = allOf<ComplaintSummaryDto['status']>()([
  'received',
  'acknowledged',
  'assessing',
  'investigating',
  'answered',
  'closed',
  'reopened',
]);

const CLOCK_TONE: Record<SlaClockDto['state'], Tone> = {
  running: 'info',
  warning: 'warning',
  breached: 'danger',
  met: 'success',
  missed: 'warning',
  paused: 'neutral',
};

/** A clock as words: its state on a badge, the due date and business days left (never colour alone). */
export function ClockText({ clock }: { clock: SlaClockDto }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  const due = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${clock.dueOn}T00:00:00Z`),
  );
  return (
    <Group component="span" gap={6} wrap="wrap" display="inline-flex">
      <StatusBadge tone={CLOCK_TONE[clock.state]}>{t(`bo.clockState.${clock.state}`)}</StatusBadge>
      <Text span size="sm">
        {t('bo.dueOn', { date: due })}
        {clock.businessDaysLeft === null
          ? null
          : // Past the due date the days are late ones, not "-1 day left".
            ` · ${clock.businessDaysLeft < 0 ? t('bo.deadline.late', { count: -clock.businessDaysLeft }) : t('bo.daysLeft', { count: clock.businessDaysLeft })}`}
      </Text>
    </Group>
  );
}

type QueueItem = ComplaintPageDto['items'][number];

const SLA_TONE: Record<QueueItem['sla']['state'], Tone> = { ok: 'success', soon: 'warning', breached: 'danger', paused: 'neutral' };

/** Where a complaint stands against its deadline: a coloured badge with words (never colour alone) and the time left. */
export function SlaBadge({ sla }: { sla: QueueItem['sla'] }) {
  const { t } = useTranslation('complaints');
  const left =
    sla.businessDaysLeft === null
      ? t('bo.deadline.done')
      : sla.businessDaysLeft < 0
        ? t('bo.deadline.late', { count: -sla.businessDaysLeft })
        : t('bo.deadline.left', { count: sla.businessDaysLeft });
  // Inline content (not a flex box): the column keeps it on one line in the grid (`nowrap`), so
  // the table sizes the column to all of it, and a card lets it wrap at 390 px.
  return (
    <Text span size="sm">
      <StatusBadge tone={SLA_TONE[sla.state]}>{t(`bo.deadline.states.${sla.state}`)}</StatusBadge> {left}
    </Text>
  );
}

/** Complaint queues (/app/complaints): one line per complaint, most urgent first; the viewer's own work by default. */
export function ComplaintsPage() {
  const { t } = useTranslation('complaints');
  const me = useMe();
  const lang = currentLanguage();
  const [params, setParams] = useSearchParams();
  const query = {
    queue: params.get('queue') ?? '',
    status: params.get('status') ?? '',
    category: params.get('category') ?? '',
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? '',
    page: Number(params.get('page') ?? '1') || 1,
  };
  const [draft, setDraft] = useState(query);
  const result = useQuery({ queryKey: ['complaints', query], queryFn: () => findComplaints(query), placeholderData: keepPreviousData });

  const go = (next: Partial<typeof query>) => {
    const merged = { ...query, ...next };
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(merged)) if (value && !(key === 'page' && value === 1)) out.set(key, String(value));
    setParams(out);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({ queue: draft.queue, status: draft.status, category: draft.category, q: draft.q.trim(), page: 1 });
  };
  const data = result.data;
  const view = data?.queue ?? 'mine';
  const sort = data?.sort ?? 'urgency';
  // The server orders each key one way: the most urgent, newest and highest level first.
  const direction = (key: string) => (key === 'received' || key === 'level' ? 'descending' : 'ascending');

  return (
    <Page title={t('bo.queueTitle')}>
      <Group gap="sm" mb="sm">
        {me.permissions.includes('complaint:create') ? (
          <Button component={Link} to="/complaints/new" variant="light">
            {t('bo.new.link')}
          </Button>
        ) : null}
        <Anchor component={Link} to="/complaints/settings" size="sm">
          {t('bo.sla.link')}
        </Anchor>
      </Group>
      <Card component="form" withBorder padding="sm" mb="md" onSubmit={submit} aria-label={t('bo.filters')}>
        <Group align="flex-end" gap="md" wrap="wrap">
          <NativeSelect
            id="filter-queue"
            label={t('bo.queue')}
            value={draft.queue || view}
            onChange={(e) => setDraft({ ...draft, queue: e.currentTarget.value })}
            data={QUEUES.map((q) => ({ value: q, label: t(`bo.queues.${q}`) }))}
          />
          <NativeSelect
            id="filter-status"
            label={t('bo.status')}
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}
            data={[{ value: '', label: t('bo.anyStatus') }, ...STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))]}
          />
          <NativeSelect
            id="filter-category"
            label={t('bo.columns.category')}
            value={draft.category}
            onChange={(e) => setDraft({ ...draft, category: e.currentTarget.value })}
            data={[
              { value: '', label: t('bo.anyCategory') },
              ...COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) })),
            ]}
          />
          <TextInput
            id="filter-q"
            type="search"
            label={t('bo.search')}
            description={t('bo.searchHint')}
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
            miw="14rem"
          />
          <Button type="submit">{t('bo.apply')}</Button>
        </Group>
      </Card>
      {data?.notice === 'no_team' ? (
        <Alert color="brand" mb="md" role="status">
          {t('bo.noTeam.text')}{' '}
          <Anchor component={Link} to="/advisors">
            {t('bo.noTeam.link')}
          </Anchor>
        </Alert>
      ) : null}
      {result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <LoadError error={result.error} onRetry={() => void result.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.caption', { count: result.data.total, queue: t(`bo.queues.${view}`) })}
          showCaption
          rows={result.data.items}
          rowKey={(c) => c.id}
          rowHref={(c) => `/complaints/${c.id}`}
          stickyFirstColumn
          empty={<EmptyState title={t('bo.empty')} />}
          pageSize={result.data.pageSize}
          pagination={{ page: result.data.page, total: result.data.total, onChange: (page) => go({ page }) }}
          sort={{ key: sort, direction: direction(sort) }}
          onSortChange={(next) => go({ sort: next.key, page: 1 })}
          columns={[
            {
              key: 'reference',
              header: t('bo.columns.reference'),
              nowrap: true,
              cell: (c) => (
                <>
                  {c.reference}
                  {c.reviewReason ? (
                    <>
                      {' '}
                      <StatusBadge tone="warning">{t(`bo.review.${c.reviewReason}`)}</StatusBadge>
                    </>
                  ) : null}
                </>
              ),
            },
            { key: 'urgency', header: t('bo.columns.sla'), sortable: true, nowrap: true, cell: (c) => <SlaBadge sla={c.sla} /> },
            {
              key: 'customer',
              header: t('bo.columns.customer'),
              sortable: true,
              nowrap: true,
              cell: (c) => c.customerName ?? t('bo.erased'),
            },
            { key: 'category', header: t('bo.columns.category'), cell: (c) => t(`categories.${c.category}`) },
            { key: 'status', header: t('bo.columns.status'), nowrap: true, cell: (c) => t(`statuses.${c.status}`) },
            {
              key: 'assignee',
              header: t('bo.columns.assignee'),
              nowrap: true,
              cell: (c) => (c.level2Owner ? t('bo.ownerShort', { name: c.level2Owner.name }) : (c.assignee?.name ?? t('bo.unassigned'))),
            },
            { key: 'level', header: t('bo.columns.level'), sortable: true, align: 'end', cell: (c) => c.escalationLevel },
            {
              key: 'received',
              header: t('bo.columns.received'),
              sortable: true,
              nowrap: true,
              cell: (c) => <time dateTime={c.receivedAt}>{formatDateTime(c.receivedAt, lang)}</time>,
            },
          ]}
        />
      )}
    </Page>
  );
}
