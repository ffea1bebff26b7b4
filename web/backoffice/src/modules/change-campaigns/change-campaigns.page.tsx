import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Page } from '../../components/page.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { changeCampaignKeys, findChangeCampaigns } from './api.ts';

/** Change campaigns (/app/change-campaigns): each new offer version told to its customers, with the notices counted. */
export function ChangeCampaignsPage() {
  const { t } = useTranslation('change_campaigns');
  const language = currentLanguage();
  const dates = dateFormatter(language);
  const query = useQuery({ queryKey: changeCampaignKeys.list, queryFn: findChangeCampaigns });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const count = (key: 'planned' | 'sent' | 'refused' | 'moved' | 'terminated') => ({
    key,
    header: t(`bo.col.${key}`),
    cell: (c: { counts: Record<typeof key, number> }) => c.counts[key],
    sortValue: (c: { counts: Record<typeof key, number> }) => c.counts[key],
    align: 'end' as const,
  });
  return (
    <Page title={t('bo.title')}>
      <Text mb="md" maw="48rem">
        {t('bo.intro')}
      </Text>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.title')}
          rows={query.data}
          rowKey={(c) => c.id}
          empty={<EmptyState title={t('bo.none')} />}
          columns={[
            {
              key: 'offer',
              header: t('bo.col.offer'),
              cell: (c) => (
                <Anchor component={Link} to={`/change-campaigns/${c.id}`}>
                  {`${language === 'en' && c.offerName.en ? c.offerName.en : c.offerName.fr} · ${t(`bo.type.${c.messageType}`)}`}
                </Anchor>
              ),
              sortValue: (c) => c.offerName.fr,
            },
            { key: 'version', header: t('bo.col.version'), cell: (c) => c.toVersion, sortValue: (c) => c.toVersion, align: 'end' },
            {
              key: 'effective',
              header: t('bo.col.effective'),
              cell: (c) => dates.date(c.plannedEffectiveOn),
              sortValue: (c) => c.plannedEffectiveOn,
              nowrap: true,
            },
            { key: 'sendOn', header: t('bo.col.sendOn'), cell: (c) => dates.date(c.sendOn), sortValue: (c) => c.sendOn, nowrap: true },
            count('planned'),
            count('sent'),
            count('refused'),
            count('moved'),
            count('terminated'),
            {
              key: 'check',
              header: t('bo.col.check'),
              cell: (c) =>
                c.flagged ? (
                  <StatusBadge tone="danger">{t('bo.flagged')}</StatusBadge>
                ) : (
                  <StatusBadge tone="success">{t('bo.clean')}</StatusBadge>
                ),
              sortValue: (c) => (c.flagged ? 1 : 0),
            },
          ]}
        />
      )}
    </Page>
  );
}
