import { Button, Fieldset, SimpleGrid } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { CheckboxGroup, ErrorSummary, RadioGroup, Select, TextAreaField, TextField, issuesByField } from '../../components/form.tsx';
import { BREACH_TYPES, DISCOVERY_SOURCES, RISK_LEVELS, type BreachDto, type BreachFieldsInput, type CreateBreachBody } from './api.ts';
import { fromLocalInput, toLocalInput } from './local-time.ts';

/** What the user types: '' until known. */
interface Draft {
  title: string;
  awareAt: string;
  occurredAt: string;
  discoverySource: NonNullable<BreachFieldsInput['discoverySource']> | '';
  description: string;
  breachTypes: BreachFieldsInput['breachTypes'];
  dataCategories: string;
  subjectCategories: string;
  approxSubjects: string;
  approxRecords: string;
  dpoContact: string;
  consequences: string;
  measures: string;
  risk: BreachFieldsInput['risk'];
  riskReasons: string;
}

function draftOf(b: BreachDto | undefined): Draft {
  return {
    title: b?.title ?? '',
    awareAt: toLocalInput(b?.awareAt ?? null),
    occurredAt: toLocalInput(b?.occurredAt ?? null),
    discoverySource: b?.discoverySource ?? '',
    description: b?.description ?? '',
    breachTypes: b?.breachTypes ?? [],
    dataCategories: b?.dataCategories ?? '',
    subjectCategories: b?.subjectCategories ?? '',
    approxSubjects: b?.approxSubjects?.toString() ?? '',
    approxRecords: b?.approxRecords?.toString() ?? '',
    dpoContact: b?.dpoContact ?? '',
    consequences: b?.consequences ?? '',
    measures: b?.measures ?? '',
    risk: b?.risk ?? 'unassessed',
    riskReasons: b?.riskReasons ?? '',
  };
}

const count = (value: string): number | null => (value.trim() === '' ? null : Number(value));
/** What is not known yet is sent as null, not as an empty text. */
const known = (value: string): string | null => (value.trim() === '' ? null : value);

/**
 * The facts, Art. 33(3) content and risk assessment of a breach, for editing a file; with `draft`,
 * only what is known at discovery (title, awareness, description), the rest completed later.
 * `lockAwareness`: the awareness time is fixed once the authority decision is taken.
 */
export function BreachForm({
  breach,
  draft: draftOnly = false,
  lockAwareness = false,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  breach?: BreachDto;
  draft?: boolean;
  lockAwareness?: boolean;
  submitLabel: string;
  pending: boolean;
  error: Error | null;
  onSubmit: (input: CreateBreachBody) => void;
}) {
  const { t } = useTranslation('breaches');
  const [draft, setDraft] = useState<Draft>(() => draftOf(breach));
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const fieldErrors = isApiError(error) ? issuesByField(error.issues) : {};
  const ids = Object.fromEntries(Object.keys(draft).map((k) => [k, { id: `breach-${k}`, label: t(`fields.${k}`) }]));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const facts = {
      title: draft.title,
      awareAt: fromLocalInput(draft.awareAt),
      occurredAt: draft.occurredAt ? fromLocalInput(draft.occurredAt) : null,
      description: draft.description,
    };
    if (draftOnly) return onSubmit(facts);
    onSubmit({
      ...facts,
      discoverySource: draft.discoverySource || null,
      breachTypes: draft.breachTypes,
      dataCategories: known(draft.dataCategories),
      subjectCategories: known(draft.subjectCategories),
      approxSubjects: count(draft.approxSubjects),
      approxRecords: count(draft.approxRecords),
      dpoContact: known(draft.dpoContact),
      consequences: known(draft.consequences),
      measures: known(draft.measures),
      risk: draft.risk,
      riskReasons: known(draft.riskReasons),
    });
  };
  const required = new Set(['title', 'description']);
  const text = (key: 'title' | 'dpoContact', hint?: string) => (
    <TextField
      id={`breach-${key}`}
      label={t(`fields.${key}`)}
      required={required.has(key)}
      value={draft[key]}
      onChange={(e) => set(key)(e.currentTarget.value)}
      error={fieldErrors[key]}
      {...(hint ? { hint } : {})}
    />
  );
  const area = (
    key: 'description' | 'dataCategories' | 'subjectCategories' | 'consequences' | 'measures' | 'riskReasons',
    hint?: string,
  ) => (
    <TextAreaField
      id={`breach-${key}`}
      label={t(`fields.${key}`)}
      required={required.has(key)}
      minRows={3}
      value={draft[key]}
      onChange={set(key)}
      error={fieldErrors[key]}
      {...(hint ? { hint } : {})}
    />
  );
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary message={error?.message} fieldErrors={fieldErrors} fields={ids} />
      <Fieldset legend={t('bo.form.facts')} mb="md">
        {text('title', t('bo.form.titleHint'))}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing={0}>
          <TextField
            id="breach-awareAt"
            type="datetime-local"
            label={t('fields.awareAt')}
            hint={lockAwareness ? t('bo.form.awareLocked') : t('bo.form.awareHint')}
            required
            readOnly={lockAwareness}
            value={draft.awareAt}
            onChange={(e) => set('awareAt')(e.currentTarget.value)}
            error={fieldErrors.awareAt}
          />
          <TextField
            id="breach-occurredAt"
            type="datetime-local"
            label={t('fields.occurredAt')}
            hint={t('bo.form.occurredHint')}
            value={draft.occurredAt ?? ''}
            onChange={(e) => set('occurredAt')(e.currentTarget.value)}
            error={fieldErrors.occurredAt}
          />
        </SimpleGrid>
        {area('description')}
        {draftOnly ? null : (
          <Select
            id="breach-discoverySource"
            label={t('fields.discoverySource')}
            value={draft.discoverySource}
            onChange={set('discoverySource')}
            options={['', ...DISCOVERY_SOURCES]}
            labelOf={(s) => (s ? t(`source.${s}`) : t('bo.form.notKnownYet'))}
            error={fieldErrors.discoverySource}
          />
        )}
      </Fieldset>
      {draftOnly ? null : (
        <>
          <Fieldset legend={t('bo.form.content')} mb="md">
            <CheckboxGroup
              id="breach-breachTypes"
              legend={t('fields.breachTypes')}
              options={BREACH_TYPES.map((x) => ({ value: x, label: t(`type.${x}`) }))}
              selected={draft.breachTypes}
              onChange={set('breachTypes')}
              error={fieldErrors.breachTypes}
            />
            {area('dataCategories', t('bo.form.dataCategoriesHint'))}
            {area('subjectCategories', t('bo.form.subjectCategoriesHint'))}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing={0}>
              <TextField
                id="breach-approxSubjects"
                type="number"
                min={0}
                inputMode="numeric"
                label={t('fields.approxSubjects')}
                value={draft.approxSubjects}
                onChange={(e) => set('approxSubjects')(e.currentTarget.value)}
                error={fieldErrors.approxSubjects}
              />
              <TextField
                id="breach-approxRecords"
                type="number"
                min={0}
                inputMode="numeric"
                label={t('fields.approxRecords')}
                value={draft.approxRecords}
                onChange={(e) => set('approxRecords')(e.currentTarget.value)}
                error={fieldErrors.approxRecords}
              />
            </SimpleGrid>
            {text('dpoContact')}
            {area('consequences')}
            {area('measures')}
          </Fieldset>
          <Fieldset legend={t('bo.form.assessment')} mb="md">
            <RadioGroup
              id="breach-risk"
              legend={t('fields.risk')}
              hint={t('bo.form.riskHint')}
              options={RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`) }))}
              value={draft.risk}
              onChange={set('risk')}
              error={fieldErrors.risk}
            />
            {area('riskReasons')}
          </Fieldset>
        </>
      )}
      <Button type="submit" loading={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
