import { Anchor, Button, Group, SimpleGrid, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCreateAndOpen } from '../../components/create-and-open.ts';
import { isApiError } from '../../api.ts';
import { ErrorSummary, Select, TextAreaField, TextField, issuesByField, type SummaryFields } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { useMe } from '../../session.ts';
import { allOf } from '../../union.ts';
import { createRequest, privacyKeys, type DsrManualBody } from './api.ts';

const TYPES = allOf<DsrManualBody['type']>()(['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection']);
const CHANNELS = allOf<DsrManualBody['channel']>()(['post', 'phone', 'email', 'in_person']);
const CHECKS = allOf<DsrManualBody['identityCheck']>()(['id_document', 'known_contact_details', 'security_questions']);

/** Today in the organisation's zone (YYYY-MM-DD): the latest day a request can have been received. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * Logs a request received by letter, phone, e-mail or in person (/app/privacy/requests/new). The
 * day it was received is asked for, since the month to answer runs from receipt, not from the day
 * it is typed in (GDPR Art. 12(3)); nothing is preselected but that day (today), so the agent
 * chooses the type, the channel and how identity was checked.
 */
export function NewRequestPage() {
  const { t } = useTranslation('privacy');
  const me = useMe();
  const max = today(me.org.timezone);
  const [draft, setDraft] = useState({ email: '', name: '', type: '', channel: '', identityCheck: '', receivedOn: max, details: '' });
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const mutation = useCreateAndOpen({
    // Empty choices are sent as absent: the server names each missing field in its answer.
    create: () =>
      createRequest({
        email: draft.email.trim(),
        ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
        ...(draft.details.trim() ? { details: draft.details.trim() } : {}),
        ...(draft.receivedOn ? { receivedOn: draft.receivedOn } : {}),
        type: (draft.type || undefined) as DsrManualBody['type'],
        channel: (draft.channel || undefined) as DsrManualBody['channel'],
        identityCheck: (draft.identityCheck || undefined) as DsrManualBody['identityCheck'],
      }),
    listKey: privacyKeys.requests,
    recordKey: privacyKeys.request,
    pathOf: (id) => `/privacy/requests/${id}`,
    state: { created: true },
  });
  const errors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  const fields: SummaryFields = {
    email: { id: 'dsr-email', label: t('bo.newRequest.email') },
    name: { id: 'dsr-name', label: t('bo.newRequest.name') },
    type: { id: 'dsr-type', label: t('bo.newRequest.type') },
    channel: { id: 'dsr-channel', label: t('bo.newRequest.channel') },
    identityCheck: { id: 'dsr-identity', label: t('bo.newRequest.identity') },
    receivedOn: { id: 'dsr-received', label: t('bo.newRequest.receivedOn') },
    details: { id: 'dsr-details', label: t('bo.newRequest.details') },
  };
  const choose = t('bo.newRequest.choose');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!mutation.isPending) mutation.mutate();
  };
  return (
    <Page title={t('bo.newRequest.title')}>
      <Anchor component={Link} to="/privacy" size="sm" mb="sm" display="inline-block">
        {t('bo.request.back')}
      </Anchor>
      <Text mb="md" maw="48rem">
        {t('bo.newRequest.intro')}
      </Text>
      <Panel title={t('bo.newRequest.formTitle')}>
        <form onSubmit={onSubmit} noValidate>
          <ErrorSummary message={mutation.error?.message} fieldErrors={errors} fields={fields} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
            <TextField
              id="dsr-email"
              type="email"
              autoComplete="off"
              label={fields.email!.label}
              hint={t('bo.newRequest.emailHint')}
              required
              value={draft.email}
              onChange={(e) => set('email')(e.currentTarget.value)}
              error={errors.email}
            />
            <TextField
              id="dsr-name"
              label={fields.name!.label}
              value={draft.name}
              onChange={(e) => set('name')(e.currentTarget.value)}
              error={errors.name}
            />
            <Select
              id="dsr-type"
              label={fields.type!.label}
              value={draft.type}
              onChange={set('type')}
              options={['', ...TYPES]}
              labelOf={(v) => (v ? t(`dsrType.${v}`) : choose)}
              error={errors.type}
            />
            <TextField
              id="dsr-received"
              type="date"
              max={max}
              label={fields.receivedOn!.label}
              hint={t('bo.newRequest.receivedOnHint')}
              required
              value={draft.receivedOn}
              onChange={(e) => set('receivedOn')(e.currentTarget.value)}
              error={errors.receivedOn}
            />
            <Select
              id="dsr-channel"
              label={fields.channel!.label}
              value={draft.channel}
              onChange={set('channel')}
              options={['', ...CHANNELS]}
              labelOf={(v) => (v ? t(`bo.channel.${v}`) : choose)}
              error={errors.channel}
            />
            <Select
              id="dsr-identity"
              label={fields.identityCheck!.label}
              hint={t('bo.newRequest.identityHint')}
              value={draft.identityCheck}
              onChange={set('identityCheck')}
              options={['', ...CHECKS]}
              labelOf={(v) => (v ? t(`bo.identity.${v}`) : choose)}
              error={errors.identityCheck}
            />
          </SimpleGrid>
          <TextAreaField
            id="dsr-details"
            label={fields.details!.label}
            hint={t('bo.newRequest.detailsHint')}
            value={draft.details}
            onChange={set('details')}
            error={errors.details}
          />
          <Group gap="sm">
            <Button type="submit" loading={mutation.isPending}>
              {t('bo.newRequest.submit')}
            </Button>
            <Button component={Link} to="/privacy" variant="default">
              {t('bo.newRequest.cancel')}
            </Button>
          </Group>
        </form>
      </Panel>
    </Page>
  );
}
