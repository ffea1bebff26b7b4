import { Alert, Anchor, Button, Group, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatBasisPoints } from '../../../../../src/i18n/money.ts';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorSummary, TextAreaField, TextField, issuesByField, type SummaryFields } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { StatusBadge, type Tone } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { amountInputValue, dateFormatter, formatAmount } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { addVersion, getOffer, offerKeys, toCents, type OfferDetailDto, type OfferVersionDto } from './api.ts';
import { BreakdownFields, breakdownOf, linesOf, type LineDraft } from './breakdown-fields.tsx';
import { ChangeCampaignPanel } from '../change-campaigns/campaign-new.panel.tsx';

const STATE_TONE: Record<OfferVersionDto['state'], Tone> = { current: 'success', upcoming: 'warning', past: 'neutral' };

/** One offer (/app/offers/:id): the terms in force, every version with its reason, and a new version. */
export function OfferPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('offers');
  const lang = currentLanguage();
  const query = useQuery({ queryKey: offerKeys.one(id), queryFn: () => getOffer(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404)) return <NotFoundPage />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const offer = query.data;
  const pick = (text: { fr: string; en: string }) => (lang === 'en' && text.en ? text.en : text.fr);
  const price = (v: OfferVersionDto) => t(`portal.per.${v.pricePeriod}`, { price: formatAmount(v.priceCents, lang, offer.currency) });
  const dates = dateFormatter(lang);
  const current = offer.current;
  return (
    <Page title={current ? pick(current.name) : offer.slug}>
      <Group gap="md" mb="sm">
        <Anchor component={Link} to="/offers" size="sm">
          {t('bo.back')}
        </Anchor>
        <Anchor href={offer.publicPath} size="sm" target="_blank" rel="noopener">
          {t('bo.list.publicLink')}
        </Anchor>
      </Group>
      <Panel title={t('bo.detail.summary')}>
        <Facts
          items={[
            { label: t('bo.fields.sector'), value: t(`bo.sector.${offer.sector}`) },
            { label: t('bo.fields.kind'), value: t(`bo.kind.${offer.kind}`) },
            { label: t('bo.fields.price'), value: current ? price(current) : '—' },
            { label: t('bo.fields.since'), value: current ? dates.dateTime(current.validFrom) : '—' },
            {
              label: t('bo.fields.upcoming'),
              value: offer.upcoming ? `${dates.dateTime(offer.upcoming.validFrom)} — ${price(offer.upcoming)}` : '—',
            },
            {
              label: t('bo.fields.reduction'),
              value: current?.reduction
                ? t('bo.detail.reduction', {
                    percent: formatBasisPoints(lang, current.reduction.announcedBasisPoints),
                    reference: formatAmount(current.reduction.referencePriceCents, lang, offer.currency),
                  })
                : '—',
            },
          ]}
        />
      </Panel>
      <Panel title={t('bo.detail.history')}>
        <DataTable
          caption={t('bo.detail.historyCaption', { count: offer.history.length })}
          rows={offer.history}
          rowKey={(v) => v.id}
          columns={[
            { key: 'version', header: t('portal.version'), cell: (v) => v.version, sortValue: (v) => v.version, align: 'end' },
            {
              key: 'state',
              header: t('bo.fields.state'),
              cell: (v) => <StatusBadge tone={STATE_TONE[v.state]}>{t(`bo.state.${v.state}`)}</StatusBadge>,
            },
            {
              key: 'from',
              header: t('portal.appliesFrom'),
              cell: (v) => dates.dateTime(v.validFrom),
              sortValue: (v) => v.validFrom,
              nowrap: true,
            },
            { key: 'price', header: t('bo.fields.price'), cell: price, sortValue: (v) => v.priceCents, align: 'end', nowrap: true },
            { key: 'reason', header: t('portal.reason'), cell: (v) => pick(v.reason) },
          ]}
        />
      </Panel>
      {offer.history[0] ? <ChangeCampaignPanel offerId={offer.id} version={offer.history[0]} /> : null}
      {offer.abilities.manage && current ? <NewVersionPanel offer={offer} current={current} /> : null}
    </Page>
  );
}

/** Local date-time input value to an ISO instant (the browser's zone); empty: now. */
function instantOf(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/**
 * A new version: the current terms with a new price and breakdown, the reason (shown to the
 * public), when it applies, and an optional reduction the server checks against the ledger.
 */
function NewVersionPanel({ offer, current }: { offer: OfferDetailDto; current: OfferVersionDto }) {
  const { t } = useTranslation('offers');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({
    price: amountInputValue(current.priceCents, lang),
    reasonFr: '',
    reasonEn: '',
    validFrom: '',
    percent: '',
  });
  const [lines, setLines] = useState<LineDraft[]>(() => linesOf(current.breakdown, lang));
  const [done, setDone] = useState<number | null>(null);
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const priceCents = toCents(draft.price);
  const mutation = useMutation({
    mutationFn: () => {
      const validFrom = instantOf(draft.validFrom);
      const percent = draft.percent.trim() === '' ? undefined : Number(draft.percent.replace(',', '.'));
      return addVersion(offer.id, {
        name: current.name,
        summary: current.summary,
        pricePeriod: current.pricePeriod,
        conditions: current.conditions,
        durationMonths: current.durationMonths,
        renewal: current.renewal,
        renewalTerms: current.renewalTerms,
        environmental: current.environmental,
        priceCents,
        breakdown: breakdownOf(lines),
        reason: { fr: draft.reasonFr, en: draft.reasonEn },
        ...(validFrom ? { validFrom } : {}),
        ...(percent !== undefined ? { reduction: { percent } } : {}),
      });
    },
    onSuccess: (version) => {
      setDone(version.version);
      setDraft((d) => ({ ...d, reasonFr: '', reasonEn: '', validFrom: '', percent: '' }));
      void queryClient.invalidateQueries({ queryKey: offerKeys.all });
    },
  });
  const errors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  const fields: SummaryFields = {
    priceCents: { id: 'version-price', label: t('bo.form.price') },
    reduction: { id: 'version-percent', label: t('bo.form.percent') },
    reason: { id: 'version-reason-fr', label: t('bo.form.reasonFr') },
    validFrom: { id: 'version-from', label: t('bo.form.validFrom') },
    breakdown: { id: 'offer-breakdown', label: t('bo.fields.breakdown') },
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    if (!mutation.isPending) mutation.mutate();
  };
  return (
    <Panel title={t('bo.version.title')}>
      <Text size="sm" mb="md" maw="48rem">
        {t('bo.version.intro')}
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary message={mutation.error?.message} fieldErrors={errors} fields={fields} />
        {done !== null ? (
          <Alert color="green" mb="sm" role="status">
            {t('bo.version.done', { n: done })}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" verticalSpacing={0}>
          <TextField
            id="version-price"
            label={fields.priceCents!.label}
            hint={t(`bo.form.per.${current.pricePeriod}`)}
            inputMode="decimal"
            required
            value={draft.price}
            onChange={(e) => set('price')(e.currentTarget.value)}
            error={errors.priceCents}
          />
          <TextField
            id="version-from"
            type="datetime-local"
            label={fields.validFrom!.label}
            hint={t('bo.form.validFromHint')}
            value={draft.validFrom}
            onChange={(e) => set('validFrom')(e.currentTarget.value)}
            error={errors.validFrom}
          />
          <TextField
            id="version-percent"
            label={fields.reduction!.label}
            hint={t('bo.form.percentHint')}
            inputMode="decimal"
            value={draft.percent}
            onChange={(e) => set('percent')(e.currentTarget.value)}
            error={errors.reduction}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
          <TextAreaField
            id="version-reason-fr"
            label={fields.reason!.label}
            hint={t('bo.form.reasonHint')}
            required
            value={draft.reasonFr}
            onChange={set('reasonFr')}
            error={errors.reason}
            minRows={2}
          />
          <TextAreaField
            id="version-reason-en"
            label={t('bo.form.reasonEn')}
            value={draft.reasonEn}
            onChange={set('reasonEn')}
            minRows={2}
          />
        </SimpleGrid>
        <BreakdownFields lines={lines} onChange={setLines} priceCents={priceCents} error={errors.breakdown} />
        <Button type="submit" loading={mutation.isPending}>
          {t('bo.version.submit')}
        </Button>
      </form>
    </Panel>
  );
}
