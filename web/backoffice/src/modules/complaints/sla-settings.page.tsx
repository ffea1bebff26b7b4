import { Anchor, Button, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorSummary, Select, TextField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { allOf } from '../../union.ts';
import {
  COMPLAINT_CATEGORIES,
  getSlaSettings,
  resetSlaSetting,
  setSlaSetting,
  type SlaScope,
  type SlaSettingsDto,
  type SlaTermsDto,
} from './api.ts';

/** The organisation (`*`), then each category. */
const SCOPES = allOf<SlaScope>()(['*', ...COMPLAINT_CATEGORIES]);

/** SLA settings (/app/complaints/settings): terms of the organisation and per category; changes are audited. */
export function SlaSettingsPage() {
  const { t } = useTranslation('complaints');
  const me = useMe();
  const query = useQuery({ queryKey: ['complaint-sla'], queryFn: getSlaSettings });
  const canConfigure = me.permissions.includes('complaint:configure');
  return (
    <Page title={t('bo.sla.title')}>
      <Anchor component={Link} to="/complaints" size="sm" mb="sm" display="inline-block">
        {t('bo.backToQueue')}
      </Anchor>
      <Text mb="md" maw="48rem">
        {t('bo.sla.intro')}
      </Text>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Settings data={query.data} canConfigure={canConfigure} />
      )}
    </Page>
  );
}

function termsText(t: (key: string, options?: Record<string, unknown>) => string, terms: SlaTermsDto): string {
  return t('bo.termsText', { ack: terms.ackBusinessDays, answer: t(`bo.answerUnits.${terms.answerUnit}`, { count: terms.answerAmount }) });
}

function Settings({ data, canConfigure }: { data: SlaSettingsDto; canConfigure: boolean }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const orgWide = data.settings.find((s) => s.category === '*');
  const [scope, setScope] = useState<SlaScope>('*');
  const current = data.settings.find((s) => s.category === scope) ?? orgWide ?? data.defaults;
  const [ack, setAck] = useState(String(current.ackBusinessDays));
  const [answer, setAnswer] = useState(String(current.answerAmount));
  const [unit, setUnit] = useState<SlaTermsDto['answerUnit']>(current.answerUnit);
  const [done, setDone] = useState('');
  const save = useMutation({
    mutationFn: () => setSlaSetting(scope, { ackBusinessDays: Number(ack), answerAmount: Number(answer), answerUnit: unit }),
    onSuccess: (next) => {
      queryClient.setQueryData(['complaint-sla'], next);
      setDone(t('bo.sla.saved'));
    },
  });
  const reset = useMutation({
    mutationFn: (category: string) => resetSlaSetting(category),
    onSuccess: (next) => {
      queryClient.setQueryData(['complaint-sla'], next);
      setDone(t('bo.sla.resetDone'));
    },
  });
  const fieldErrors = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const bounds = data.bounds.answer[unit];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    if (!save.isPending) save.mutate();
  };
  const scopeLabel = (s: string) => (s === '*' ? t('bo.sla.allCategories') : t(`categories.${s}`));
  return (
    <>
      <Panel title={t('bo.sla.current')} id="sla-current-title">
        <DataTable
          caption={t('bo.sla.caption', { defaults: termsText(t, data.defaults) })}
          showCaption
          rows={data.settings}
          rowKey={(s) => s.category}
          empty={<EmptyState title={t('bo.sla.none')} />}
          columns={[
            { key: 'scope', header: t('bo.sla.scope'), cell: (s) => scopeLabel(s.category) },
            { key: 'terms', header: t('bo.terms'), cell: (s) => termsText(t, s) },
            { key: 'updatedAt', header: t('bo.sla.updatedAt'), cell: (s) => formatDateTime(s.updatedAt, lang), nowrap: true },
          ]}
          {...(canConfigure
            ? {
                actionsHeader: t('bo.sla.actions'),
                actions: (s: SlaSettingsDto['settings'][number]) => (
                  <Button
                    size="xs"
                    variant="default"
                    loading={reset.isPending && reset.variables === s.category}
                    onClick={() => reset.mutate(s.category)}
                  >
                    {t('bo.sla.reset', { scope: scopeLabel(s.category) })}
                  </Button>
                ),
              }
            : {})}
        />
      </Panel>
      <DoneStatus message={done} />
      {canConfigure ? (
        <Panel title={t('bo.sla.edit')} id="sla-edit-title">
          <form onSubmit={submit} aria-labelledby="sla-edit-title">
            <ErrorSummary
              message={save.error instanceof Error ? save.error.message : undefined}
              fieldErrors={fieldErrors}
              fields={{
                ackBusinessDays: { id: 'sla-ack', label: t('bo.sla.ack') },
                answerAmount: { id: 'sla-answer', label: t('bo.sla.answer') },
              }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md" verticalSpacing={0}>
              <Select id="sla-scope" label={t('bo.sla.scope')} value={scope} onChange={setScope} options={SCOPES} labelOf={scopeLabel} />
              <TextField
                id="sla-ack"
                type="number"
                inputMode="numeric"
                label={t('bo.sla.ack')}
                hint={t('bo.sla.between', { min: data.bounds.ackBusinessDays.min, max: data.bounds.ackBusinessDays.max })}
                min={data.bounds.ackBusinessDays.min}
                max={data.bounds.ackBusinessDays.max}
                value={ack}
                onChange={(e) => setAck(e.currentTarget.value)}
                error={fieldErrors.ackBusinessDays}
              />
              <Select
                id="sla-unit"
                label={t('bo.sla.unit')}
                value={unit}
                onChange={setUnit}
                options={['months', 'business-days'] as const}
                labelOf={(u) => (u === 'months' ? t('bo.sla.months') : t('bo.sla.businessDays'))}
              />
              <TextField
                id="sla-answer"
                type="number"
                inputMode="numeric"
                label={t('bo.sla.answer')}
                hint={t('bo.sla.between', { min: bounds.min, max: bounds.max })}
                min={bounds.min}
                max={bounds.max}
                value={answer}
                onChange={(e) => setAnswer(e.currentTarget.value)}
                error={fieldErrors.answerAmount}
              />
            </SimpleGrid>
            <Text size="sm" c="dimmed" mb="sm">
              {t('bo.sla.onlyNew')}
            </Text>
            <Button type="submit" loading={save.isPending}>
              {t('bo.sla.save')}
            </Button>
          </form>
        </Panel>
      ) : null}
    </>
  );
}
