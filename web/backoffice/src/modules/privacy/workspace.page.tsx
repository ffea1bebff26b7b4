import { Anchor, Button, SegmentedControl, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { breachKeys, findBreaches } from '../breaches/api.ts';
import { AuthorityClock, useNow } from '../breaches/clock.tsx';
import { findRuns, registerKeys } from '../register/api.ts';
import { findRates, findRequests, privacyKeys, type RequestFilter } from './api.ts';
import { DsrDue, DsrStatusBadge, requestOutcome } from './dsr-labels.tsx';

const FILTERS: readonly RequestFilter[] = ['open', 'closed', 'all'];

/**
 * DPO workspace and dashboard (/app/privacy): requests (open ones by deadline, overdue first; the
 * history of fulfilled and refused ones with the DPO's note), consent rates by purpose, open
 * breaches with their 72-hour clock, and the latest retention runs. Each panel shows only to
 * those whose permissions let them read it.
 */
export function PrivacyWorkspacePage() {
  const { t } = useTranslation('privacy');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('status');
  const filter: RequestFilter = FILTERS.find((f) => f === wanted) ?? 'open';
  const requests = useQuery({ queryKey: privacyKeys.list(filter), queryFn: () => findRequests(filter) });
  const rates = useQuery({ queryKey: privacyKeys.rates, queryFn: findRates });
  const lang = currentLanguage();
  if (isApiError(requests.error, 403)) return <ForbiddenPage message={requests.error.message} />;
  const setFilter = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === 'open') next.delete('status');
    else next.set('status', value);
    setParams(next, { replace: true });
  };
  return (
    <Page title={t('bo.workspace.title')}>
      <Panel
        id="requests-title"
        title={t('bo.workspace.requestsTitle')}
        actions={
          me.permissions.includes('dsr:create') ? (
            <Button component={Link} to="/privacy/requests/new" variant="light">
              {t('bo.newRequest.link')}
            </Button>
          ) : null
        }
      >
        <Text id="request-filter-label" size="sm" fw={600} mb={4}>
          {t('bo.workspace.filterLabel')}
        </Text>
        <SegmentedControl
          aria-labelledby="request-filter-label"
          mb="sm"
          value={filter}
          onChange={setFilter}
          data={FILTERS.map((f) => ({ value: f, label: t(`bo.workspace.filter.${f}`) }))}
        />
        {requests.isPending ? (
          <Loading />
        ) : requests.isError ? (
          <LoadError error={requests.error} onRetry={() => void requests.refetch()} />
        ) : (
          <DataTable
            caption={t(`bo.workspace.caption.${filter}`, { count: requests.data.length })}
            showCaption
            rows={requests.data}
            rowKey={(r) => r.id}
            rowHref={(r) => `/privacy/requests/${r.id}`}
            empty={<EmptyState title={t(`bo.workspace.empty.${filter}`)} />}
            columns={[
              { key: 'type', header: t('bo.columns.type'), cell: (r) => t(`dsrType.${r.type}`), nowrap: true },
              { key: 'status', header: t('bo.columns.status'), cell: (r) => <DsrStatusBadge status={r.status} overdue={r.overdue} /> },
              {
                key: 'received',
                header: t('bo.columns.received'),
                cell: (r) => formatDateTime(r.receivedAt, lang),
                sortValue: (r) => r.receivedAt,
                nowrap: true,
              },
              { key: 'due', header: t('bo.columns.due'), cell: (r) => <DsrDue request={r} />, sortValue: (r) => r.dueDate, nowrap: true },
              { key: 'channel', header: t('bo.columns.channel'), cell: (r) => t(`bo.channel.${r.channel}`) },
              { key: 'outcome', header: t('bo.columns.outcome'), cell: (r) => requestOutcome(t, r) ?? '—' },
            ]}
          />
        )}
      </Panel>
      <Panel id="rates-title" title={t('bo.workspace.ratesTitle')}>
        {rates.isPending ? (
          <Loading />
        ) : rates.isError ? (
          <LoadError error={rates.error} onRetry={() => void rates.refetch()} />
        ) : (
          <RatesTable rates={rates.data} />
        )}
        <Anchor component={Link} to="/privacy/purposes" size="sm" mt="xs" display="inline-block">
          {t('bo.workspace.purposesLink')}
        </Anchor>
      </Panel>
      {me.permissions.includes('breach:read') ? <OpenBreachesPanel /> : null}
      {me.permissions.includes('retention:read') ? <RetentionRunsPanel /> : null}
    </Page>
  );
}

function RatesTable({ rates }: { rates: Awaited<ReturnType<typeof findRates>> }) {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'percent', maximumFractionDigits: 1 });
  return (
    <DataTable
      caption={t('bo.workspace.ratesCaption')}
      rows={rates}
      rowKey={(r) => r.purposeId}
      empty={<EmptyState title={t('bo.purposes.none')} />}
      columns={[
        { key: 'purpose', header: t('bo.columns.purpose'), cell: (r) => <code>{r.key}</code>, sortValue: (r) => r.key },
        { key: 'given', header: t('kind.given'), cell: (r) => r.given, sortValue: (r) => r.given, align: 'end' },
        { key: 'withdrawn', header: t('kind.withdrawn'), cell: (r) => r.withdrawn, sortValue: (r) => r.withdrawn, align: 'end' },
        { key: 'refused', header: t('kind.refused'), cell: (r) => r.refused, sortValue: (r) => r.refused, align: 'end' },
        {
          key: 'rate',
          header: t('bo.columns.rate'),
          cell: (r) => (r.rate === null ? '—' : percent.format(r.rate)),
          sortValue: (r) => r.rate,
          align: 'end',
        },
      ]}
    />
  );
}

/** Open breaches, most urgent first, each with its clock to notify the authority (GDPR Art. 33(1)). */
function OpenBreachesPanel() {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const now = useNow();
  const breaches = useQuery({ queryKey: breachKeys.list('open'), queryFn: () => findBreaches('open') });
  return (
    <Panel id="breaches-title" title={t('bo.workspace.breachesTitle')}>
      {breaches.isPending ? (
        <Loading />
      ) : breaches.isError ? (
        <LoadError error={breaches.error} onRetry={() => void breaches.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.workspace.breachesCaption', { count: breaches.data.length })}
          rows={breaches.data}
          rowKey={(b) => b.id}
          rowHref={(b) => `/breaches/${b.id}`}
          empty={<EmptyState title={t('bo.workspace.noBreaches')} />}
          columns={[
            { key: 'breach', header: t('bo.workspace.breachColumn'), cell: (b) => `${b.reference} — ${b.title}` },
            { key: 'aware', header: t('bo.workspace.awareColumn'), cell: (b) => formatDateTime(b.awareAt, lang), nowrap: true },
            { key: 'clock', header: t('bo.workspace.clockColumn'), cell: (b) => <AuthorityClock breach={b} now={now} /> },
          ]}
        />
      )}
      <Anchor component={Link} to="/breaches" size="sm" mt="xs" display="inline-block">
        {t('bo.workspace.breachesLink')}
      </Anchor>
    </Panel>
  );
}

/** The five latest retention runs (GDPR Art. 5(1)(e)): what was purged, what a hold kept. */
function RetentionRunsPanel() {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const runs = useQuery({ queryKey: registerKeys.runs, queryFn: findRuns });
  const latest = runs.data?.slice(0, 5) ?? [];
  return (
    <Panel id="retention-title" title={t('bo.workspace.retentionTitle')}>
      {runs.isPending ? (
        <Loading />
      ) : runs.isError ? (
        <LoadError error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.workspace.runsCaption')}
          rows={latest}
          rowKey={(run) => run.id}
          empty={<EmptyState title={t('bo.workspace.noRuns')} />}
          columns={[
            {
              key: 'run',
              header: t('bo.workspace.runColumn'),
              cell: (run) => `${formatDateTime(run.startedAt, lang)} (${t(`bo.workspace.trigger.${run.trigger}`)})`,
            },
            { key: 'outcome', header: t('bo.workspace.outcomeColumn'), cell: (run) => t(`bo.workspace.runStatus.${run.status}`) },
            { key: 'purged', header: t('bo.workspace.purgedColumn'), cell: (run) => run.purged, align: 'end' },
            { key: 'held', header: t('bo.workspace.heldColumn'), cell: (run) => run.held, align: 'end' },
          ]}
        />
      )}
      <Anchor component={Link} to="/retention/runs" size="sm" mt="xs" display="inline-block">
        {t('bo.workspace.runsLink')}
      </Anchor>
    </Panel>
  );
}
