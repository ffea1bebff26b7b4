import { Anchor, Button, SimpleGrid, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCreateAndOpen } from '../../components/create-and-open.ts';
import { isApiError } from '../../api.ts';
import { ErrorSummary, Select, TextAreaField, TextField, issuesByField, type SummaryFields } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { KINDS, PERIODS, RENEWALS, SECTORS, createOffer, offerKeys, toCents, type CreateOfferBody } from './api.ts';
import { BreakdownFields, breakdownOf, type LineDraft } from './breakdown-fields.tsx';

/**
 * Publishes an offer (/app/offers/new): its public address, the sector whose notice rules apply
 * to later changes, and the first version's terms. Nothing is preselected but the price period.
 */
export function NewOfferPage() {
  const { t } = useTranslation('offers');
  const [draft, setDraft] = useState({
    slug: '',
    sector: '',
    kind: '',
    nameFr: '',
    nameEn: '',
    summaryFr: '',
    summaryEn: '',
    price: '',
    pricePeriod: 'month',
    durationMonths: '',
    renewal: '',
  });
  const [lines, setLines] = useState<LineDraft[]>([]);
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const priceCents = toCents(draft.price);
  const mutation = useCreateAndOpen({
    // Empty choices are sent as absent: the server names each missing field in its answer.
    create: () =>
      createOffer({
        slug: draft.slug.trim(),
        sector: (draft.sector || undefined) as CreateOfferBody['sector'],
        kind: (draft.kind || undefined) as CreateOfferBody['kind'],
        name: { fr: draft.nameFr, en: draft.nameEn },
        summary: { fr: draft.summaryFr, en: draft.summaryEn },
        priceCents,
        pricePeriod: draft.pricePeriod as CreateOfferBody['pricePeriod'],
        durationMonths: draft.durationMonths.trim() === '' ? null : Number(draft.durationMonths),
        renewal: (draft.renewal || undefined) as CreateOfferBody['renewal'],
        breakdown: breakdownOf(lines),
      }),
    listKey: offerKeys.all,
    recordKey: offerKeys.one,
    pathOf: (id) => `/offers/${id}`,
  });
  const errors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  const fields: SummaryFields = {
    slug: { id: 'offer-slug', label: t('bo.form.slug') },
    sector: { id: 'offer-sector', label: t('bo.fields.sector') },
    kind: { id: 'offer-kind', label: t('bo.fields.kind') },
    name: { id: 'offer-name-fr', label: t('bo.form.nameFr') },
    summary: { id: 'offer-summary-fr', label: t('bo.form.summaryFr') },
    priceCents: { id: 'offer-price', label: t('bo.form.price') },
    pricePeriod: { id: 'offer-period', label: t('bo.form.period') },
    durationMonths: { id: 'offer-duration', label: t('bo.form.duration') },
    renewal: { id: 'offer-renewal', label: t('bo.form.renewal') },
    breakdown: { id: 'offer-breakdown', label: t('bo.fields.breakdown') },
  };
  const choose = t('bo.form.choose');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!mutation.isPending) mutation.mutate();
  };
  return (
    <Page title={t('bo.new.title')}>
      <Anchor component={Link} to="/offers" size="sm" mb="sm" display="inline-block">
        {t('bo.back')}
      </Anchor>
      <Text mb="md" maw="48rem">
        {t('bo.new.intro')}
      </Text>
      <Panel title={t('bo.new.formTitle')}>
        <form onSubmit={onSubmit} noValidate>
          <ErrorSummary message={mutation.error?.message} fieldErrors={errors} fields={fields} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
            <TextField
              id="offer-name-fr"
              label={fields.name!.label}
              required
              value={draft.nameFr}
              onChange={(e) => set('nameFr')(e.currentTarget.value)}
              error={errors.name}
            />
            <TextField
              id="offer-name-en"
              label={t('bo.form.nameEn')}
              value={draft.nameEn}
              onChange={(e) => set('nameEn')(e.currentTarget.value)}
            />
            <TextField
              id="offer-slug"
              label={fields.slug!.label}
              hint={t('bo.form.slugHint')}
              required
              value={draft.slug}
              onChange={(e) => set('slug')(e.currentTarget.value)}
              error={errors.slug}
            />
            <Select
              id="offer-sector"
              label={fields.sector!.label}
              hint={t('bo.form.sectorHint')}
              value={draft.sector}
              onChange={set('sector')}
              options={['', ...SECTORS]}
              labelOf={(v) => (v ? t(`bo.sector.${v}`) : choose)}
              error={errors.sector}
            />
            <Select
              id="offer-kind"
              label={fields.kind!.label}
              value={draft.kind}
              onChange={set('kind')}
              options={['', ...KINDS]}
              labelOf={(v) => (v ? t(`bo.kind.${v}`) : choose)}
              error={errors.kind}
            />
            <TextField
              id="offer-price"
              label={fields.priceCents!.label}
              inputMode="decimal"
              required
              value={draft.price}
              onChange={(e) => set('price')(e.currentTarget.value)}
              error={errors.priceCents}
            />
            <Select
              id="offer-period"
              label={fields.pricePeriod!.label}
              value={draft.pricePeriod}
              onChange={set('pricePeriod')}
              options={PERIODS}
              labelOf={(v) => t(`bo.form.periodOf.${v}`)}
              error={errors.pricePeriod}
            />
            <TextField
              id="offer-duration"
              label={fields.durationMonths!.label}
              hint={t('bo.form.durationHint')}
              inputMode="numeric"
              value={draft.durationMonths}
              onChange={(e) => set('durationMonths')(e.currentTarget.value)}
              error={errors.durationMonths}
            />
            <Select
              id="offer-renewal"
              label={fields.renewal!.label}
              value={draft.renewal}
              onChange={set('renewal')}
              options={['', ...RENEWALS]}
              labelOf={(v) => (v ? t(`portal.renewal.${v}`) : choose)}
              error={errors.renewal}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
            <TextAreaField
              id="offer-summary-fr"
              label={fields.summary!.label}
              value={draft.summaryFr}
              onChange={set('summaryFr')}
              error={errors.summary}
              minRows={2}
            />
            <TextAreaField
              id="offer-summary-en"
              label={t('bo.form.summaryEn')}
              value={draft.summaryEn}
              onChange={set('summaryEn')}
              minRows={2}
            />
          </SimpleGrid>
          <BreakdownFields lines={lines} onChange={setLines} priceCents={priceCents} error={errors.breakdown} />
          <Button type="submit" loading={mutation.isPending}>
            {t('bo.new.submit')}
          </Button>
        </form>
      </Panel>
    </Page>
  );
}
