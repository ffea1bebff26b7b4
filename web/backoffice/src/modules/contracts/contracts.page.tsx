import { Anchor, Button, Fieldset, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Select, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { findOffers, offerKeys } from '../offers/api.ts';
import { contractKeys, findContracts, type ContractSearch, type ContractSummaryDto } from './api.ts';
import { STATUS_TONE } from './labels.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['', 'active', 'terminated', 'withdrawn'] as const;

function searchOf(params: URLSearchParams): ContractSearch {
  const status = STATUSES.find((s) => s === params.get('status')) ?? '';
  const page = Number(params.get('page') ?? '1');
  return {
    customer: params.get('customer') ?? '',
    q: params.get('q') ?? '',
    status,
    offer: params.get('offer') ?? '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function paramsOf(search: ContractSearch): Record<string, string> {
  const params: Record<string, string> = {};
  if (search.customer) params.customer = search.customer;
  if (search.q) params.q = search.q;
  if (search.status) params.status = search.status;
  if (search.offer) params.offer = search.offer;
  if (search.page > 1) params.page = String(search.page);
  return params;
}

/**
 * Contracts (/app/contracts?q=&status=&offer=&customer=&page=): the organisation's contracts,
 * newest first, 50 a page, searched by reference, e-mail address, status or offer; a customer's
 * contracts when reached from the customer's records. The search lives in the address, so a
 * result can be bookmarked and the browser's back button returns to it.
 */
export function ContractsPage() {
  const { t } = useTranslation('contracts');
  const lang = currentLanguage();
  const [params, setParams] = useSearchParams();
  const search = searchOf(params);
  const [draft, setDraft] = useState(search);
  const valid = search.customer === '' || UUID.test(search.customer);
  const query = useQuery({ queryKey: contractKeys.list(search), queryFn: () => findContracts(search), enabled: valid });
  const offers = useQuery({ queryKey: offerKeys.list, queryFn: findOffers });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const dates = dateFormatter(lang);
  const localized = (name: { fr: string; en: string }) => (lang === 'en' && name.en ? name.en : name.fr);
  const offerName = (c: ContractSummaryDto) => localized(c.offerName);
  const offerIds = ['', ...(offers.data ?? []).map((o) => o.id)];
  const offerLabel = (id: string) => {
    const offer = offers.data?.find((o) => o.id === id);
    return offer?.current ? localized(offer.current.name) : offer ? offer.slug : t('bo.search.anyOffer');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(paramsOf({ ...draft, q: draft.q.trim(), page: 1 }));
  };
  const goTo = (page: number) => setParams(paramsOf({ ...search, page }));
  return (
    <Page title={t('bo.title')}>
      <Text mb="md" maw="48rem">
        {t('bo.intro')}
      </Text>
      <form onSubmit={submit} noValidate role="search">
        <Fieldset legend={t('bo.search.legend')} mb="md" maw="48rem">
          <TextField
            id="contracts-q"
            label={t('bo.search.q')}
            hint={t('bo.search.qHint')}
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
            autoComplete="off"
            spellCheck={false}
          />
          <Group grow align="flex-start">
            <Select
              id="contracts-status"
              label={t('bo.search.status')}
              value={draft.status}
              options={STATUSES}
              labelOf={(s) => (s ? t(`bo.status.${s}`) : t('bo.search.anyStatus'))}
              onChange={(status) => setDraft({ ...draft, status })}
            />
            <Select
              id="contracts-offer"
              label={t('bo.search.offer')}
              value={draft.offer}
              options={offerIds}
              labelOf={offerLabel}
              onChange={(offer) => setDraft({ ...draft, offer })}
            />
          </Group>
          {search.customer ? (
            <Text size="sm" mb="sm">
              {valid ? t('bo.search.customerOnly') : t('bo.invalidCustomer')}
            </Text>
          ) : null}
          <Group>
            <Button type="submit">{t('bo.search.submit')}</Button>
            <Button
              variant="default"
              onClick={() => {
                setDraft(searchOf(new URLSearchParams()));
                setParams({});
              }}
            >
              {t('bo.search.reset')}
            </Button>
          </Group>
        </Fieldset>
      </form>
      {!valid ? null : query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.caption', { count: query.data.items.length })}
          rows={query.data.items}
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
      {query.data && (search.page > 1 || query.data.nextPage !== null) ? (
        <Group component="nav" aria-label={t('bo.pageLabel', { page: search.page })} mt="md">
          <Button variant="default" disabled={search.page <= 1} onClick={() => goTo(search.page - 1)}>
            {t('bo.previous')}
          </Button>
          <Text size="sm">{t('bo.pageLabel', { page: search.page })}</Text>
          <Button variant="default" disabled={query.data.nextPage === null} onClick={() => goTo(query.data.nextPage ?? search.page)}>
            {t('bo.next')}
          </Button>
        </Group>
      ) : null}
    </Page>
  );
}
