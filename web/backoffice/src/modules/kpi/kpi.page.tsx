import { Alert, Anchor, Button, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { Chart } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Figure } from '../../components/figure.tsx';
import { Page } from '../../components/page.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter, formatDateTime, roleLabel, permissionLabel } from '../../format.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { findKpiRecords, getKpi, kpiKeys, type KpiDetailDto, type PeriodInput } from './api.ts';
import { changeOf, factText, formatKpiValue, monthLabel, STATUS_TONE } from './format.ts';
import { PeriodForm, usePeriod } from './period.tsx';
import { Objectives } from './objectives.tsx';

type Detail = KpiDetailDto['kpi'];

/** The records behind the figure (or one breakdown value), for a viewer allowed to read them. */
function Records({
  kpi,
  period,
  dimension,
  onDimension,
}: {
  kpi: Detail;
  period: { from: string; to: string };
  dimension: string | null;
  onDimension: (d: string | null) => void;
}) {
  const { t, i18n } = useTranslation('kpi');
  const { t: tb } = useTranslation();
  const query = useQuery({
    queryKey: kpiKeys.records(kpi.key, period, dimension),
    queryFn: () => findKpiRecords(kpi.key, period, dimension),
  });
  // The server names coded facts in the page's language (`labels`); dates, numbers and yes/no are written here.
  const colon = t('common.colon', { ns: 'backoffice' });
  const facts = (values: Record<string, string | number | boolean | null>, labels: Record<string, string>) =>
    Object.entries(values)
      .filter(([, v]) => v !== null)
      .map(
        ([k, v]) =>
          `${t(`facts.${k}`, { defaultValue: k })}${colon}${labels[k] ?? factText(v as string | number | boolean, i18n.language, t)}`,
      )
      .join(' · ');
  if (!kpi.abilities.drill) {
    return <Alert color="gray">{t('records.denied', { permission: permissionLabel(tb, kpi.drillPermission ?? '') })}</Alert>;
  }
  return (
    <Stack gap="xs">
      {kpi.breakdown.length > 0 ? (
        <Group gap="xs">
          <Text size="sm">
            {t('records.dimension')}
            {colon.trimEnd()}
          </Text>
          <Button
            size="compact-sm"
            variant={dimension === null ? 'filled' : 'default'}
            onClick={() => onDimension(null)}
            aria-pressed={dimension === null}
          >
            {t('records.all')}
          </Button>
          {dimension !== null ? (
            <Button size="compact-sm" variant="filled" aria-pressed>
              {kpi.breakdown.find((row) => row.dimension === dimension)?.label ?? dimension}
            </Button>
          ) : null}
        </Group>
      ) : null}
      {query.isPending ? <Loading /> : null}
      {query.isError ? (
        isApiError(query.error, 403) ? (
          <Alert color="gray">{query.error.message}</Alert>
        ) : (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        )
      ) : null}
      {query.data ? (
        <>
          <DataTable
            caption={t('records.title')}
            columns={[
              { key: 'reference', header: t('records.reference'), cell: (r) => r.reference, sortValue: (r) => r.reference, nowrap: true },
              {
                key: 'at',
                header: t('records.at'),
                cell: (r) => formatDateTime(r.at, i18n.language),
                sortValue: (r) => r.at,
                nowrap: true,
              },
              { key: 'facts', header: t('records.facts'), cell: (r) => facts(r.facts, r.labels) },
            ]}
            rows={query.data.items}
            rowKey={(r) => r.id}
            {...(query.data.items.some((r) => r.path)
              ? { rowHref: (r: (typeof query.data.items)[number]) => (r.path ?? '').replace(/^\/app/, '') }
              : {})}
            pageSize={25}
            empty={<EmptyState title={t('records.empty')} />}
          />
          {query.data.items.length >= query.data.limit ? (
            <Text size="sm" c="dimmed">
              {t('records.limit', { limit: query.data.limit })}
            </Text>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}

function Definition({ kpi }: { kpi: Detail }) {
  const { t, i18n } = useTranslation('kpi');
  const { t: tb } = useTranslation();
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-labelledby="kpi-definition">
      <Title order={2} size="h3" id="kpi-definition" mb="sm">
        {t('definition.title')}
      </Title>
      <dl>
        <Text component="dt" fw={600}>
          {t('definition.formula')}
        </Text>
        <Text component="dd" mb="xs">
          {kpi.formula}
        </Text>
        <Text component="dt" fw={600}>
          {t('definition.records')}
        </Text>
        <Text component="dd" mb="xs">
          {kpi.sources.length
            ? new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(kpi.sources.map((source) => source.label))
            : t('status.no_source')}
        </Text>
        <Text component="dt" fw={600}>
          {t('definition.unit')}
        </Text>
        <Text component="dd" mb="xs">
          {t(`unit.${kpi.unit}`)}
        </Text>
        <Text component="dt" fw={600}>
          {t('definition.aggregation')}
        </Text>
        <Text component="dd" mb="xs">
          {t(`definition.aggregationKind.${kpi.aggregation}`)}
        </Text>
        <Text component="dt" fw={600}>
          {t('definition.owner')}
        </Text>
        <Text component="dd" mb="xs">
          {roleLabel(tb, kpi.owner)}
        </Text>
        <Text component="dt" fw={600}>
          {t('definition.target')}
        </Text>
        <Text component="dd">
          {kpi.target
            ? t('target', {
                direction: t(`direction.${kpi.target.direction}`),
                value: formatKpiValue(kpi.target.value, kpi.unit, i18n.language, t),
              })
            : t('noTarget')}
        </Text>
      </dl>
    </Paper>
  );
}

/** One KPI (/app/kpis/:key): its definition, value against target and the period before, trend, breakdown and the records behind it. */
export function KpiPage() {
  const { key = '' } = useParams();
  const { t, i18n } = useTranslation('kpi');
  const lang = i18n.language;
  const [period, setPeriod] = usePeriod();
  const [dimension, setDimension] = useState<string | null>(null);
  const [showRecords, setShowRecords] = useState(false);
  const query = useQuery({ queryKey: kpiKeys.one(key, period), queryFn: () => getKpi(key, period) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404)) return <NotFoundPage />;
  const data = query.data;
  const kpi = data?.kpi;
  const date = dateFormatter(lang);
  const bucketLabel = (bucket: string) => (data?.granularity === 'month' ? monthLabel(bucket, lang) : date.date(bucket));
  const integers = kpi?.unit === 'count';
  const open = (d: string | null) => {
    setDimension(d);
    setShowRecords(true);
  };
  const back: PeriodInput = period;
  return (
    <Page title={kpi?.name ?? t('title')}>
      <Anchor
        component={Link}
        to={`/kpis${back.from || back.to ? `?${new URLSearchParams(Object.entries(back).filter(([, v]) => v) as [string, string][]).toString()}` : ''}`}
        size="sm"
        mb="sm"
        display="inline-block"
      >
        {t('back')}
      </Anchor>
      <PeriodForm
        key={`${period.from}-${period.to}-${data?.period.from}`}
        period={period}
        {...(data ? { shown: data.period } : {})}
        error={query.error}
        onChange={setPeriod}
      />
      {query.isPending ? <Loading /> : null}
      {query.isError && !isApiError(query.error, 400) ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {data && kpi ? (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Figure
              label={t('period.value', { from: date.date(data.period.from), to: date.date(data.period.to) })}
              value={kpi.status === 'no_source' ? t('status.no_source') : formatKpiValue(kpi.value, kpi.unit, lang, t)}
              {...(changeOf(kpi, lang, t) ? { trend: changeOf(kpi, lang, t)! } : {})}
            >
              <Group gap="xs" mt={4}>
                <StatusBadge tone={STATUS_TONE[kpi.status]}>{t(`status.${kpi.status}`)}</StatusBadge>
              </Group>
            </Figure>
            <Figure
              label={t('period.previous', { from: date.date(data.previousPeriod.from), to: date.date(data.previousPeriod.to) })}
              value={formatKpiValue(kpi.previous, kpi.unit, lang, t)}
            />
          </SimpleGrid>
          {kpi.status === 'no_source' ? (
            <Alert color="gray">{t('noSourceHint')}</Alert>
          ) : (
            <section aria-labelledby="kpi-trend">
              <Title order={2} size="h3" id="kpi-trend" mb="sm">
                {t('trend.title')}
              </Title>
              <Chart
                title={t('trend.caption', { name: kpi.name })}
                kind="line"
                integers={integers}
                categories={kpi.trend.map((p) => bucketLabel(p.bucket))}
                series={[
                  { name: kpi.name, values: kpi.trend.map((p) => (p.value === null ? null : Math.round(p.value * 10) / 10)) },
                  ...(kpi.target ? [{ name: t('trend.target'), values: kpi.trend.map(() => kpi.target!.value) }] : []),
                ]}
              />
            </section>
          )}
          {kpi.breakdownLabel ? (
            <section aria-labelledby="kpi-breakdown">
              <Title order={2} size="h3" id="kpi-breakdown" mb="sm">
                {t('breakdown.title')} — {kpi.breakdownLabel}
              </Title>
              <DataTable
                caption={`${t('breakdown.title')} — ${kpi.breakdownLabel}`}
                columns={[
                  { key: 'dimension', header: kpi.breakdownLabel, cell: (r) => r.label, sortValue: (r) => r.label },
                  {
                    key: 'value',
                    header: t('breakdown.value'),
                    cell: (r) => formatKpiValue(r.value, kpi.unit, lang, t),
                    sortValue: (r) => r.value,
                    align: 'end',
                  },
                  {
                    key: 'previous',
                    header: t('breakdown.previous'),
                    cell: (r) => formatKpiValue(r.previous, kpi.unit, lang, t),
                    sortValue: (r) => r.previous,
                    align: 'end',
                  },
                ]}
                rows={kpi.breakdown}
                rowKey={(r) => r.dimension}
                {...(kpi.abilities.drill
                  ? {
                      actions: (r: Detail['breakdown'][number]) => (
                        <Button size="compact-sm" variant="default" onClick={() => open(r.dimension)}>
                          {t('records.show')}
                          <span className="visually-hidden"> : {r.label}</span>
                        </Button>
                      ),
                    }
                  : {})}
                empty={<EmptyState title={t('breakdown.empty')} />}
              />
            </section>
          ) : null}
          {kpi.status !== 'no_source' ? (
            <section aria-labelledby="kpi-records">
              <Title order={2} size="h3" id="kpi-records" mb="sm">
                {t('records.title')}
              </Title>
              {showRecords || !kpi.abilities.drill ? (
                <Records kpi={kpi} period={data.period} dimension={dimension} onDimension={setDimension} />
              ) : (
                <Button variant="default" onClick={() => open(null)}>
                  {t('records.show')}
                </Button>
              )}
            </section>
          ) : null}
          <Definition kpi={kpi} />
          <Objectives kpi={kpi} />
          <List size="sm" c="dimmed">
            {data.refreshedAt ? (
              <List.Item>{t('period.refreshed', { at: formatDateTime(data.refreshedAt, lang) })}</List.Item>
            ) : (
              <List.Item>{t('period.notRefreshed')}</List.Item>
            )}
          </List>
        </Stack>
      ) : null}
    </Page>
  );
}
