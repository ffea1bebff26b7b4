import type { TFunction } from 'i18next';
import { Alert, Button, Code, Group, NativeSelect, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findAuditEvents, isApiError, verifyAuditChain, type AuditEventDto, type Outcome } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { Facts, Panel } from '../components/panel.tsx';
import { Page } from '../components/page.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { formatDateTime, shortHash } from '../format.ts';
import { currentLanguage, i18n } from '../i18n.ts';
import { queryKeys, useMe } from '../session.ts';
import { ForbiddenPage } from './errors.page.tsx';

/** An event's number as chain-rank: each organisation's trail is kept in several chains (ADR 0003). */
const eventNumber = (event: { shard?: number; seq: number }) =>
  event.shard === undefined ? String(event.seq) : `${event.shard}-${event.seq}`;

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
      <Text mb="md" maw="48rem">
        {t('audit.intro')}
      </Text>

      {/* Verifying is a separate permission from reading (auditors may only read). */}
      {me.permissions.includes('audit_log:verify') ? <VerifyChain /> : null}

      <Panel id="audit-events-title" title={t('audit.eventsTitle')}>
        <form onSubmit={onFilter} role="search" aria-label={t('audit.filtersLabel')}>
          <Group align="flex-end" gap="md" wrap="wrap" mb="sm">
            <NativeSelect
              id="audit-type"
              label={t('audit.filters.type')}
              description={t('audit.filters.typeHint')}
              value={draft.type}
              onChange={(event) => setDraft({ ...draft, type: event.currentTarget.value })}
              miw="16rem"
              data={[
                { value: '', label: t('audit.filters.anyType') },
                ...Object.entries(eventCatalogue()).map(([resource, events]) => ({
                  group: t(`auditEventGroup.${resource}`),
                  items: [
                    { value: `${resource}.`, label: t('audit.filters.everyOf', { group: t(`auditEventGroup.${resource}`) }) },
                    ...Object.keys(events).map((e) => ({ value: `${resource}.${e}`, label: t(`auditEvent.${resource}.${e}`) })),
                  ],
                })),
              ]}
            />
            <NativeSelect
              id="audit-outcome"
              label={t('audit.filters.outcome')}
              value={draft.outcome}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setDraft({ ...draft, outcome: value === 'success' || value === 'denied' ? value : '' });
              }}
              data={[
                { value: '', label: t('audit.filters.anyOutcome') },
                { value: 'success', label: t('audit.outcome.success') },
                { value: 'denied', label: t('audit.outcome.denied') },
              ]}
            />
            <Group gap="xs">
              <Button type="submit">{t('audit.filters.apply')}</Button>
              <Button variant="default" onClick={onReset}>
                {t('audit.filters.reset')}
              </Button>
            </Group>
          </Group>
        </form>

        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <>
            <Text role="status" size="sm" c="dimmed" mb="xs">
              {query.isFetching ? t('status.loading') : t('audit.pageStatus', { page: pageNumber, count: query.data.items.length })}
            </Text>
            {query.data.items.length === 0 ? (
              <EmptyState title={t('audit.empty')} />
            ) : (
              <AuditTable events={query.data.items} page={pageNumber} />
            )}
            <Group component="nav" aria-label={t('audit.pagination')} gap="xs" mt="sm">
              <Button
                variant="default"
                disabled={cursors.length <= 1}
                onClick={() => {
                  if (cursors.length > 1) setCursors(cursors.slice(0, -1));
                }}
              >
                <span aria-hidden="true">← </span>
                {t('audit.newer')}
              </Button>
              <Button
                variant="default"
                disabled={nextBefore === null}
                onClick={() => {
                  if (nextBefore !== null) setCursors([...cursors, nextBefore]);
                }}
              >
                {t('audit.older')}
                <span aria-hidden="true"> →</span>
              </Button>
            </Group>
          </>
        )}
      </Panel>
    </Page>
  );
}

function actorText(t: TFunction, event: AuditEventDto): string {
  const kind = t(`audit.actorType.${event.actorType}`, { defaultValue: event.actorType });
  const who = event.actorLabel ?? event.actorId;
  return who ? `${kind} · ${who}` : kind;
}

/** A record type ("complaint") in words, from the same catalogue as the event groups. */
function targetTypeLabel(t: TFunction, type: string): string {
  return t(`resources.${type}`, { defaultValue: t(`auditEventGroup.${type}`, { defaultValue: type }) });
}

function AuditTable({ events, page }: { events: AuditEventDto[]; page: number }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <DataTable
      caption={t('audit.tableCaption', { page })}
      rows={events}
      rowKey={(event) => event.id}
      pageSize={PAGE_SIZE}
      columns={[
        { key: 'seq', header: t('audit.columns.seq'), cell: (event) => eventNumber(event), nowrap: true },
        {
          key: 'time',
          header: t('audit.columns.time'),
          cell: (event) => <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, lang)}</time>,
          nowrap: true,
        },
        { key: 'type', header: t('audit.columns.type'), cell: (event) => t(`auditEvent.${event.type}`, { defaultValue: event.type }) },
        { key: 'actor', header: t('audit.columns.actor'), cell: (event) => actorText(t, event) },
        {
          key: 'target',
          header: t('audit.columns.target'),
          cell: (event) =>
            event.targetType ? (
              <>
                {targetTypeLabel(t, event.targetType)}
                {event.targetLabel ? ` · ${event.targetLabel}` : null}
                {event.targetId ? (
                  <Text span size="xs" c="dimmed" ff="monospace" title={event.targetId}>
                    {' '}
                    {shortHash(event.targetId)}
                  </Text>
                ) : null}
              </>
            ) : (
              <Text span size="sm" c="dimmed">
                {t('audit.none')}
              </Text>
            ),
        },
        {
          key: 'outcome',
          header: t('audit.columns.outcome'),
          // Icon and word, so the outcome is not conveyed by colour alone (WCAG 1.4.1).
          cell: (event) => (
            <StatusBadge tone={event.outcome === 'success' ? 'success' : 'danger'}>
              <span aria-hidden="true">{event.outcome === 'success' ? '✓ ' : '✕ '}</span>
              {t(`audit.outcome.${event.outcome}`)}
            </StatusBadge>
          ),
        },
        {
          key: 'details',
          header: t('audit.columns.details'),
          cell: (event) => (
            <details className="cf-details">
              <summary>
                {t('audit.details')}
                <span className="visually-hidden"> {t('audit.eventNumber', { seq: eventNumber(event) })}</span>
              </summary>
              <Facts
                columns={1}
                items={[
                  { label: t('audit.payload'), value: <Code block>{JSON.stringify(event.payload, null, 2)}</Code> },
                  { label: t('audit.columns.requestId'), value: <Code>{event.requestId ?? t('audit.none')}</Code> },
                  { label: t('audit.hash'), value: <Code title={event.hash}>{shortHash(event.hash)}</Code> },
                  { label: t('audit.eventId'), value: <Code>{event.id}</Code> },
                ]}
              />
            </details>
          ),
        },
      ]}
    />
  );
}

function VerifyChain() {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: verifyAuditChain });
  const result = verify.data;
  return (
    <Panel id="verify-title" title={t('audit.verify.title')}>
      <Text size="sm" mb="sm">
        {t('audit.verify.intro')}
      </Text>
      <Button
        loading={verify.isPending}
        onClick={() => {
          if (!verify.isPending) verify.mutate();
        }}
      >
        {t('audit.verify.button')}
      </Button>
      <div role="status">
        {verify.isPending ? (
          <Text mt="sm">{t('audit.verify.pending')}</Text>
        ) : result?.ok ? (
          <Alert color="green" mt="sm">
            {t('audit.verify.ok', { count: result.checked })}
          </Alert>
        ) : null}
      </div>
      <div role="alert">
        {verify.isError || (result && !result.ok) ? (
          <Alert color="red" mt="sm">
            {verify.isError ? verify.error.message : null}
            {result && !result.ok ? (
              result.firstBroken ? (
                <>
                  {t('audit.verify.broken', {
                    seq: eventNumber(result.firstBroken),
                    reason: result.firstBroken.reason,
                    count: result.checked,
                  })}{' '}
                  <Code>{result.firstBroken.id}</Code>
                </>
              ) : (
                t('audit.verify.brokenUnknown', { count: result.checked })
              )
            ) : null}
          </Alert>
        ) : null}
      </div>
    </Panel>
  );
}

/** The labelled event types of the catalogue, grouped by resource (`complaint` -> its events). */
function eventCatalogue(): Record<string, Record<string, string>> {
  const bundle = i18n.getResourceBundle(currentLanguage(), 'backoffice') as
    { auditEvent?: Record<string, Record<string, string>> } | undefined;
  return bundle?.auditEvent ?? {};
}
