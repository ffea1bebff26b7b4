import { Alert, Anchor, Button, List, SimpleGrid, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCreateAndOpen } from '../../components/create-and-open.ts';
import { isApiError } from '../../api.ts';
import { ErrorSummary, Select, TextAreaField, TextField, issuesByField, type SummaryFields } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { CONTACT_CHANNELS, CONTACT_PURPOSES } from './api.ts';
import { CAMPAIGN_SECTORS, campaignKeys, createCampaign, type CampaignDraft } from './campaigns.api.ts';

/** The browser's zone, in which a datetime-local input is read. */
const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The browser zone's offset at `when` ("UTC+01:00"): it changes with daylight saving. */
function browserOffset(when: Date): string {
  const name = new Intl.DateTimeFormat('en', { timeZoneName: 'longOffset' }).formatToParts(when).find((p) => p.type === 'timeZoneName');
  return (name?.value ?? 'GMT').replace(/^GMT$/, 'UTC+00:00').replace(/^GMT/, 'UTC');
}

/**
 * A new campaign (/app/contact/campaigns/new): its audience as a CSV file (one customer
 * reference, e-mail or phone number a line), channel, purpose, sector, message and send time.
 * A file with a line naming no usable person is refused whole, each such line named.
 */
export function NewCampaignPage() {
  const { t } = useTranslation('contact');
  const [picked, setPicked] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [draft, setDraft] = useState({ name: '', channel: 'phone', purpose: 'prospecting', sector: 'other', message: '', scheduledAt: '' });
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const mutation = useCreateAndOpen({
    create: (file: File) => {
      // The send time is typed on the user's clock; the server receives an instant with its offset.
      const when = new Date(draft.scheduledAt);
      const body: CampaignDraft = { ...draft, scheduledAt: Number.isNaN(when.getTime()) ? draft.scheduledAt : when.toISOString() };
      return createCampaign(body, file);
    },
    listKey: campaignKeys.all,
    recordKey: campaignKeys.one,
    pathOf: (id) => `/contact/campaigns/${id}`,
  });
  const issues = isApiError(mutation.error) ? mutation.error.issues : [];
  const errors = issuesByField(issues.filter((i) => i.path !== 'file'));
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
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = picked;
    setMissingFile(!file);
    if (file && !mutation.isPending) mutation.mutate(file);
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
            fieldErrors={{ ...errors, ...(fileError ? { file: fileError } : {}) }}
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
          <TextField
            id="campaign-file"
            type="file"
            accept=".csv,text/csv"
            label={fields.file!.label}
            hint={t('bo.campaigns.form.fileHint')}
            required
            onChange={(e) => setPicked(e.currentTarget.files?.[0] ?? null)}
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
          <Button type="submit" loading={mutation.isPending}>
            {t('bo.campaigns.form.submit')}
          </Button>
        </form>
      </Panel>
    </Page>
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
