import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { Figure } from '../../components/figure.tsx';
import { Page } from '../../components/page.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter, formatDateTime } from '../../format.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { csvUrl, findKpis, kpiKeys, type KpiSummaryDto, type PeriodInput } from './api.ts';
import { changeOf, formatKpiValue, STATUS_TONE } from './format.ts';
import { PeriodForm, usePeriod } from './period.tsx';

/** The link to a KPI's page, keeping the period. */
export function kpiPath(key: string, period: PeriodInput): string {
  const params = new URLSearchParams();
  if (period.from) params.set('from', period.from);
  if (period.to) params.set('to', period.to);
  const query = params.toString();
  return `/kpis/${encodeURIComponent(key)}${query ? `?${query}` : ''}`;
}

function KpiCard({ kpi, period }: { kpi: KpiSummaryDto; period: PeriodInput }) {
  const { t, i18n } = useTranslation('kpi');
  const lang = i18n.language;
  const trend = changeOf(kpi, lang, t);
  return (
    <Paper withBorder p="sm" radius="sm" component="article" aria-labelledby={`kpi-${kpi.key}`}>
      <Stack gap={6}>
        <Figure
          label={kpi.name}
          value={kpi.status === 'no_source' ? t('status.no_source') : formatKpiValue(kpi.value, kpi.unit, lang, t)}
          {...(trend ? { trend } : {})}
        >
          <Group gap="xs" mt={4}>
            <StatusBadge tone={STATUS_TONE[kpi.status]}>{t(`status.${kpi.status}`)}</StatusBadge>
            <Text size="sm" c="dimmed" component="span">
              {kpi.target
                ? t('target', {
                    direction: t(`direction.${kpi.target.direction}`),
                    value: formatKpiValue(kpi.target.value, kpi.unit, lang, t),
                  })
                : t('noTarget')}
            </Text>
          </Group>
        </Figure>
        <Anchor component={Link} to={kpiPath(kpi.key, period)} size="sm" id={`kpi-${kpi.key}`}>
          {t('open')}
          <span className="visually-hidden"> : {kpi.name}</span>
        </Anchor>
      </Stack>
    </Paper>
  );
}

/** The ethics KPI dashboard (/app/kpis): every KPI of the period against its target and the period before, by module. */
export function KpisPage() {
  const { t, i18n } = useTranslation('kpi');
  const [period, setPeriod] = usePeriod();
  const query = useQuery({ queryKey: kpiKeys.list(period), queryFn: () => findKpis(period), refetchInterval: 60_000 });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const data = query.data;
  const date = dateFormatter(i18n.language);
  const modules = data ? [...new Set(data.items.map((k) => k.module))] : [];
  return (
    <Page title={t('title')}>
      <Text mb="sm">{t('intro')}</Text>
      <PeriodForm
        key={`${period.from}-${period.to}-${data?.period.from}`}
        period={period}
        {...(data ? { shown: data.period } : {})}
        error={query.error}
        onChange={setPeriod}
      />
      {data ? (
        <Group justify="space-between" mb="md" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('period.previous', { from: date.date(data.previousPeriod.from), to: date.date(data.previousPeriod.to) })}
            {' · '}
            {data.refreshedAt ? t('period.refreshed', { at: formatDateTime(data.refreshedAt, i18n.language) }) : t('period.notRefreshed')}
          </Text>
          <Button component="a" href={csvUrl(data.period)} download variant="default">
            {t('export')}
          </Button>
        </Group>
      ) : null}
      {query.isPending ? <Loading /> : null}
      {query.isError && !isApiError(query.error, 400) ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {modules.map((module) => (
        <section key={module} aria-labelledby={`kpi-module-${module}`}>
          <Title order={2} id={`kpi-module-${module}`} size="h3" mt="lg" mb="sm">
            {t(`module.${module}`, { defaultValue: module })}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            {data?.items
              .filter((k) => k.module === module)
              .map((kpi) => (
                <KpiCard key={kpi.key} kpi={kpi} period={period} />
              ))}
          </SimpleGrid>
        </section>
      ))}
    </Page>
  );
}
