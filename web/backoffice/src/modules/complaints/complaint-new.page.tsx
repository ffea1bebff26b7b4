import { Alert, Anchor, Button, Card, Checkbox, Fieldset, Input, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, FieldError, Select, TextAreaField, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { currentLanguage } from '../../i18n.ts';
import type { CreateComplaintBody } from '../../../../../src/api/contract.ts';
import { phoneCollectionNotice } from '../../../../../src/rules/contact/notice.ts';
import { allOf } from '../../union.ts';
import { createComplaint, COMPLAINT_CATEGORIES } from './api.ts';

type Language = NonNullable<CreateComplaintBody['language']>;

/** The channels an agent files from (the portal and integrations file by themselves). */
const CHANNELS = ['phone', 'letter', 'shop', 'email', 'chat'] as const satisfies readonly CreateComplaintBody['channel'][];
const LANGUAGES = allOf<Language>()(['fr', 'en']);

/** What the agent types; blank optional fields are left out of the request. */
interface Draft {
  name: string;
  email: string;
  phone: string;
  address: string;
  channel: CreateComplaintBody['channel'];
  category: CreateComplaintBody['category'];
  language: Language;
  description: string;
  remedySought: string;
  /** The agent gave the customer the phone-collection notice shown with the number. */
  phoneNoticeGiven: boolean;
}

/** Server issues by field: `customer.email` → `email`, `description` → `description`. */
function errorsByField(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isApiError(error)) return result;
  for (const issue of error.issues) {
    const field = issue.path.replace(/^customer\./, '').split(/[.[]/)[0] || '_form';
    result[field] ??= issue.message;
  }
  return result;
}

/**
 * An agent files a complaint received by phone, letter or in a shop (/app/complaints/new). The
 * customer is identified by an e-mail, a phone number or a postal address: without an e-mail they
 * get no e-mails and no portal tracking, and the acknowledgement becomes a task for the agent.
 */
export function NewComplaintPage() {
  const { t } = useTranslation('complaints');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Draft>({
    name: '',
    email: '',
    phone: '',
    address: '',
    channel: 'phone',
    category: 'billing',
    language: currentLanguage() === 'en' ? 'en' : 'fr',
    description: '',
    remedySought: '',
    phoneNoticeGiven: false,
  });
  const [missing, setMissing] = useState<Record<string, string>>({});
  // The notice owed when a phone number is collected from 2026-08-11 (C. consom. L.223-1): its
  // text and version come from the one dated rule (rules/contact/notice.ts); the server checks
  // that the version sent is the one in force and records it, with the agent and the time, in
  // the complaint's audit event.
  const notice = phoneCollectionNotice(new Date());
  const { t: tc } = useTranslation('contact');
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setForm({ ...form, [key]: value });
  const mutation = useMutation({
    mutationFn: (input: CreateComplaintBody) => createComplaint(input),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['complaints'] });
      void navigate(`/complaints/${created.complaint.id}`);
    },
  });
  const errors = Object.keys(missing).length > 0 ? missing : errorsByField(mutation.error);
  const askNotice = notice !== null && form.phone.trim() !== '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    // The notice is owed as soon as a number is collected: the agent says it was given before filing.
    const wanted: Record<string, string> = askNotice && !form.phoneNoticeGiven ? { phoneNotice: t('bo.new.phoneNoticeRequired') } : {};
    setMissing(wanted);
    if (Object.keys(wanted).length > 0) return;
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    mutation.mutate({
      customer: {
        name: form.name.trim(),
        email: optional(form.email),
        phone: optional(form.phone),
        address: optional(form.address),
        locale: form.language,
      },
      channel: form.channel,
      category: form.category,
      language: form.language,
      description: form.description.trim(),
      remedySought: optional(form.remedySought),
      phoneNotice: askNotice ? notice.key : undefined,
    });
  };
  const fields = {
    name: { id: 'new-name', label: t('bo.name') },
    email: { id: 'new-email', label: t('bo.email') },
    phone: { id: 'new-phone', label: t('bo.phone') },
    address: { id: 'new-address', label: t('bo.address') },
    description: { id: 'new-description', label: t('bo.description') },
    phoneNotice: { id: 'new-phone-notice', label: t('bo.new.phoneNoticeGiven') },
  };
  const noEmail = form.email.trim() === '';
  return (
    <Page title={t('bo.new.title')}>
      <Anchor component={Link} to="/complaints" size="sm" mb="sm" display="inline-block">
        {t('bo.backToQueue')}
      </Anchor>
      <Card withBorder padding="md">
        <form onSubmit={submit} noValidate>
          <ErrorSummary
            message={
              Object.keys(missing).length > 0 ? t('bo.new.fix') : mutation.error instanceof Error ? mutation.error.message : undefined
            }
            fieldErrors={errors}
            fields={fields}
          />
          <Fieldset legend={t('bo.customer')} mb="md">
            <Input.Description id="new-contact-hint" mb="xs">
              {t('bo.new.contactHint')}
            </Input.Description>
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" verticalSpacing={0}>
              <TextField
                id="new-name"
                label={t('bo.name')}
                value={form.name}
                onChange={(e) => set('name')(e.currentTarget.value)}
                error={errors.name}
                required
                autoComplete="off"
              />
              <TextField
                id="new-email"
                type="email"
                label={t('bo.email')}
                value={form.email}
                onChange={(e) => set('email')(e.currentTarget.value)}
                error={errors.email}
                autoComplete="off"
                aria-describedby="new-contact-hint"
              />
              <TextField
                id="new-phone"
                type="tel"
                label={t('bo.phone')}
                hint={t('bo.new.phoneHint')}
                value={form.phone}
                onChange={(e) => set('phone')(e.currentTarget.value)}
                error={errors.phone}
                autoComplete="off"
              />
            </SimpleGrid>
            {askNotice ? (
              <Fieldset legend={t('bo.new.phoneNoticeTitle')} variant="filled" mb="md" aria-describedby="new-phone-notice-hint">
                <Text size="sm" component="blockquote" fs="italic" m={0} mb="xs" id="new-phone-notice-text">
                  {tc(notice.textKey)}
                </Text>
                <Input.Description id="new-phone-notice-hint" mb="xs">
                  {t('bo.new.phoneNoticeHint')}
                </Input.Description>
                <Checkbox
                  id="new-phone-notice"
                  label={t('bo.new.phoneNoticeGiven')}
                  checked={form.phoneNoticeGiven}
                  onChange={(e) => set('phoneNoticeGiven')(e.currentTarget.checked)}
                  aria-invalid={errors.phoneNotice ? true : undefined}
                  aria-describedby={errors.phoneNotice ? 'new-phone-notice-text new-phone-notice-error' : 'new-phone-notice-text'}
                />
                <FieldError id="new-phone-notice-error" message={errors.phoneNotice} />
              </Fieldset>
            ) : null}
            <TextAreaField
              id="new-address"
              label={t('bo.address')}
              minRows={2}
              value={form.address}
              onChange={set('address')}
              error={errors.address}
            />
            {noEmail ? <Alert color="blue">{t('bo.new.noEmail')}</Alert> : null}
          </Fieldset>
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" verticalSpacing={0}>
            <Select
              id="new-channel"
              label={t('bo.channel')}
              value={form.channel}
              options={CHANNELS}
              labelOf={(v) => t(`channels.${v}`)}
              onChange={set('channel')}
            />
            <Select
              id="new-category"
              label={t('bo.columns.category')}
              value={form.category}
              options={COMPLAINT_CATEGORIES}
              labelOf={(v) => t(`categories.${v}`)}
              onChange={set('category')}
            />
            <Select
              id="new-language"
              label={t('bo.new.language')}
              value={form.language}
              options={LANGUAGES}
              labelOf={(v) => t(`bo.new.languages.${v}`)}
              onChange={set('language')}
            />
          </SimpleGrid>
          <TextAreaField
            id="new-description"
            label={t('bo.description')}
            minRows={6}
            value={form.description}
            onChange={set('description')}
            error={errors.description}
          />
          <TextAreaField
            id="new-remedy"
            label={t('bo.remedySought')}
            minRows={2}
            value={form.remedySought}
            onChange={set('remedySought')}
            error={errors.remedySought}
          />
          <Button type="submit" loading={mutation.isPending}>
            {t('bo.new.submit')}
          </Button>
        </form>
      </Card>
    </Page>
  );
}
