import { Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { RadioGroup } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { REGISTER_CSV_URL, breachKeys, findBreaches } from './api.ts';
import { AuthorityClock, useNow } from './clock.tsx';

/** The breach register (/app/breaches): every breach with its 72-hour clock, CSV export, new breach. */
export function BreachesPage() {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const me = useMe();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'all' ? 'all' : 'open';
  const query = useQuery({ queryKey: breachKeys.list(status), queryFn: () => findBreaches(status), refetchInterval: 60_000 });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const canManage = me.permissions.includes('breach:manage');
  return (
    <Page title={t('bo.list.title')}>
      <Text mb="sm" maw="48rem">
        {t('bo.list.intro')}
      </Text>
      <Group gap="sm" mb="md">
        {canManage ? (
          <Button component={Link} to="/breaches/new">
            {t('bo.list.new')}
          </Button>
        ) : null}
        <Button component="a" variant="default" href={REGISTER_CSV_URL} download>
          {t('bo.list.csv')}
        </Button>
      </Group>
      <Panel title={t('bo.list.registerTitle')} id="register-title">
        <RadioGroup
          id="show"
          inline
          legend={t('bo.list.show')}
          options={(['open', 'all'] as const).map((s) => ({ value: s, label: t(`bo.list.filter.${s}`) }))}
          value={status}
          onChange={(s) => setParams(s === 'all' ? { status: 'all' } : {})}
        />
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <DataTable
            caption={t('bo.list.caption', { count: query.data.length })}
            rows={query.data}
            rowKey={(b) => b.id}
            rowHref={(b) => `/breaches/${b.id}`}
            stickyFirstColumn
            empty={<EmptyState title={t('bo.list.empty')} />}
            columns={[
              { key: 'reference', header: t('fields.reference'), cell: (b) => b.reference, sortValue: (b) => b.reference, nowrap: true },
              { key: 'title', header: t('fields.title'), cell: (b) => b.title, sortValue: (b) => b.title },
              {
                key: 'awareAt',
                header: t('fields.awareAt'),
                cell: (b) => formatDateTime(b.awareAt, lang),
                sortValue: (b) => new Date(b.awareAt),
              },
              {
                key: 'clock',
                header: t('bo.list.clock'),
                cell: (b) => <AuthorityClock breach={b} now={now} />,
                sortValue: (b) => new Date(b.authorityClock.dueAt),
              },
              { key: 'risk', header: t('fields.risk'), cell: (b) => t(`risk.${b.risk}`), sortValue: (b) => t(`risk.${b.risk}`) },
              {
                key: 'status',
                header: t('fields.status'),
                cell: (b) => t(`status.${b.status}`),
                sortValue: (b) => t(`status.${b.status}`),
              },
              { key: 'subjects', header: t('fields.subjectsDecision'), cell: (b) => t(`subjectsDecision.${b.subjectsDecision}`) },
            ]}
          />
        )}
      </Panel>
    </Page>
  );
}
