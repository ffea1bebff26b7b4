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
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { campaignKeys, findCampaigns, type CampaignSummaryDto } from './campaigns.api.ts';

/** The campaigns (/app/contact/campaigns): audience, send time, latest scrub, whether it may go out. */
export function CampaignsPage() {
  const { t } = useTranslation('contact');
  const me = useMe();
  const dates = dateFormatter(currentLanguage());
  const query = useQuery({ queryKey: campaignKeys.list, queryFn: findCampaigns });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  return (
    <Page title={t('bo.campaigns.title')}>
      <Text mb="md" maw="48rem">
        {t('bo.campaigns.intro')}
      </Text>
      {me.permissions.includes('campaign:manage') ? (
        <Group mb="md">
          <Button component={Link} to="/contact/campaigns/new">
            {t('bo.campaigns.new')}
          </Button>
        </Group>
      ) : null}
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.campaigns.caption', { count: query.data.length })}
          rows={query.data}
          rowKey={(c) => c.id}
          empty={<EmptyState title={t('bo.campaigns.empty')} />}
          columns={[
            {
              key: 'name',
              header: t('bo.campaigns.fields.name'),
              cell: (c) => (
                <Anchor component={Link} to={`/contact/campaigns/${c.id}`}>
                  {c.name}
                </Anchor>
              ),
              sortValue: (c) => c.name,
            },
            { key: 'channel', header: t('bo.form.channel'), cell: (c) => t(`bo.channel.${c.channel}`), sortValue: (c) => c.channel },
            {
              key: 'scheduledAt',
              header: t('bo.campaigns.fields.scheduledAt'),
              cell: (c) => dates.dateTime(c.scheduledAt),
              sortValue: (c) => c.scheduledAt,
              nowrap: true,
            },
            {
              key: 'recipients',
              header: t('bo.campaigns.fields.recipients'),
              cell: (c) => c.recipients,
              sortValue: (c) => c.recipients,
              align: 'end',
            },
            {
              key: 'allowed',
              header: t('bo.campaigns.fields.allowed'),
              cell: (c) => (c.latestScrub ? c.latestScrub.allowed : '—'),
              sortValue: (c) => c.latestScrub?.allowed,
              align: 'end',
            },
            { key: 'state', header: t('bo.campaigns.fields.state'), cell: (c) => <CampaignState campaign={c} /> },
          ]}
        />
      )}
    </Page>
  );
}

/** Ready to send, or the first thing that blocks it. */
export function CampaignState({ campaign }: { campaign: Pick<CampaignSummaryDto, 'blocks'> }) {
  const { t } = useTranslation('contact');
  const [block] = campaign.blocks;
  if (!block) return <StatusBadge tone="success">{t('bo.campaigns.state.ready')}</StatusBadge>;
  return <StatusBadge tone={block === 'message_not_approved' ? 'danger' : 'info'}>{t(`bo.campaigns.state.${block}`)}</StatusBadge>;
}
