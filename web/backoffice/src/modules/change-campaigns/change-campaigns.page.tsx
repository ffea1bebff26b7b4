import { Text } from '@mantine/core';
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
  const count = (key: 'refused' | 'terminated') => ({
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
          // The campaign's page has every count and the notices; the list keeps what tells
          // campaigns apart, so it fits beside the menu at 1280 px (ten columns went under the edge).
          rowHref={(c) => `/change-campaigns/${c.id}`}
          empty={<EmptyState title={t('bo.none')} />}
          columns={[
            {
              key: 'offer',
              header: t('bo.col.offer'),
              cell: (c) => (
                <>
                  {`${language === 'en' && c.offerName.en ? c.offerName.en : c.offerName.fr} · ${t(`bo.type.${c.messageType}`)}`}
                  <Text span size="xs" c="dimmed" display="block" fw="normal">
                    {t('bo.col.versionOf', { version: c.toVersion })}
                  </Text>
                </>
              ),
              sortValue: (c) => c.offerName.fr,
            },
            {
              key: 'effective',
              header: t('bo.col.effective'),
              cell: (c) => dates.date(c.plannedEffectiveOn),
              sortValue: (c) => c.plannedEffectiveOn,
              nowrap: true,
            },
            { key: 'sendOn', header: t('bo.col.sendOn'), cell: (c) => dates.date(c.sendOn), sortValue: (c) => c.sendOn, nowrap: true },
            {
              key: 'sent',
              header: t('bo.col.sent'),
              cell: (c) => t('bo.col.sentOf', { sent: c.counts.sent, total: c.counts.sent + c.counts.planned }),
              sortValue: (c) => c.counts.sent,
              align: 'end',
              nowrap: true,
            },
            count('refused'),
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
