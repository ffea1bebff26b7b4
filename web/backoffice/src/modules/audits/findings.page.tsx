import { Button, Group, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Select } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import {
  SEVERITIES,
  SOURCES,
  findFindings,
  findingKeys,
  runControls,
  type FindingFilter,
  type Severity,
  type Source,
  type StatusFilter,
} from './api.ts';
import { FindingStatusBadge, SeverityBadge } from './badges.tsx';

const STATUSES = ['open', 'closed', 'all'] as const satisfies readonly StatusFilter[];

/** Reads the filters from the address, so a filtered list can be bookmarked and shared. */
function useFilter(): [FindingFilter, (next: FindingFilter) => void] {
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status')) ?? 'open';
  const severity = SEVERITIES.find((s) => s === params.get('severity')) ?? '';
  const source = SOURCES.find((s) => s === params.get('source')) ?? '';
  const set = (next: FindingFilter) => {
    const out: Record<string, string> = {};
    if (next.status !== 'open') out.status = next.status;
    if (next.severity) out.severity = next.severity;
    if (next.source) out.source = next.source;
    setParams(out);
  };
  return [{ status, severity, source }, set];
}

/** Findings (/app/findings): what the controls and audits found, most severe first, with filters. */
export function FindingsPage() {
  const { t } = useTranslation('audits');
  const lang = currentLanguage();
  const me = useMe();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useFilter();
  const [done, setDone] = useState<string | null>(null);
  const query = useQuery({ queryKey: findingKeys.list(filter), queryFn: () => findFindings(filter) });
  const run = useMutation({
    mutationFn: runControls,
    onSuccess: (outcome) => {
      void queryClient.invalidateQueries({ queryKey: findingKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
      setDone(t('bo.ran', { opened: outcome.opened, closed: outcome.closed }));
    },
  });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const canManage = me.permissions.includes('finding:manage');
  return (
    <Page title={t('bo.title')}>
      <Text mb="sm" maw="48rem">
        {t('bo.intro')}
      </Text>
      <Group gap="sm" mb="md">
        <Text size="sm" c="dimmed">
          {query.data?.controlsRanAt
            ? t('bo.ranAt', { date: formatDateTime(query.data.controlsRanAt, lang) })
            : query.data
              ? t('bo.neverRan')
              : null}
        </Text>
        {canManage ? (
          <Button variant="default" onClick={() => run.mutate()} loading={run.isPending}>
            {t('bo.runNow')}
          </Button>
        ) : null}
      </Group>
      <DoneStatus message={done} />
      {run.isError ? <LoadError error={run.error} /> : null}
      <Panel title={t('bo.filters.label')} id="findings-title">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select<StatusFilter>
            id="filter-status"
            label={t('bo.filters.status')}
            value={filter.status}
            options={STATUSES}
            labelOf={(s) => t(`bo.statusFilter.${s}`)}
            onChange={(status) => setFilter({ ...filter, status })}
          />
          <Select<Severity | ''>
            id="filter-severity"
            label={t('bo.filters.severity')}
            value={filter.severity}
            options={['', ...SEVERITIES]}
            labelOf={(s) => (s ? t(`bo.severity.${s}`) : t('bo.filters.all'))}
            onChange={(severity) => setFilter({ ...filter, severity })}
          />
          <Select<Source | ''>
            id="filter-source"
            label={t('bo.filters.source')}
            value={filter.source}
            options={['', ...SOURCES]}
            labelOf={(s) => (s ? t(`bo.source.${s}`) : t('bo.filters.all'))}
            onChange={(source) => setFilter({ ...filter, source })}
          />
        </SimpleGrid>
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <DataTable
            caption={t('bo.title')}
            rows={query.data.items}
            rowKey={(f) => f.id}
            rowHref={(f) => `/findings/${f.id}`}
            stickyFirstColumn
            empty={<EmptyState title={t('bo.empty')} />}
            columns={[
              {
                key: 'reference',
                header: t('bo.columns.reference'),
                cell: (f) => f.reference,
                sortValue: (f) => f.reference,
                nowrap: true,
              },
              { key: 'title', header: t('bo.columns.title'), cell: (f) => f.title, sortValue: (f) => f.title },
              {
                key: 'severity',
                header: t('bo.columns.severity'),
                cell: (f) => <SeverityBadge severity={f.severity} />,
                sortValue: (f) => SEVERITIES.indexOf(f.severity),
              },
              { key: 'source', header: t('bo.columns.source'), cell: (f) => t(`bo.source.${f.source}`), sortValue: (f) => f.source },
              {
                key: 'status',
                header: t('bo.columns.status'),
                cell: (f) => <FindingStatusBadge status={f.status} />,
                sortValue: (f) => f.status,
              },
              {
                key: 'openedAt',
                header: t('bo.columns.openedAt'),
                cell: (f) => formatDateTime(f.openedAt, lang),
                sortValue: (f) => new Date(f.openedAt),
                nowrap: true,
              },
            ]}
          />
        )}
      </Panel>
    </Page>
  );
}
