import { Anchor, Button, Fieldset, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { contractKeys, findContracts, type ContractSummaryDto } from './api.ts';
import { STATUS_TONE } from './labels.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Contracts (/app/contracts?customer=<id>): a customer's contracts, or the latest ones without a customer. */
export function ContractsPage() {
  const { t } = useTranslation('contracts');
  const lang = currentLanguage();
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customer') ?? '';
  const [draft, setDraft] = useState(customerId);
  const valid = customerId === '' || UUID.test(customerId);
  const query = useQuery({ queryKey: contractKeys.list(customerId), queryFn: () => findContracts(customerId), enabled: valid });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const dates = dateFormatter(lang);
  const offerName = (c: ContractSummaryDto) => (lang === 'en' && c.offerName.en ? c.offerName.en : c.offerName.fr);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(draft.trim() ? { customer: draft.trim() } : {});
  };
  return (
    <Page title={t('bo.title')}>
      <Text mb="md" maw="48rem">
        {t('bo.intro')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Fieldset legend={t('bo.customer')} mb="md" maw="36rem">
          <TextField
            id="contracts-customer"
            label={t('bo.customer')}
            hint={t('bo.customerHint')}
            error={valid ? undefined : t('bo.invalidCustomer')}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <Group>
            <Button type="submit">{t('bo.show')}</Button>
          </Group>
        </Fieldset>
      </form>
      {!valid ? null : query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.caption', { count: query.data.length })}
          rows={query.data}
          rowKey={(c) => c.id}
          empty={<EmptyState title={t('bo.none')} />}
          columns={[
            {
              key: 'reference',
              header: t('bo.col.reference'),
              cell: (c) => (
                <Anchor component={Link} to={`/contracts/${c.id}`}>
                  {c.reference}
                </Anchor>
              ),
              sortValue: (c) => c.reference,
              nowrap: true,
            },
            { key: 'holder', header: t('bo.col.holder'), cell: (c) => c.customerName ?? '—', sortValue: (c) => c.customerName ?? '' },
            { key: 'offer', header: t('bo.col.offer'), cell: offerName, sortValue: offerName },
            { key: 'channel', header: t('bo.col.channel'), cell: (c) => t(`bo.channel.${c.channel}`), sortValue: (c) => c.channel },
            {
              key: 'concludedOn',
              header: t('bo.col.concludedOn'),
              cell: (c) => dates.date(c.concludedOn),
              sortValue: (c) => c.concludedOn,
              nowrap: true,
            },
            {
              key: 'renewal',
              header: t('bo.col.renewal'),
              cell: (c) => (c.renewalOn ? dates.date(c.renewalOn) : t(`bo.renewalKind.${c.renewal}`)),
            },
            {
              key: 'status',
              header: t('bo.col.status'),
              cell: (c) => <StatusBadge tone={STATUS_TONE[c.status]}>{t(`bo.status.${c.status}`)}</StatusBadge>,
              sortValue: (c) => c.status,
            },
            {
              key: 'endOn',
              header: t('bo.col.endOn'),
              cell: (c) => (c.endOn ? dates.date(c.endOn) : '—'),
              sortValue: (c) => c.endOn ?? '',
              nowrap: true,
            },
          ]}
        />
      )}
    </Page>
  );
}
