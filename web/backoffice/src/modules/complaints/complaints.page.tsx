import { Group, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
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
        {clock.businessDaysLeft !== null ? ` · ${t('bo.daysLeft', { count: clock.businessDaysLeft })}` : null}
      </Text>
    </Group>
  );
}

type QueueItem = ComplaintPageDto['items'][number];

/** Where a complaint stands against its deadline: a coloured badge with words (never colour alone) and a bar of the time used. */
export function SlaBadge({ sla }: { sla: QueueItem['sla'] }) {
  const { t } = useTranslation('complaints');
  const left =
    sla.businessDaysLeft === null
      ? t('bo.deadline.done')
      : sla.businessDaysLeft < 0
        ? t('bo.deadline.late', { count: -sla.businessDaysLeft })
        : t('bo.deadline.left', { count: sla.businessDaysLeft });
  return (
    <span className={`sla sla-${sla.state}`}>
      <span className="sla-badge">{t(`bo.deadline.states.${sla.state}`)}</span> <span className="sla-left">{left}</span>
      <span className="sla-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(sla.elapsed * 100)}%` }} />
      </span>
    </span>
  );
}

/** Complaint queues (/app/complaints): one line per complaint, most urgent first; the viewer's own work by default. */
export function ComplaintsPage() {
  const { t } = useTranslation('complaints');
  const me = useMe();
  const lang = currentLanguage();
  const navigate = useNavigate();
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
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const sortHeader = (key: NonNullable<ComplaintListQuery['sort']>, label: string) => (
    <th scope="col" aria-sort={sort === key ? (key === 'received' || key === 'level' ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="sort-button" onClick={() => go({ sort: key, page: 1 })}>
        {label}
        <span className="visually-hidden">{sort === key ? ` ${t('bo.sortedBy')}` : ` ${t('bo.sortBy')}`}</span>
      </button>
    </th>
  );
  // Arrow keys move between lines, Enter opens one (links stay the tab stops).
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, id: string) => {
    const row = event.currentTarget;
    const move = event.key === 'ArrowDown' ? row.nextElementSibling : event.key === 'ArrowUp' ? row.previousElementSibling : null;
    if (move) {
      event.preventDefault();
      move.querySelector<HTMLAnchorElement>('a')?.focus();
    } else if (event.key === 'Enter' && event.target === row) {
      void navigate(`/complaints/${id}`);
    }
  };

  return (
    <Page title={t('bo.queueTitle')}>
      <p>
        {me.permissions.includes('complaint:create') ? (
          <>
            <Link to="/complaints/new">{t('bo.new.link')}</Link>
            {' · '}
          </>
        ) : null}
        <Link to="/complaints/settings">{t('bo.sla.link')}</Link>
      </p>
      <form className="filters panel" onSubmit={submit} aria-label={t('bo.filters')}>
        <div className="field">
          <label htmlFor="filter-queue">{t('bo.queue')}</label>
          <select id="filter-queue" value={draft.queue || view} onChange={(e) => setDraft({ ...draft, queue: e.currentTarget.value })}>
            {QUEUES.map((q) => (
              <option key={q} value={q}>
                {t(`bo.queues.${q}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t('bo.status')}</label>
          <select id="filter-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}>
            <option value="">{t('bo.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-category">{t('bo.columns.category')}</label>
          <select id="filter-category" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.currentTarget.value })}>
            <option value="">{t('bo.anyCategory')}</option>
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-q">{t('bo.search')}</label>
          <p className="hint" id="filter-q-hint">
            {t('bo.searchHint')}
          </p>
          <input
            id="filter-q"
            type="search"
            aria-describedby="filter-q-hint"
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
          />
        </div>
        <div className="field">
          <button type="submit" className="button-primary">
            {t('bo.apply')}
          </button>
        </div>
      </form>
      {data?.notice === 'no_team' ? (
        <div className="alert alert-info" role="status">
          <p>
            {t('bo.noTeam.text')} <Link to="/advisors">{t('bo.noTeam.link')}</Link>
          </p>
        </div>
      ) : null}
      {result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <LoadError error={result.error} onRetry={() => void result.refetch()} />
      ) : result.data.items.length === 0 ? (
        <p role="status">{t('bo.empty')}</p>
      ) : (
        <>
          <div className="table-wrapper">
            <table className="queue-table">
              <caption>{t('bo.caption', { count: result.data.total, queue: t(`bo.queues.${view}`) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('bo.columns.reference')}</th>
                  {sortHeader('urgency', t('bo.columns.sla'))}
                  {sortHeader('customer', t('bo.columns.customer'))}
                  <th scope="col">{t('bo.columns.category')}</th>
                  <th scope="col">{t('bo.columns.status')}</th>
                  <th scope="col">{t('bo.columns.assignee')}</th>
                  {sortHeader('level', t('bo.columns.level'))}
                  {sortHeader('received', t('bo.columns.received'))}
                </tr>
              </thead>
              <tbody>
                {result.data.items.map((c) => (
                  <tr key={c.id} onKeyDown={(e) => onRowKey(e, c.id)}>
                    <th scope="row">
                      <Link to={`/complaints/${c.id}`}>{c.reference}</Link>
                      {c.reviewReason ? <span className="badge"> {t(`bo.review.${c.reviewReason}`)}</span> : null}
                    </th>
                    <td>
                      <SlaBadge sla={c.sla} />
                    </td>
                    <td>{c.customerName ?? t('bo.erased')}</td>
                    <td>{t(`categories.${c.category}`)}</td>
                    <td>{t(`statuses.${c.status}`)}</td>
                    <td>{c.level2Owner ? t('bo.ownerShort', { name: c.level2Owner.name }) : (c.assignee?.name ?? t('bo.unassigned'))}</td>
                    <td>{c.escalationLevel}</td>
                    <td>
                      <time dateTime={c.receivedAt}>{formatDateTime(c.receivedAt, lang)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pagination" aria-label={t('bo.pagination.label')}>
            <button type="button" disabled={query.page <= 1} onClick={() => go({ page: query.page - 1 })}>
              {t('bo.pagination.previous')}
            </button>
            <span aria-live="polite">{t('bo.pagination.status', { page: data?.page ?? 1, pages })}</span>
            <button type="button" disabled={query.page >= pages} onClick={() => go({ page: query.page + 1 })}>
              {t('bo.pagination.next')}
            </button>
          </nav>
        </>
      )}
    </Page>
  );
}
