import { Anchor, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Page } from '../../components/page.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter, formatAmount } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { findOffers, offerKeys, type OfferSummaryDto } from './api.ts';

/** The organisation's offers (/app/offers): price in force, versions, announced change, public page. */
export function OffersPage() {
  const { t } = useTranslation('offers');
  const lang = currentLanguage();
  const me = useMe();
  const query = useQuery({ queryKey: offerKeys.list, queryFn: findOffers });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const canManage = me.permissions.includes('transparency:manage');
  const name = (o: OfferSummaryDto) => (o.current ? (lang === 'en' && o.current.name.en ? o.current.name.en : o.current.name.fr) : o.slug);
  const dates = dateFormatter(lang);
  return (
    <Page title={t('bo.list.title')}>
      <Text mb="md" maw="48rem">
        {t('bo.list.intro')}
      </Text>
      {canManage ? (
        <Group mb="md">
          <Button component={Link} to="/offers/new">
            {t('bo.list.new')}
          </Button>
        </Group>
      ) : null}
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.list.caption', { count: query.data.length })}
          rows={query.data}
          rowKey={(o) => o.id}
          empty={<EmptyState title={t('bo.list.empty')} />}
          columns={[
            {
              key: 'name',
              header: t('bo.fields.name'),
              cell: (o) => (
                <Anchor component={Link} to={`/offers/${o.id}`}>
                  {name(o)}
                </Anchor>
              ),
              sortValue: name,
            },
            { key: 'sector', header: t('bo.fields.sector'), cell: (o) => t(`bo.sector.${o.sector}`), sortValue: (o) => o.sector },
            {
              key: 'price',
              header: t('bo.fields.price'),
              cell: (o) =>
                o.current ? t(`portal.per.${o.current.pricePeriod}`, { price: formatAmount(o.current.priceCents, lang, o.currency) }) : '—',
              sortValue: (o) => o.current?.priceCents,
              align: 'end',
              nowrap: true,
            },
            { key: 'versions', header: t('bo.fields.versions'), cell: (o) => o.versions, sortValue: (o) => o.versions, align: 'end' },
            {
              key: 'upcoming',
              header: t('bo.fields.upcoming'),
              cell: (o) =>
                o.upcoming ? (
                  <StatusBadge tone="warning">{t('bo.list.upcoming', { date: dates.date(o.upcoming.validFrom) })}</StatusBadge>
                ) : (
                  '—'
                ),
            },
            {
              key: 'public',
              header: t('bo.fields.publicPage'),
              cell: (o) => (
                <Anchor href={o.publicPath} target="_blank" rel="noopener">
                  {t('bo.list.publicLink')}
                </Anchor>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}
