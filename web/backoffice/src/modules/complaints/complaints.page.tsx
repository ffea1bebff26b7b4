import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import type { ComplaintListQuery, ComplaintSummaryDto } from '../../../../../src/api/contract.ts';
import { allOf } from '../../union.ts';
import { findComplaints, type SlaClockDto, COMPLAINT_CATEGORIES } from './api.ts';

const QUEUES = allOf<NonNullable<ComplaintListQuery['queue']>>()(['all', 'mine', 'team', 'unassigned', 'breaching', 'paused', 'review']);
const STATUSES = allOf<ComplaintSummaryDto['status']>()(['received', 'acknowledged', 'assessing', 'investigating', 'answered', 'closed', 'reopened']);

/** A clock as words: due date, business days left and state (never colour alone). */
export function ClockText({ clock }: { clock: SlaClockDto }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  const due = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${clock.dueOn}T00:00:00Z`));
  return (
    <span className={`clock clock-${clock.state}`}>
      {t(`bo.clockState.${clock.state}`)} · {t('bo.dueOn', { date: due })}
      {clock.businessDaysLeft !== null ? ` · ${t('bo.daysLeft', { count: clock.businessDaysLeft })}` : null}
    </span>
  );
}

/** Complaint queues (/app/complaints): mine, unassigned, breaching soon, review; filters and search. */
export function ComplaintsPage() {
  const { t } = useTranslation('complaints');
  const me = useMe();
  const lang = currentLanguage();
  const [params, setParams] = useSearchParams();
  const query = { queue: params.get('queue') ?? 'mine', status: params.get('status') ?? '', category: params.get('category') ?? '', q: params.get('q') ?? '' };
  const [draft, setDraft] = useState(query);
  const result = useQuery({ queryKey: ['complaints', query], queryFn: () => findComplaints(query) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.queue) next.set('queue', draft.queue);
    if (draft.status) next.set('status', draft.status);
    if (draft.category) next.set('category', draft.category);
    if (draft.q.trim()) next.set('q', draft.q.trim());
    setParams(next);
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
          <select id="filter-queue" value={draft.queue} onChange={(e) => setDraft({ ...draft, queue: e.currentTarget.value })}>
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
          <input id="filter-q" type="search" aria-describedby="filter-q-hint" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })} />
        </div>
        <div className="field">
          <button type="submit" className="button-primary">
            {t('bo.apply')}
          </button>
        </div>
      </form>
      {result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <LoadError error={result.error} onRetry={() => void result.refetch()} />
      ) : result.data.items.length === 0 ? (
        <p role="status">{t('bo.empty')}</p>
      ) : (
        <div className="table-wrapper">
          <table>
            <caption>{t('bo.caption', { count: result.data.total, queue: t(`bo.queues.${query.queue}`) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo.columns.reference')}</th>
                <th scope="col">{t('bo.columns.status')}</th>
                <th scope="col">{t('bo.columns.category')}</th>
                <th scope="col">{t('bo.columns.received')}</th>
                <th scope="col">{t('bo.columns.ack')}</th>
                <th scope="col">{t('bo.columns.answer')}</th>
                <th scope="col">{t('bo.columns.assignee')}</th>
                <th scope="col">{t('bo.columns.level')}</th>
              </tr>
            </thead>
            <tbody>
              {result.data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/complaints/${c.id}`}>{c.reference}</Link>
                    {c.reviewReason ? <span className="badge"> {t(`bo.review.${c.reviewReason}`)}</span> : null}
                  </th>
                  <td>{t(`statuses.${c.status}`)}</td>
                  <td>{t(`categories.${c.category}`)}</td>
                  <td>
                    <time dateTime={c.receivedAt}>{formatDateTime(c.receivedAt, lang)}</time>
                  </td>
                  <td>
                    <ClockText clock={c.clocks.ack} />
                  </td>
                  <td>
                    <ClockText clock={c.clocks.answer} />
                  </td>
                  <td>{c.assignee?.name ?? t('bo.unassigned')}</td>
                  <td>{t(`bo.levels.${c.escalationLevel}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
