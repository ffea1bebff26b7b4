import { Alert, Anchor, Button, Fieldset, Group, List, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCreateAndOpen } from '../../components/create-and-open.ts';
import { isApiError } from '../../api.ts';
import {
  CheckboxGroup,
  ErrorSummary,
  FileField,
  RadioGroup,
  Select,
  TextAreaField,
  TextField,
  issuesByField,
  type SummaryFields,
} from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { CONTACT_CHANNELS, CONTACT_PURPOSES } from './api.ts';
import { useMe } from '../../session.ts';
import { findOffers, offerKeys } from '../offers/api.ts';
import {
  CAMPAIGN_SECTORS,
  campaignKeys,
  createCampaign,
  createFilterCampaign,
  previewAudience,
  type AudienceFilterBody,
  type CampaignDraft,
} from './campaigns.api.ts';

type AudienceKind = 'csv' | 'filter';
type ContractState = 'any' | 'active' | 'none';
type Locale = 'fr' | 'en';

/** The filter as the form holds it: every field a string or a list, turned into the API's filter on sending. */
interface FilterDraft {
  contract: ContractState;
  offerIds: string[];
  locales: Locale[];
  timezones: string;
  createdFrom: string;
  createdTo: string;
  contactedSince: string;
  notContactedSince: string;
}
const EMPTY_FILTER: FilterDraft = {
  contract: 'any',
  offerIds: [],
  locales: [],
  timezones: '',
  createdFrom: '',
  createdTo: '',
  contactedSince: '',
  notContactedSince: '',
};

/** The API's filter from the form's: blank fields left out (no condition), time zones split on commas. */
function filterOf(draft: FilterDraft): AudienceFilterBody {
  const zones = draft.timezones
    .split(/[,;\s]+/)
    .map((z) => z.trim())
    .filter(Boolean);
  return {
    contract: draft.contract,
    ...(draft.contract !== 'none' && draft.offerIds.length > 0 ? { offerIds: draft.offerIds } : {}),
    ...(draft.locales.length > 0 ? { locales: draft.locales } : {}),
    ...(zones.length > 0 ? { timezones: zones } : {}),
    ...(draft.createdFrom ? { createdFrom: draft.createdFrom } : {}),
    ...(draft.createdTo ? { createdTo: draft.createdTo } : {}),
    ...(draft.contactedSince ? { contactedSince: draft.contactedSince } : {}),
    ...(draft.notContactedSince ? { notContactedSince: draft.notContactedSince } : {}),
  };
}

/** The browser's zone, in which a datetime-local input is read. */
const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The browser zone's offset at `when` ("UTC+01:00"): it changes with daylight saving. */
function browserOffset(when: Date): string {
  const name = new Intl.DateTimeFormat('en', { timeZoneName: 'longOffset' }).formatToParts(when).find((p) => p.type === 'timeZoneName');
  return (name?.value ?? 'GMT').replace(/^GMT$/, 'UTC+00:00').replace(/^GMT/, 'UTC');
}

/**
 * A new campaign (/app/contact/campaigns/new): its audience as a CSV file (one customer
 * reference, e-mail or phone number a line) or a saved filter over the customers (with the count
 * it gives), channel, purpose, sector, message and send time. A file with a line naming no usable
 * person is refused whole, each such line named.
 */
export function NewCampaignPage() {
  const { t } = useTranslation('contact');
  const [picked, setPicked] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [draft, setDraft] = useState({ name: '', channel: 'phone', purpose: 'prospecting', sector: 'other', message: '', scheduledAt: '' });
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const [kind, setKind] = useState<AudienceKind>('csv');
  const [filter, setFilter] = useState<FilterDraft>(EMPTY_FILTER);
  const setIn = <K extends keyof FilterDraft>(field: K) => (value: FilterDraft[K]) => setFilter((f) => ({ ...f, [field]: value }));
  const mutation = useCreateAndOpen({
    create: (audience: { kind: 'csv'; file: File } | { kind: 'filter'; filter: AudienceFilterBody }) => {
      // The send time is typed on the user's clock; the server receives an instant with its offset.
      const when = new Date(draft.scheduledAt);
      const body: CampaignDraft = { ...draft, scheduledAt: Number.isNaN(when.getTime()) ? draft.scheduledAt : when.toISOString() };
      if (audience.kind === 'csv') return createCampaign(body, audience.file);
      return createFilterCampaign({
        ...body,
        channel: body.channel as 'phone',
        purpose: body.purpose as 'prospecting',
        sector: body.sector as 'other',
        filter: audience.filter,
      });
    },
    listKey: campaignKeys.all,
    recordKey: campaignKeys.one,
    pathOf: (id) => `/contact/campaigns/${id}`,
  });
  const issues = isApiError(mutation.error) ? mutation.error.issues : [];
  const errors = issuesByField(issues.filter((i) => i.path !== 'file' && !i.path.startsWith('filter.')));
  // A filter's own fields ("filter.createdTo" -> "createdTo"); a filter selecting nobody is reported on "filter".
  const filterErrors = issuesByField(issues.filter((i) => i.path.startsWith('filter.')).map((i) => ({ ...i, path: i.path.slice(7) })));
  // The file's own answer: a summary, then one message per line in error.
  const fileIssues = issues.filter((i) => i.path === 'file').map((i) => i.message);
  const fileError = missingFile ? t('bo.campaigns.form.noFile') : fileIssues[0];
  const fields: SummaryFields = {
    name: { id: 'campaign-name', label: t('bo.campaigns.fields.name') },
    channel: { id: 'campaign-channel', label: t('bo.form.channel') },
    purpose: { id: 'campaign-purpose', label: t('bo.form.purpose') },
    sector: { id: 'campaign-sector', label: t('bo.campaigns.fields.sector') },
    message: { id: 'campaign-message', label: t('bo.campaigns.fields.message') },
    scheduledAt: { id: 'campaign-scheduled', label: t('bo.campaigns.fields.scheduledAt') },
    file: { id: 'campaign-file', label: t('bo.campaigns.form.file') },
    filter: { id: 'campaign-filter', label: t('bo.campaigns.filter.legend') },
    contract: { id: 'filter-contract', label: t('bo.campaigns.filter.contract') },
    locales: { id: 'filter-locales', label: t('bo.campaigns.filter.locales') },
    offerIds: { id: 'filter-offers', label: t('bo.campaigns.filter.offers') },
    timezones: { id: 'filter-timezones', label: t('bo.campaigns.filter.timezones') },
    createdFrom: { id: 'filter-created-from', label: t('bo.campaigns.filter.createdFrom') },
    createdTo: { id: 'filter-created-to', label: t('bo.campaigns.filter.createdTo') },
    contactedSince: { id: 'filter-contacted-since', label: t('bo.campaigns.filter.contactedSince') },
    notContactedSince: { id: 'filter-not-contacted-since', label: t('bo.campaigns.filter.notContactedSince') },
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    if (kind === 'filter') {
      setMissingFile(false);
      mutation.mutate({ kind: 'filter', filter: filterOf(filter) });
      return;
    }
    const file = picked;
    setMissingFile(!file);
    if (file) mutation.mutate({ kind: 'csv', file });
  };
  return (
    <Page title={t('bo.campaigns.newTitle')}>
      <Anchor component={Link} to="/contact/campaigns" size="sm" mb="sm" display="inline-block">
        {t('bo.campaigns.back')}
      </Anchor>
      <Text mb="md" maw="48rem">
        {t('bo.campaigns.form.intro')}
      </Text>
      <Panel title={t('bo.campaigns.form.title')}>
        <form onSubmit={onSubmit} noValidate>
          <ErrorSummary
            message={missingFile ? t('bo.campaigns.form.noFile') : mutation.error?.message}
            fieldErrors={{ ...errors, ...filterErrors, ...(fileError ? { file: fileError } : {}) }}
            fields={fields}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
            <TextField
              id="campaign-name"
              label={fields.name!.label}
              required
              value={draft.name}
              onChange={(e) => set('name')(e.currentTarget.value)}
              error={errors.name}
            />
            <TextField
              id="campaign-scheduled"
              type="datetime-local"
              label={fields.scheduledAt!.label}
              hint={t('bo.campaigns.form.scheduledHint', { zone: browserZone() })}
              required
              value={draft.scheduledAt}
              onChange={(e) => set('scheduledAt')(e.currentTarget.value)}
              error={errors.scheduledAt}
            />
            <ScheduledAs value={draft.scheduledAt} />
            <Select
              id="campaign-channel"
              label={fields.channel!.label}
              value={draft.channel}
              onChange={set('channel')}
              options={CONTACT_CHANNELS}
              labelOf={(c) => t(`bo.channel.${c}`)}
              error={errors.channel}
            />
            <Select
              id="campaign-purpose"
              label={fields.purpose!.label}
              value={draft.purpose}
              onChange={set('purpose')}
              options={CONTACT_PURPOSES}
              labelOf={(p) => t(`bo.purpose.${p}`)}
              error={errors.purpose}
            />
            <Select
              id="campaign-sector"
              label={fields.sector!.label}
              hint={t('bo.campaigns.form.sectorHint')}
              value={draft.sector}
              onChange={set('sector')}
              options={CAMPAIGN_SECTORS}
              labelOf={(s) => t(`bo.campaigns.sector.${s}`)}
              error={errors.sector}
            />
          </SimpleGrid>
          <TextAreaField
            id="campaign-message"
            label={fields.message!.label}
            hint={t('bo.campaigns.form.messageHint')}
            required
            value={draft.message}
            onChange={set('message')}
            error={errors.message}
          />
          <RadioGroup
            id="campaign-audience"
            legend={t('bo.campaigns.form.audience')}
            inline
            value={kind}
            onChange={setKind}
            options={[
              { value: 'csv', label: t('bo.campaigns.form.audienceCsv') },
              { value: 'filter', label: t('bo.campaigns.form.audienceFilter') },
            ]}
          />
          {kind === 'csv' ? (
            <>
              <FileField
                id="campaign-file"
                accept=".csv,text/csv"
                label={fields.file!.label}
                hint={t('bo.campaigns.form.fileHint')}
                required
                files={picked ? [picked] : []}
                onChange={(files) => setPicked(files[0] ?? null)}
                error={fileError}
              />
              {fileIssues.length > 1 ? (
                <Alert color="red" mb="sm" title={t('bo.campaigns.form.lines')}>
                  <List size="sm">
                    {fileIssues.slice(1).map((message) => (
                      <List.Item key={message}>{message}</List.Item>
                    ))}
                  </List>
                </Alert>
              ) : null}
            </>
          ) : (
            <AudienceFilterFields
              channel={draft.channel}
              filter={filter}
              setIn={setIn}
              errors={filterErrors}
              error={errors.filter}
            />
          )}
          <Button type="submit" loading={mutation.isPending}>
            {t('bo.campaigns.form.submit')}
          </Button>
        </form>
      </Panel>
    </Page>
  );
}

/**
 * A saved filter over the organisation's customers: contract in force or not (and on which
 * offers), language, time zone, creation days and last contact, with the count it gives now on
 * the chosen channel. Consent is not a filter: the scrub judges every person selected.
 */
function AudienceFilterFields({
  channel,
  filter,
  setIn,
  errors,
  error,
}: {
  channel: string;
  filter: FilterDraft;
  setIn: <K extends keyof FilterDraft>(field: K) => (value: FilterDraft[K]) => void;
  errors: Record<string, string>;
  error: string | undefined;
}) {
  const { t } = useTranslation('contact');
  const me = useMe();
  const lang = currentLanguage();
  const offers = useQuery({
    queryKey: offerKeys.list,
    queryFn: findOffers,
    enabled: me.permissions.includes('transparency:read'),
  });
  const preview = useMutation({ mutationFn: () => previewAudience({ channel: channel as 'phone', filter: filterOf(filter) }) });
  // A count is only shown for the filter and channel it was taken for.
  const [countedFor, setCountedFor] = useState('');
  const key = JSON.stringify([channel, filterOf(filter)]);
  const previewIssues = isApiError(preview.error) ? issuesByField(preview.error.issues.map((i) => ({ ...i, path: i.path.replace(/^filter\./, '') }))) : {};
  const fieldError = (name: string) => errors[name] ?? previewIssues[name];
  return (
    <Fieldset id="campaign-filter" legend={t('bo.campaigns.filter.legend')} mb="md" aria-describedby="campaign-filter-hint">
      <Text id="campaign-filter-hint" size="sm" mb="sm">
        {t('bo.campaigns.filter.hint')}
      </Text>
      {error ? (
        <Alert color="red" mb="sm" id="campaign-filter-error">
          {error}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
        <RadioGroup
          id="filter-contract"
          legend={t('bo.campaigns.filter.contract')}
          value={filter.contract}
          onChange={setIn('contract')}
          options={(['any', 'active', 'none'] as const).map((value) => ({ value, label: t(`bo.campaigns.filter.contractState.${value}`) }))}
          error={fieldError('contract')}
        />
        <CheckboxGroup
          id="filter-locales"
          legend={t('bo.campaigns.filter.locales')}
          options={(['fr', 'en'] as const).map((value) => ({ value, label: t(`bo.campaigns.filter.locale.${value}`) }))}
          selected={filter.locales}
          onChange={setIn('locales')}
          hint={t('bo.campaigns.filter.anyHint')}
          error={fieldError('locales')}
        />
      </SimpleGrid>
      {filter.contract !== 'none' && offers.data && offers.data.length > 0 ? (
        <CheckboxGroup
          id="filter-offers"
          legend={t('bo.campaigns.filter.offers')}
          hint={t('bo.campaigns.filter.offersHint')}
          options={offers.data.map((o) => ({
            value: o.id,
            label: o.current ? (lang === 'en' && o.current.name.en ? o.current.name.en : o.current.name.fr) : o.slug,
          }))}
          selected={filter.offerIds}
          onChange={setIn('offerIds')}
          error={fieldError('offerIds')}
        />
      ) : null}
      <TextField
        id="filter-timezones"
        label={t('bo.campaigns.filter.timezones')}
        hint={t('bo.campaigns.filter.timezonesHint')}
        value={filter.timezones}
        onChange={(e) => setIn('timezones')(e.currentTarget.value)}
        error={fieldError('timezones')}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
        <TextField
          id="filter-created-from"
          type="date"
          label={t('bo.campaigns.filter.createdFrom')}
          value={filter.createdFrom}
          onChange={(e) => setIn('createdFrom')(e.currentTarget.value)}
          error={fieldError('createdFrom')}
        />
        <TextField
          id="filter-created-to"
          type="date"
          label={t('bo.campaigns.filter.createdTo')}
          value={filter.createdTo}
          onChange={(e) => setIn('createdTo')(e.currentTarget.value)}
          error={fieldError('createdTo')}
        />
        <TextField
          id="filter-contacted-since"
          type="date"
          label={t('bo.campaigns.filter.contactedSince')}
          value={filter.contactedSince}
          onChange={(e) => setIn('contactedSince')(e.currentTarget.value)}
          error={fieldError('contactedSince')}
        />
        <TextField
          id="filter-not-contacted-since"
          type="date"
          label={t('bo.campaigns.filter.notContactedSince')}
          value={filter.notContactedSince}
          onChange={(e) => setIn('notContactedSince')(e.currentTarget.value)}
          error={fieldError('notContactedSince')}
        />
      </SimpleGrid>
      <Group gap="md" align="center">
        <Button
          variant="default"
          onClick={() => {
            if (preview.isPending) return;
            setCountedFor(key);
            preview.mutate();
          }}
          loading={preview.isPending}
        >
          {t('bo.campaigns.filter.preview')}
        </Button>
        <div role="status">
          {preview.isSuccess && countedFor === key ? (
            <Text fw={600}>{t('bo.campaigns.filter.count', { count: preview.data, channel: t(`bo.channel.${channel}`) })}</Text>
          ) : null}
          {preview.isError && countedFor === key ? <Text c="red.8">{preview.error.message}</Text> : null}
        </div>
      </Group>
    </Fieldset>
  );
}

/**
 * The instant a typed send time stands for: the browser's offset at that date and the same
 * instant at the organisation's time, as the campaign will show it once stored.
 */
function ScheduledAs({ value }: { value: string }) {
  const { t } = useTranslation('contact');
  const when = new Date(value);
  if (!value || Number.isNaN(when.getTime())) return null;
  return (
    <Text size="sm" mt={-8} mb="sm" aria-live="polite">
      {t('bo.campaigns.form.scheduledAs', { offset: browserOffset(when), when: dateFormatter(currentLanguage()).dateTime(when.toISOString()) })}
    </Text>
  );
}
