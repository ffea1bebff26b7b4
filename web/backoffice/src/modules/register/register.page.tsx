import { Box, Button, Card, Code, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { CheckboxGroup, ErrorSummary, issuesByField, Select, TextAreaField, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import {
  createActivity,
  getRegister,
  prefillRegister,
  REGISTER_CSV_URL,
  REGISTER_PRINT_URL,
  registerKeys,
  updateActivity,
  updateController,
  type ActivityDto,
  type ActivityInput,
  type ControllerDto,
  type ControllerInput,
} from './api.ts';
import { DATA_CATEGORIES, SUBJECT_CATEGORIES as SUBJECTS } from '../../../../../src/core/register/register.taxonomy.ts';
import { allOf } from '../../union.ts';
import { dataCategoryKey } from './labels.ts';

const LEGAL_BASES = allOf<NonNullable<ActivityInput['legalBasis']>>()([
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
]);
/** Multi-line texts keep their line breaks; an empty one reads as a dash. */
const written = (text: string | null) => (text ? <span className="cf-prewrap">{text}</span> : '—');
const TEXT_FIELDS = [
  'purposes',
  'recipients',
  'transfers',
  'safeguards',
  'erasureLimits',
  'securityMeasures',
] as const satisfies readonly (keyof ActivityInput)[];
const CONTROLLER_FIELDS = allOf<keyof ControllerInput>()([
  'controllerName',
  'controllerContact',
  'jointControllers',
  'representative',
  'dpoName',
  'dpoContact',
]);

/** The records of processing (/app/register): view, edit (register:manage), CSV and printable page. */
export function RegisterPage() {
  const { t } = useTranslation('register');
  const query = useQuery({ queryKey: registerKeys.register, queryFn: getRegister });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const manage = query.data?.abilities.manage ?? false;
  const active = query.data?.activities.filter((a) => a.status === 'active') ?? [];
  const archived = query.data?.activities.filter((a) => a.status === 'archived') ?? [];
  return (
    <Page title={t('bo.register.title')}>
      <Text mb="sm" maw="48rem">
        {t('bo.register.intro')}
      </Text>
      <Group gap="sm" mb="md">
        <Button component="a" variant="default" href={REGISTER_CSV_URL} download>
          {t('bo.register.downloadCsv')}
        </Button>
        <Button component="a" variant="default" href={REGISTER_PRINT_URL} target="_blank" rel="noopener">
          {t('bo.register.print')}
        </Button>
      </Group>
      {manage ? <PrefillButton /> : null}
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <ControllerSection controller={query.data.controller} manage={manage} />
          <Panel title={t('bo.register.activitiesTitle')} id="activities-title">
            {active.length === 0 ? (
              <EmptyState title={t('bo.register.none')} />
            ) : (
              active.map((a) => <ActivityCard key={a.id} activity={a} manage={manage} />)
            )}
          </Panel>
          {archived.length > 0 ? (
            <Panel title={t('bo.register.archivedTitle')} id="archived-title">
              {archived.map((a) => (
                <ActivityCard key={a.id} activity={a} manage={manage} />
              ))}
            </Panel>
          ) : null}
          {manage ? <NewActivityForm /> : null}
        </>
      )}
    </Page>
  );
}

function PrefillButton() {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const prefill = useMutation({
    mutationFn: prefillRegister,
    onSuccess: (items) => {
      setDone(t('bo.register.prefilled', { count: items.length }));
      void queryClient.invalidateQueries({ queryKey: registerKeys.register });
    },
  });
  return (
    <Box mb="md">
      <DoneStatus message={done} />
      <ErrorSummary message={prefill.error?.message} />
      <Button loading={prefill.isPending} onClick={() => prefill.mutate()}>
        {t('bo.register.prefill')}
      </Button>
    </Box>
  );
}

function ControllerSection({ controller, manage }: { controller: ControllerDto; manage: boolean }) {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ControllerInput>(
    () => Object.fromEntries(CONTROLLER_FIELDS.map((f) => [f, controller[f]])) as ControllerInput,
  );
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => updateController(form),
    onSuccess: () => {
      setEditing(false);
      setDone(t('bo.register.saved'));
      void queryClient.invalidateQueries({ queryKey: registerKeys.register });
    },
  });
  const issues = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <Panel
      title={t('bo.register.controllerTitle')}
      id="controller-title"
      actions={
        manage && !editing ? (
          <Button variant="default" onClick={() => (setDone(null), setEditing(true))}>
            {t('bo.register.edit', { name: t('bo.register.controllerTitle') })}
          </Button>
        ) : null
      }
    >
      <DoneStatus message={done} />
      {editing ? (
        <form onSubmit={onSubmit} noValidate>
          <ErrorSummary
            message={save.error?.message}
            fieldErrors={issues}
            fields={Object.fromEntries(CONTROLLER_FIELDS.map((f) => [f, { id: `controller-${f}`, label: t(`field.${f}`) }]))}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
            {CONTROLLER_FIELDS.map((f) => (
              <TextAreaField
                key={f}
                id={`controller-${f}`}
                label={t(`field.${f}`)}
                minRows={2}
                value={form[f]}
                required={f === 'controllerName' || f === 'controllerContact'}
                onChange={(v) => setForm({ ...form, [f]: v })}
                error={issues[f]}
              />
            ))}
          </SimpleGrid>
          <Group gap="sm">
            <Button type="submit" loading={save.isPending}>
              {t('bo.register.save')}
            </Button>
            <Button variant="default" onClick={() => setEditing(false)}>
              {t('bo.register.cancel')}
            </Button>
          </Group>
        </form>
      ) : (
        <Facts items={CONTROLLER_FIELDS.map((f) => ({ label: t(`field.${f}`), value: written(controller[f]) }))} />
      )}
    </Panel>
  );
}

function ActivityCard({ activity, manage }: { activity: ActivityDto; manage: boolean }) {
  const { t } = useTranslation('register');
  const lang = currentLanguage();
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const titleId = `activity-${activity.id}`;
  return (
    <Card component="section" withBorder padding="sm" mb="sm" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
        <div>
          <Title order={3} id={titleId}>
            {activity.name}
          </Title>
          <Text size="sm" c="dimmed">
            {t(`bo.register.origin.${activity.origin}`)} · {t(`bo.register.status.${activity.status}`)} ·{' '}
            {formatDateTime(activity.updatedAt, lang)}
          </Text>
        </div>
        {manage && !editing ? (
          <Button variant="default" onClick={() => (setDone(null), setEditing(true))}>
            {t('bo.register.edit', { name: activity.name })}
          </Button>
        ) : null}
      </Group>
      <DoneStatus message={done} />
      {editing ? (
        <ActivityForm
          activity={activity}
          onDone={(saved) => {
            setEditing(false);
            if (saved) setDone(t('bo.register.saved'));
          }}
        />
      ) : (
        <Facts
          items={[
            { label: t('field.purposes'), value: written(activity.purposes) },
            {
              label: t('field.legalBasis'),
              value: activity.legalBasis ? t(`legalBasis.${activity.legalBasis}`) : t('bo.register.noLegalBasis'),
            },
            { label: t('field.dataUse'), value: <Code>{activity.dataUse}</Code>, hidden: !activity.dataUse },
            { label: t('field.subjectCategories'), value: activity.subjectCategories.map((s) => t(`subject.${s}`)).join(', ') || '—' },
            { label: t('field.dataCategories'), value: activity.dataCategories.map((c) => t(dataCategoryKey(c))).join(', ') || '—' },
            ...(['recipients', 'transfers', 'safeguards', 'erasureLimits', 'securityMeasures'] as const).map((f) => ({
              label: t(`field.${f}`),
              value: written(activity[f]),
            })),
          ]}
        />
      )}
    </Card>
  );
}

function ActivityForm({ activity, onDone }: { activity: ActivityDto; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ActivityInput>({
    name: activity.name,
    purposes: activity.purposes,
    legalBasis: activity.legalBasis,
    dataUse: activity.dataUse,
    subjectCategories: activity.subjectCategories,
    dataCategories: activity.dataCategories,
    recipients: activity.recipients,
    transfers: activity.transfers,
    safeguards: activity.safeguards,
    erasureLimits: activity.erasureLimits,
    securityMeasures: activity.securityMeasures,
    status: activity.status,
  });
  const save = useMutation({
    mutationFn: () => updateActivity(activity.id, { ...form, dataUse: form.dataUse?.trim() ? form.dataUse.trim() : null }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: registerKeys.register });
      onDone(true);
    },
  });
  const issues = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const id = (f: string) => `edit-${activity.id}-${f}`;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <ErrorSummary
        message={save.error?.message}
        fieldErrors={issues}
        fields={Object.fromEntries(
          ['name', ...TEXT_FIELDS, 'dataUse', 'subjectCategories', 'dataCategories'].map((f) => [f, { id: id(f), label: t(`field.${f}`) }]),
        )}
      />
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" verticalSpacing={0}>
        <TextField
          id={id('name')}
          label={t('field.name')}
          required
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          error={issues.name}
        />
        <Select
          id={id('legalBasis')}
          label={t('field.legalBasis')}
          value={form.legalBasis ?? ''}
          onChange={(v) => setForm({ ...form, legalBasis: v || null })}
          options={['', ...LEGAL_BASES]}
          labelOf={(b) => (b ? t(`legalBasis.${b}`) : t('bo.register.noLegalBasis'))}
          error={issues.legalBasis}
        />
        <TextField
          id={id('dataUse')}
          label={t('field.dataUse')}
          value={form.dataUse ?? ''}
          onChange={(e) => setForm({ ...form, dataUse: e.currentTarget.value })}
          error={issues.dataUse}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
        {TEXT_FIELDS.map((f) => (
          <TextAreaField
            key={f}
            id={id(f)}
            label={t(`field.${f}`)}
            minRows={2}
            required={f === 'purposes'}
            value={form[f]}
            onChange={(v) => setForm({ ...form, [f]: v })}
            error={issues[f]}
          />
        ))}
      </SimpleGrid>
      <CheckboxGroup
        id={id('subjectCategories')}
        legend={t('field.subjectCategories')}
        options={SUBJECTS.map((s) => ({ value: s, label: t(`subject.${s}`) }))}
        selected={form.subjectCategories}
        onChange={(v) => setForm({ ...form, subjectCategories: v })}
        error={issues.subjectCategories}
      />
      <CheckboxGroup
        id={id('dataCategories')}
        legend={t('field.dataCategories')}
        options={DATA_CATEGORIES.map((c) => ({ value: c, label: t(dataCategoryKey(c)) }))}
        selected={form.dataCategories}
        onChange={(v) => setForm({ ...form, dataCategories: v })}
        error={issues.dataCategories}
      />
      <Select
        id={id('status')}
        label={t('field.status')}
        value={form.status}
        onChange={(status) => setForm({ ...form, status })}
        options={['active', 'archived'] as const}
        labelOf={(s) => t(`bo.register.status.${s}`)}
      />
      <Group gap="sm">
        <Button type="submit" loading={save.isPending}>
          {t('bo.register.save')}
        </Button>
        <Button variant="default" onClick={() => onDone(false)}>
          {t('bo.register.cancel')}
        </Button>
      </Group>
    </form>
  );
}

function NewActivityForm() {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', purposes: '' });
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => createActivity({ name: form.name.trim(), purposes: form.purposes.trim() }),
    onSuccess: (a) => {
      setForm({ name: '', purposes: '' });
      setDone(t('bo.register.created', { name: a.name }));
      void queryClient.invalidateQueries({ queryKey: registerKeys.register });
    },
  });
  const issues = isApiError(create.error) ? issuesByField(create.error.issues) : {};
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  return (
    <Panel title={t('bo.register.newTitle')} id="new-activity-title">
      <DoneStatus message={done} />
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={create.error?.message}
          fieldErrors={issues}
          fields={{
            name: { id: 'new-activity-name', label: t('field.name') },
            purposes: { id: 'new-activity-purposes', label: t('field.purposes') },
          }}
        />
        <TextField
          id="new-activity-name"
          label={t('field.name')}
          required
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          error={issues.name}
        />
        <TextAreaField
          id="new-activity-purposes"
          label={t('field.purposes')}
          minRows={2}
          required
          value={form.purposes}
          onChange={(v) => setForm({ ...form, purposes: v })}
          error={issues.purposes}
        />
        <Button type="submit" loading={create.isPending}>
          {t('bo.register.create')}
        </Button>
      </form>
    </Panel>
  );
}
