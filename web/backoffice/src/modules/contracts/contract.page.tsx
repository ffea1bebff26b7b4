import { Anchor, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { contractKeys, getContract } from './api.ts';
import { STATUS_TONE } from './labels.ts';

/** One contract (/app/contracts/:id): its terms and dates, and its history with the evidence of each message. */
export function ContractPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('contracts');
  const lang = currentLanguage();
  const query = useQuery({ queryKey: contractKeys.one(id), queryFn: () => getContract(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404)) return <NotFoundPage />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const dates = dateFormatter(lang);
  const day = (value: string | null) => (value ? dates.date(value) : '—');
  const offerName = lang === 'en' && c.offerName.en ? c.offerName.en : c.offerName.fr;
  return (
    <Page title={t('bo.detail.title', { reference: c.reference })}>
      <Group gap="md" mb="sm">
        <Anchor component={Link} to={`/contracts?customer=${c.customerId}`} size="sm">
          {t('bo.detail.backToList')}
        </Anchor>
      </Group>
      <Panel title={<StatusBadge tone={STATUS_TONE[c.status]}>{t(`bo.status.${c.status}`)}</StatusBadge>}>
        <Facts
          items={[
            { label: t('bo.detail.holder'), value: c.customerName ?? '—' },
            { label: t('bo.detail.email'), value: c.email ?? '—' },
            { label: t('bo.detail.offer'), value: `${offerName} (v${c.offerVersion})` },
            { label: t('bo.detail.sector'), value: t(`bo.sector.${c.sector}`) },
            { label: t('bo.col.channel'), value: t(`bo.channel.${c.channel}`) },
            { label: t('bo.detail.kind'), value: t(`bo.kind.${c.kind}`) },
            { label: t('bo.col.concludedOn'), value: day(c.concludedOn) },
            { label: t('bo.detail.startOn'), value: day(c.startOn) },
            { label: t('bo.detail.commitmentEndOn'), value: day(c.commitmentEndOn) },
            { label: t('bo.col.renewal'), value: t(`bo.renewalKind.${c.renewal}`) },
            { label: t('bo.detail.renewalOn'), value: day(c.renewalOn), hidden: c.renewalOn === null },
            { label: t('bo.detail.lastDayToRefuseOn'), value: day(c.lastDayToRefuseOn), hidden: c.lastDayToRefuseOn === null },
            { label: t('bo.detail.reminderSentOn'), value: day(c.reminderSentOn), hidden: c.reminderSentOn === null },
            { label: t('bo.detail.terminateAnyTimeFrom'), value: day(c.terminateAnyTimeFrom), hidden: c.terminateAnyTimeFrom === null },
            {
              label: t('bo.detail.withdrawalLastDay'),
              value: c.withdrawalLastDay ? day(c.withdrawalLastDay) : t('bo.detail.noWithdrawal'),
            },
            { label: t('bo.col.endOn'), value: day(c.endOn) },
          ]}
        />
      </Panel>
      <Panel title={t('bo.detail.history')}>
        <DataTable
          caption={t('bo.detail.historyCaption', { count: c.history.length })}
          rows={c.history}
          rowKey={(e) => e.id}
          columns={[
            { key: 'at', header: t('bo.event.at'), cell: (e) => dates.dateTime(e.at), sortValue: (e) => e.at, nowrap: true },
            { key: 'type', header: t('bo.event.type'), cell: (e) => t(`bo.event.${e.type}`) },
            { key: 'shownDate', header: t('bo.event.shownDate'), cell: (e) => day(e.shownDate), nowrap: true },
            { key: 'sentTo', header: t('bo.event.sentTo'), cell: (e) => e.sentTo ?? t('bo.event.nothingSent') },
            { key: 'ref', header: t('bo.event.ref'), cell: (e) => e.ref },
            { key: 'via', header: t('bo.event.via'), cell: (e) => t(`bo.event.viaLabel.${e.via}`) },
          ]}
        />
      </Panel>
    </Page>
  );
}
