import { Button, Fieldset, Group, List, SimpleGrid } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { amountInputValue } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ErrorSummary, Select, TextAreaField, TextField, issuesByField } from '../../components/form.tsx';
import { AUTHORITIES, CURRENCIES, KINDS, LINK_TYPES, STATUSES, SUBJECT_AREAS, type CreateRegulatoryEventBody, type RegulatoryEventDto } from './api.ts';

type Dto = RegulatoryEventDto;
type Link = { type: Dto['linkedRecords'][number]['type']; id: string };

/** What the user types: '' until known. */
interface Draft {
  occurredOn: string;
  authority: Dto['authority'];
  authorityName: string;
  kind: Dto['kind'];
  subjectArea: Dto['subjectArea'];
  status: Dto['status'];
  substantiated: 'yes' | 'no' | 'unknown';
  description: string;
  outcome: string;
  amount: string;
  currency: NonNullable<Dto['amount']>['currency'];
  linkedRecords: Link[];
}

function draftOf(e: Dto | undefined, lang: string): Draft {
  return {
    occurredOn: e?.occurredOn ?? '',
    authority: e?.authority ?? 'cnil',
    authorityName: e?.authorityName ?? '',
    kind: e?.kind ?? 'warning',
    subjectArea: e?.subjectArea ?? 'marketing',
    status: e?.status ?? 'open',
    substantiated: e?.substantiated === true ? 'yes' : e?.substantiated === false ? 'no' : 'unknown',
    description: e?.description ?? '',
    outcome: e?.outcome ?? '',
    amount: e?.amount ? amountInputValue(e.amount.cents, lang) : '',
    currency: e?.amount?.currency ?? 'EUR',
    linkedRecords: e?.linkedRecords.map((l) => ({ type: l.type, id: l.id })) ?? [],
  };
}

const known = (value: string): string | null => (value.trim() === '' ? null : value);
/** "1 500,50" or "1500.50" euros to cents; NaN when not a number (the server then names the field). */
function cents(value: string): number | null {
  const clean = value.replace(/\s/g, '').replace(',', '.');
  if (clean === '') return null;
  return Math.round(Number(clean) * 100);
}

/** The facts of a regulatory event, for a new one or to correct one. */
export function RegulatoryForm({
  event,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  event?: Dto;
  submitLabel: string;
  pending: boolean;
  error: Error | null;
  onSubmit: (input: Required<CreateRegulatoryEventBody>) => void;
}) {
  const { t } = useTranslation('regulatory');
  const [draft, setDraft] = useState<Draft>(() => draftOf(event, currentLanguage()));
  const [link, setLink] = useState<Link>({ type: 'complaint', id: '' });
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const fieldErrors = isApiError(error) ? issuesByField(error.issues) : {};
  const labelKey: Record<string, string> = { amountCents: 'amountCents' };
  const ids = Object.fromEntries(
    ['occurredOn', 'authority', 'authorityName', 'kind', 'subjectArea', 'status', 'substantiated', 'description', 'outcome', 'amountCents', 'currency', 'linkedRecords'].map((k) => [
      k,
      { id: `reg-${k}`, label: t(`fields.${labelKey[k] ?? k}`) },
    ]),
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (pending) return;
    const amountCents = cents(draft.amount);
    onSubmit({
      occurredOn: draft.occurredOn,
      authority: draft.authority,
      authorityName: draft.authority === 'other' ? known(draft.authorityName) : null,
      kind: draft.kind,
      subjectArea: draft.subjectArea,
      status: draft.status,
      substantiated: draft.substantiated === 'unknown' ? null : draft.substantiated === 'yes',
      description: draft.description,
      outcome: known(draft.outcome),
      amountCents,
      currency: amountCents === null ? null : draft.currency,
      linkedRecords: draft.linkedRecords,
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary message={error?.message} fieldErrors={fieldErrors} fields={ids} />
      <Fieldset legend={t('bo.detail.facts')} mb="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing={0}>
          <TextField
            id="reg-occurredOn"
            type="date"
            required
            label={t('fields.occurredOn')}
            value={draft.occurredOn}
            onChange={(e) => set('occurredOn')(e.currentTarget.value)}
            error={fieldErrors.occurredOn}
          />
          <Select id="reg-authority" label={t('fields.authority')} value={draft.authority} onChange={set('authority')} options={AUTHORITIES} labelOf={(a) => t(`authority.${a}`)} error={fieldErrors.authority} />
          {draft.authority === 'other' ? (
            <TextField
              id="reg-authorityName"
              required
              label={t('fields.authorityName')}
              value={draft.authorityName}
              onChange={(e) => set('authorityName')(e.currentTarget.value)}
              error={fieldErrors.authorityName}
            />
          ) : null}
          <Select id="reg-kind" label={t('fields.kind')} value={draft.kind} onChange={set('kind')} options={KINDS} labelOf={(k) => t(`kind.${k}`)} error={fieldErrors.kind} />
          <Select id="reg-subjectArea" label={t('fields.subjectArea')} value={draft.subjectArea} onChange={set('subjectArea')} options={SUBJECT_AREAS} labelOf={(a) => t(`subjectArea.${a}`)} error={fieldErrors.subjectArea} />
          <Select id="reg-status" label={t('fields.status')} value={draft.status} onChange={set('status')} options={STATUSES} labelOf={(s) => t(`status.${s}`)} error={fieldErrors.status} />
          <Select
            id="reg-substantiated"
            label={t('fields.substantiated')}
            value={draft.substantiated}
            onChange={set('substantiated')}
            options={['unknown', 'yes', 'no'] as const}
            labelOf={(s) => t(`substantiated.${s}`)}
            error={fieldErrors.substantiated}
          />
        </SimpleGrid>
        <TextAreaField id="reg-description" required minRows={3} label={t('fields.description')} value={draft.description} onChange={set('description')} error={fieldErrors.description} />
        <TextAreaField id="reg-outcome" minRows={2} label={t('fields.outcome')} value={draft.outcome} onChange={set('outcome')} error={fieldErrors.outcome} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing={0}>
          <TextField
            id="reg-amountCents"
            inputMode="decimal"
            label={t('fields.amountCents')}
            value={draft.amount}
            onChange={(e) => set('amount')(e.currentTarget.value)}
            error={fieldErrors.amountCents}
          />
          <Select id="reg-currency" label={t('fields.currency')} value={draft.currency} onChange={set('currency')} options={CURRENCIES} labelOf={(c) => c} error={fieldErrors.currency} />
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('fields.linkedRecords')} mb="md" id="reg-linkedRecords">
        {draft.linkedRecords.length === 0 ? null : (
          <List mb="sm">
            {draft.linkedRecords.map((l) => (
              <List.Item key={`${l.type}:${l.id}`}>
                {t(`linkType.${l.type}`)} {l.id}{' '}
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => set('linkedRecords')(draft.linkedRecords.filter((x) => x !== l))}
                  aria-label={t('bo.detail.removeLink', { id: l.id })}
                >
                  ×
                </Button>
              </List.Item>
            ))}
          </List>
        )}
        <Group align="end" gap="sm">
          <Select id="reg-link-type" label={t('bo.detail.linkType')} value={link.type} onChange={(type) => setLink((l) => ({ ...l, type }))} options={LINK_TYPES} labelOf={(x) => t(`linkType.${x}`)} />
          <TextField id="reg-link-id" label={t('bo.detail.linkId')} value={link.id} onChange={(e) => setLink({ ...link, id: e.currentTarget.value.trim() })} />
          <Button
            variant="default"
            mb="sm"
            disabled={link.id === ''}
            onClick={() => {
              set('linkedRecords')([...draft.linkedRecords, link]);
              setLink({ type: link.type, id: '' });
            }}
          >
            {t('bo.detail.addLink')}
          </Button>
        </Group>
      </Fieldset>
      <Button type="submit" loading={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
