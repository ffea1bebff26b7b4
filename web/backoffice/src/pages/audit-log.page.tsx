import type { TFunction } from 'i18next';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findAuditEvents, isApiError, verifyAuditChain, type AuditEventDto, type Outcome } from '../api.ts';
import { Page } from '../components/page.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { formatDateTime, shortHash } from '../format.ts';
import { currentLanguage, i18n } from '../i18n.ts';
import { queryKeys, useMe } from '../session.ts';
import { ForbiddenPage } from './errors.page.tsx';

/** An event's number as chain-rank: each organisation's trail is kept in several chains (ADR 0003). */
const eventNumber = (event: { shard?: number; seq: number }) => (event.shard === undefined ? String(event.seq) : `${event.shard}-${event.seq}`);

const PAGE_SIZE = 50;

interface Filters {
  type: string;
  outcome: Outcome | '';
}

/** Audit log (/app/audit): the hash-chained trail, newest first, with a chain verification. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [draft, setDraft] = useState<Filters>({ type: '', outcome: '' });
  const [filters, setFilters] = useState<Filters>({ type: '', outcome: '' });
  // Cursors of the pages already visited, so "Newer" can go back without a reverse cursor.
  const [cursors, setCursors] = useState<Array<number | undefined>>([undefined]);
  const before = cursors[cursors.length - 1];

  const query = useQuery({
    queryKey: queryKeys.audit({ ...filters, before }),
    queryFn: () =>
      findAuditEvents({
        limit: PAGE_SIZE,
        before,
        type: filters.type.trim() || undefined,
        outcome: filters.outcome || undefined,
      }),
    placeholderData: keepPreviousData,
    // Always refetch on visit: the log is what people check right after doing something.
    staleTime: 0,
  });

  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;

  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
  };
  const onReset = () => {
    const empty: Filters = { type: '', outcome: '' };
    setDraft(empty);
    setFilters(empty);
    setCursors([undefined]);
  };
  const pageNumber = cursors.length;
  const nextBefore = query.data?.nextBefore ?? null;

  return (
    <Page title={t('audit.title')}>
      <p>{t('audit.intro')}</p>

      {/* Verifying is a separate permission from reading (auditors may only read). */}
      {me.permissions.includes('audit_log:verify') ? <VerifyChain /> : null}

      <form className="form filters" onSubmit={onFilter} role="search" aria-label={t('audit.filtersLabel')}>
        <div className="field">
          <label htmlFor="audit-type">{t('audit.filters.type')}</label>
          <p id="audit-type-hint" className="hint">
            {t('audit.filters.typeHint')}
          </p>
          <select id="audit-type" value={draft.type} aria-describedby="audit-type-hint" onChange={(event) => setDraft({ ...draft, type: event.currentTarget.value })}>
            <option value="">{t('audit.filters.anyType')}</option>
            {Object.entries(eventCatalogue()).map(([resource, events]) => (
              <optgroup key={resource} label={t(`auditEventGroup.${resource}`)}>
                <option value={`${resource}.`}>{t('audit.filters.everyOf', { group: t(`auditEventGroup.${resource}`) })}</option>
                {Object.keys(events).map((e) => (
                  <option key={e} value={`${resource}.${e}`}>
                    {t(`auditEvent.${resource}.${e}`)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">{t('audit.filters.outcome')}</label>
          <select
            id="audit-outcome"
            value={draft.outcome}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setDraft({ ...draft, outcome: value === 'success' || value === 'denied' ? value : '' });
            }}
          >
            <option value="">{t('audit.filters.anyOutcome')}</option>
            <option value="success">{t('audit.outcome.success')}</option>
            <option value="denied">{t('audit.outcome.denied')}</option>
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('audit.filters.apply')}
          </button>
          <button type="button" className="button-secondary" onClick={onReset}>
            {t('audit.filters.reset')}
          </button>
        </div>
      </form>

      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <p role="status" className="result-count">
            {query.isFetching
              ? t('status.loading')
              : t('audit.pageStatus', { page: pageNumber, count: query.data.items.length })}
          </p>
          {query.data.items.length === 0 ? (
            <p>{t('audit.empty')}</p>
          ) : (
            <AuditTable events={query.data.items} page={pageNumber} />
          )}
          <nav className="pagination" aria-label={t('audit.pagination')}>
            <button
              type="button"
              className="button-secondary"
              aria-disabled={cursors.length <= 1 || undefined}
              onClick={() => {
                if (cursors.length > 1) setCursors(cursors.slice(0, -1));
              }}
            >
              <span aria-hidden="true">← </span>
              {t('audit.newer')}
            </button>
            <button
              type="button"
              className="button-secondary"
              aria-disabled={nextBefore === null || undefined}
              onClick={() => {
                if (nextBefore !== null) setCursors([...cursors, nextBefore]);
              }}
            >
              {t('audit.older')}
              <span aria-hidden="true"> →</span>
            </button>
          </nav>
        </>
      )}
    </Page>
  );
}

function actorText(t: TFunction, event: AuditEventDto): string {
  const kind = t(`audit.actorType.${event.actorType}`, { defaultValue: event.actorType });
  const who = event.actorLabel ?? event.actorId;
  return who ? `${kind} · ${who}` : kind;
}

function AuditTable({ events, page }: { events: AuditEventDto[]; page: number }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="table-wrapper">
      <table className="audit-table">
        <caption>{t('audit.tableCaption', { page })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.columns.seq')}</th>
            <th scope="col">{t('audit.columns.time')}</th>
            <th scope="col">{t('audit.columns.type')}</th>
            <th scope="col">{t('audit.columns.actor')}</th>
            <th scope="col">{t('audit.columns.target')}</th>
            <th scope="col">{t('audit.columns.outcome')}</th>
            <th scope="col">{t('audit.columns.requestId')}</th>
            <th scope="col">{t('audit.columns.details')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <th scope="row">{eventNumber(event)}</th>
              <td>
                <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, lang)}</time>
              </td>
              <td>
                {t(`auditEvent.${event.type}`, { defaultValue: event.type })}
              </td>
              <td>{actorText(t, event)}</td>
              <td>
                {event.targetType ? (
                  <>
                    {event.targetType}
                    {event.targetId ? (
                      <>
                        {' '}
                        <code className="id">{event.targetId}</code>
                      </>
                    ) : null}
                  </>
                ) : (
                  <span className="muted">{t('audit.none')}</span>
                )}
              </td>
              <td>
                {/* Icon and word, so the outcome is not conveyed by colour alone (WCAG 1.4.1). */}
                <span className={`badge badge-${event.outcome}`}>
                  <span aria-hidden="true">{event.outcome === 'success' ? '✓ ' : '✕ '}</span>
                  {t(`audit.outcome.${event.outcome}`)}
                </span>
              </td>
              <td>
                {event.requestId ? (
                  <code className="id">{event.requestId}</code>
                ) : (
                  <span className="muted">{t('audit.none')}</span>
                )}
              </td>
              <td>
                <details>
                  <summary>
                    {t('audit.details')}
                    <span className="visually-hidden"> {t('audit.eventNumber', { seq: eventNumber(event) })}</span>
                  </summary>
                  <dl className="details-list">
                    <dt>{t('audit.payload')}</dt>
                    <dd>
                      <pre>{JSON.stringify(event.payload, null, 2)}</pre>
                    </dd>
                    <dt>{t('audit.hash')}</dt>
                    <dd>
                      <code title={event.hash}>{shortHash(event.hash)}</code>
                    </dd>
                    <dt>{t('audit.eventId')}</dt>
                    <dd>
                      <code className="id">{event.id}</code>
                    </dd>
                  </dl>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VerifyChain() {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: verifyAuditChain });
  const result = verify.data;
  return (
    <section aria-labelledby="verify-title" className="panel">
      <h2 id="verify-title">{t('audit.verify.title')}</h2>
      <p>{t('audit.verify.intro')}</p>
      <button
        type="button"
        className="button-primary"
        aria-disabled={verify.isPending || undefined}
        onClick={() => {
          if (!verify.isPending) verify.mutate();
        }}
      >
        {t('audit.verify.button')}
      </button>
      <div role="status" className={result?.ok ? 'alert alert-success' : 'visually-empty'}>
        {verify.isPending
          ? t('audit.verify.pending')
          : result?.ok
            ? t('audit.verify.ok', { count: result.checked })
            : null}
      </div>
      <div role="alert" className={verify.isError || (result && !result.ok) ? 'alert alert-error' : 'visually-empty'}>
        {verify.isError ? verify.error.message : null}
        {result && !result.ok ? (
          result.firstBroken ? (
            <p>
              {t('audit.verify.broken', {
                seq: eventNumber(result.firstBroken),
                reason: result.firstBroken.reason,
                count: result.checked,
              })}{' '}
              <code className="id">{result.firstBroken.id}</code>
            </p>
          ) : (
            <p>{t('audit.verify.brokenUnknown', { count: result.checked })}</p>
          )
        ) : null}
      </div>
    </section>
  );
}

/** The labelled event types of the catalogue, grouped by resource (`complaint` -> its events). */
function eventCatalogue(): Record<string, Record<string, string>> {
  const bundle = i18n.getResourceBundle(currentLanguage(), 'backoffice') as { auditEvent?: Record<string, Record<string, string>> } | undefined;
  return bundle?.auditEvent ?? {};
}
