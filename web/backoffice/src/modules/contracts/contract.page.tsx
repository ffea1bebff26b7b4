import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
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
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { RadioGroup, Select } from '../../components/form.tsx';
import { contractKeys, endContract, getContract, type ContractDetailDto } from './api.ts';
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
  const ended = c.status !== 'active';
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
            // An ended contract renews no more: its renewal dates would only mislead.
            { label: t('bo.detail.renewalOn'), value: day(c.renewalOn), hidden: c.renewalOn === null || ended },
            { label: t('bo.detail.lastDayToRefuseOn'), value: day(c.lastDayToRefuseOn), hidden: c.lastDayToRefuseOn === null || ended },
            { label: t('bo.detail.reminderSentOn'), value: day(c.reminderSentOn), hidden: c.reminderSentOn === null || ended },
            {
              label: t('bo.detail.terminateAnyTimeFrom'),
              value: day(c.terminateAnyTimeFrom),
              hidden: c.terminateAnyTimeFrom === null || ended,
            },
            {
              label: t('bo.detail.withdrawalLastDay'),
              value: c.withdrawalLastDay ? day(c.withdrawalLastDay) : t('bo.detail.noWithdrawal'),
              hidden: ended,
            },
            { label: t('bo.col.endOn'), value: day(c.endOn) },
          ]}
        />
      </Panel>
      {c.abilities.manage && !ended ? <EndContractPanel contract={c} /> : null}
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
            {
              key: 'via',
              header: t('bo.event.via'),
              cell: (e) =>
                e.requestedVia
                  ? `${t(`bo.event.viaLabel.${e.via}`)} · ${t(`bo.end.via.${e.requestedVia}`)}`
                  : t(`bo.event.viaLabel.${e.via}`),
            },
          ]}
        />
      </Panel>
    </Page>
  );
}

const REQUEST_CHANNELS = ['phone', 'letter', 'email', 'shop'] as const;

/**
 * Ending the contract for a holder who asked by phone, letter, e-mail or at the shop: the end date
 * the rules give today is shown before anything is recorded, and a dialog confirms, since the
 * acknowledgement then goes to the holder.
 */
function EndContractPanel({ contract: c }: { contract: ContractDetailDto }) {
  const { t } = useTranslation('contracts');
  const dates = dateFormatter(currentLanguage());
  const queryClient = useQueryClient();
  const actions = (['terminate', 'withdraw'] as const).filter((a) => c.endOptions[a] !== null);
  const [action, setAction] = useState<'terminate' | 'withdraw'>(actions[0] ?? 'terminate');
  const [requestedVia, setRequestedVia] = useState<(typeof REQUEST_CHANNELS)[number]>('phone');
  const [confirming, setConfirming] = useState(false);
  const ending = useMutation({
    mutationFn: () => endContract(c.id, { action, requestedVia }),
    onSuccess: (updated) => {
      queryClient.setQueryData(contractKeys.one(c.id), updated);
      void queryClient.invalidateQueries({ queryKey: contractKeys.all });
      setConfirming(false);
    },
  });
  const option = (a: 'terminate' | 'withdraw') => {
    const o = c.endOptions[a];
    return o ? t(`bo.end.${a}`, { date: dates.date(o.endOn), ref: o.ref }) : '';
  };
  return (
    <Panel id="end-contract" title={t('bo.end.title')}>
      <Text mb="sm" maw="48rem">
        {t('bo.end.intro')}
      </Text>
      {actions.length === 0 ? (
        <Text role="status">{t('bo.end.noRule')}</Text>
      ) : (
        <>
          <RadioGroup
            id="end-action"
            legend={t('bo.end.action')}
            options={actions.map((a) => ({ value: a, label: option(a) }))}
            value={action}
            onChange={setAction}
          />
          {c.endOptions.withdraw === null ? (
            <Text size="sm" mb="sm">
              {t('bo.end.noWithdraw')}
            </Text>
          ) : null}
          <Select
            id="end-requested-via"
            label={t('bo.end.requestedVia')}
            value={requestedVia}
            options={REQUEST_CHANNELS}
            labelOf={(v) => t(`bo.end.via.${v}`)}
            onChange={setRequestedVia}
          />
          {ending.isError ? (
            <Alert color="red" role="alert" mb="sm">
              {ending.error.message}
            </Alert>
          ) : null}
          <Button color="red" onClick={() => setConfirming(true)}>
            {t('bo.end.confirm')}
          </Button>
          <ConfirmDialog
            opened={confirming}
            title={t('bo.end.title')}
            confirmLabel={t('bo.end.confirm')}
            onConfirm={() => ending.mutate()}
            onClose={() => setConfirming(false)}
            pending={ending.isPending}
            danger
          >
            <Text>{option(action)}</Text>
            <Text>{t('bo.end.requestedViaValue', { via: t(`bo.end.via.${requestedVia}`) })}</Text>
          </ConfirmDialog>
        </>
      )}
    </Panel>
  );
}
