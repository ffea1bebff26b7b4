import { Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { findRegulatoryEvents, formatFine, formatDay, regulatoryKeys } from './api.ts';

/** The register of regulatory events (/app/regulatory), newest first. */
export function RegulatoryEventsPage() {
  const { t } = useTranslation('regulatory');
  const lang = currentLanguage();
  const me = useMe();
  const [params] = useSearchParams();
  // A report's figure links here with its period (?from=&to=): the events behind that figure.
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const period = day.test(from) && day.test(to) ? { from, to } : null;
  const query = useQuery({
    queryKey: period ? regulatoryKeys.period(period.from, period.to) : regulatoryKeys.list,
    queryFn: () => findRegulatoryEvents(period),
  });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  return (
    <Page title={t('bo.list.title')}>
      <Text mb="sm" maw="48rem">
        {t('bo.list.intro')}
      </Text>
      {period ? (
        <Text mb="sm" fw={600}>
          {t('bo.list.period', { from: formatDay(period.from, lang), to: formatDay(period.to, lang) })}{' '}
          <Link to="/regulatory">{t('bo.list.all')}</Link>
        </Text>
      ) : null}
      {me.permissions.includes('regulatory:manage') ? (
        <Group gap="sm" mb="md">
          <Button component={Link} to="/regulatory/new">
            {t('bo.list.new')}
          </Button>
        </Group>
      ) : null}
      <Panel title={t('bo.list.registerTitle')} id="register-title">
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <DataTable
            caption={t('bo.list.caption', { count: query.data.length })}
            rows={query.data}
            rowKey={(e) => e.id}
            rowHref={(e) => `/regulatory/${e.id}`}
            stickyFirstColumn
            empty={<EmptyState title={t('bo.list.empty')} />}
            columns={[
              { key: 'reference', header: t('fields.reference'), cell: (e) => e.reference, sortValue: (e) => e.reference, nowrap: true },
              { key: 'occurredOn', header: t('fields.occurredOn'), cell: (e) => formatDay(e.occurredOn, lang), sortValue: (e) => e.occurredOn },
              {
                key: 'authority',
                header: t('fields.authority'),
                cell: (e) => (e.authority === 'other' && e.authorityName ? e.authorityName : t(`authority.${e.authority}`)),
                sortValue: (e) => e.authority,
              },
              { key: 'kind', header: t('fields.kind'), cell: (e) => t(`kind.${e.kind}`), sortValue: (e) => t(`kind.${e.kind}`) },
              { key: 'area', header: t('fields.subjectArea'), cell: (e) => t(`subjectArea.${e.subjectArea}`), sortValue: (e) => e.subjectArea },
              { key: 'amount', header: t('fields.amount'), cell: (e) => (e.amount ? formatFine(e.amount, lang) : t('bo.none')), sortValue: (e) => e.amount?.cents ?? -1 },
              { key: 'status', header: t('fields.status'), cell: (e) => t(`status.${e.status}`), sortValue: (e) => e.status },
            ]}
          />
        )}
      </Panel>
    </Page>
  );
}
