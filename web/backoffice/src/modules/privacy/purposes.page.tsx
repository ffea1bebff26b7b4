import { Anchor, Button, Code, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { CheckboxGroup, ErrorSummary, issuesByField, Select, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import type { CreatePurposeBody } from '../../../../../src/api/contract.ts';
import { allOf } from '../../union.ts';
import { createPurpose, findPurposes, privacyKeys } from './api.ts';

type Channel = CreatePurposeBody['channels'][number];
const LEGAL_BASES = allOf<CreatePurposeBody['legalBasis']>()([
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
]);
const CHANNELS = allOf<Channel>()(['email', 'sms', 'phone', 'post']);

/** Purposes and every version of their notices (/app/privacy/purposes); DPOs create purposes. */
export function PurposesPage() {
  const { t } = useTranslation('privacy');
  const me = useMe();
  const lang = currentLanguage();
  const purposes = useQuery({ queryKey: privacyKeys.purposes, queryFn: findPurposes });
  if (isApiError(purposes.error, 403)) return <ForbiddenPage message={purposes.error.message} />;
  return (
    <Page title={t('bo.purposes.title')}>
      <Text mb="xs" maw="48rem">
        {t('bo.purposes.intro')}
      </Text>
      <Anchor component={Link} to="/privacy/consents/transfer" size="sm" mb="md" display="inline-block">
        {t('bo.link', { ns: 'consent' })}
      </Anchor>
      {purposes.isPending ? (
        <Loading />
      ) : purposes.isError ? (
        <LoadError error={purposes.error} onRetry={() => void purposes.refetch()} />
      ) : purposes.data.length === 0 ? (
        <EmptyState title={t('bo.purposes.none')} />
      ) : (
        purposes.data.map((p) => (
          <Panel key={p.id} id={`purpose-${p.id}`} title={<Code fz="inherit">{p.key}</Code>}>
            <Facts
              items={[
                { label: t('bo.purposes.legalBasis'), value: t(`legalBasis.${p.legalBasis}`, { ns: 'register' }) },
                { label: t('bo.purposes.dataUse'), value: <Code>{p.dataUse}</Code> },
                { label: t('bo.purposes.channels'), value: p.channels.map((c) => t(`channel.${c}`)).join(', ') },
                { label: t('bo.purposes.gpc'), value: p.gpcApplies ? t('bo.yes') : t('bo.no') },
              ]}
            />
            <DataTable
              caption={t('bo.purposes.versionsCaption', { key: p.key })}
              showCaption
              rows={p.notices}
              rowKey={(n) => String(n.version)}
              columns={[
                { key: 'version', header: t('bo.purposes.version'), cell: (n) => `v${n.version}`, nowrap: true },
                { key: 'title', header: t('bo.purposes.noticeTitle'), cell: (n) => (lang === 'en' ? n.titleEn : n.titleFr) },
                { key: 'published', header: t('bo.purposes.published'), cell: (n) => formatDateTime(n.createdAt, lang), nowrap: true },
              ]}
            />
          </Panel>
        ))
      )}
      {me.permissions.includes('purpose:manage') ? <CreatePurposeForm /> : null}
    </Page>
  );
}

function CreatePurposeForm() {
  const { t } = useTranslation('privacy');
  const queryClient = useQueryClient();
  const empty = {
    key: '',
    legalBasis: 'consent' as CreatePurposeBody['legalBasis'],
    dataUse: 'marketing.communications.email',
    titleFr: '',
    titleEn: '',
    textFr: '',
    textEn: '',
  };
  const [form, setForm] = useState(empty);
  const [channels, setChannels] = useState<Channel[]>(['email']);
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      createPurpose({
        key: form.key.trim(),
        legalBasis: form.legalBasis,
        dataUse: form.dataUse.trim(),
        channels,
        notice: { titleFr: form.titleFr, titleEn: form.titleEn, textFr: form.textFr, textEn: form.textEn },
      }),
    onSuccess: (p) => {
      setForm(empty);
      setDone(t('bo.purposes.created', { key: p.key }));
      void queryClient.invalidateQueries({ queryKey: privacyKeys.purposes });
      void queryClient.invalidateQueries({ queryKey: privacyKeys.rates });
    },
  });
  const issues = isApiError(create.error) ? issuesByField(create.error.issues) : {};
  const field = (name: keyof typeof empty, label: string, hint?: string) => (
    <TextField
      id={`purpose-${name}`}
      label={label}
      {...(hint ? { hint } : {})}
      required
      value={form[name]}
      onChange={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
      error={issues[name] ?? issues.notice}
    />
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  return (
    <Panel title={t('bo.purposes.createTitle')} id="create-purpose-title">
      <DoneStatus message={done} />
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={create.error?.message}
          fieldErrors={issues}
          fields={{ key: { id: 'purpose-key', label: t('bo.purposes.key') } }}
        />
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" verticalSpacing={0}>
          {field('key', t('bo.purposes.key'), t('bo.purposes.keyHint'))}
          <Select
            id="purpose-legalBasis"
            label={t('bo.purposes.legalBasis')}
            value={form.legalBasis}
            onChange={(legalBasis) => setForm({ ...form, legalBasis })}
            options={LEGAL_BASES}
            labelOf={(b) => t(`legalBasis.${b}`)}
          />
          {field('dataUse', t('bo.purposes.dataUse'), t('bo.purposes.dataUseHint'))}
        </SimpleGrid>
        <CheckboxGroup
          id="purpose-channels"
          legend={t('bo.purposes.channels')}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          selected={channels}
          onChange={setChannels}
          error={issues.channels}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
          {field('titleFr', t('bo.purposes.titleFr'))}
          {field('titleEn', t('bo.purposes.titleEn'))}
          {field('textFr', t('bo.purposes.textFr'))}
          {field('textEn', t('bo.purposes.textEn'))}
        </SimpleGrid>
        <Button type="submit" loading={create.isPending}>
          {t('bo.purposes.createSubmit')}
        </Button>
      </form>
    </Panel>
  );
}
