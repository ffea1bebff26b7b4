import { Anchor, Button, Checkbox, Code, Group, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorSummary, Select, TextField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { dryRun, findRules, registerKeys, runRetention, updateRule, type PeriodDto, type RuleDto } from './api.ts';
import { moduleOfTable, usePeriod, useRuleLabel } from './labels.ts';

/** Retention rules, the dry run and the manual purge (/app/retention). */
export function RetentionPage() {
  const { t } = useTranslation('register');
  const me = useMe();
  const rules = useQuery({ queryKey: registerKeys.rules, queryFn: findRules });
  const period = usePeriod();
  const ruleLabel = useRuleLabel();
  if (isApiError(rules.error, 403)) return <ForbiddenPage message={rules.error.message} />;
  return (
    <Page title={t('bo.retention.title')}>
      <Text mb="xs" maw="48rem">
        {t('bo.retention.intro')}
      </Text>
      <Anchor component={Link} to="/retention/runs" size="sm" mb="md" display="inline-block">
        {t('bo.retention.historyLink')}
      </Anchor>
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <LoadError error={rules.error} onRetry={() => void rules.refetch()} />
      ) : (
        <>
          <DataTable
            caption={t('bo.retention.rulesCaption')}
            rows={rules.data}
            rowKey={(r) => r.rule}
            stickyFirstColumn
            columns={[
              {
                key: 'rule',
                header: t('bo.retention.rule'),
                sortValue: (r) => ruleLabel(r.rule),
                cell: (r) => (
                  <>
                    <Text size="sm" fw={600}>
                      {ruleLabel(r.rule)}
                    </Text>
                    <Text size="sm" c="dimmed" className="cf-cell-text">
                      {t(`rule.${r.rule}.why`)}
                    </Text>
                  </>
                ),
              },
              {
                key: 'period',
                header: t('bo.retention.period'),
                cell: (r) => (
                  <>
                    {period(r.period)} {t(`rule.${r.rule}.anchor`)}
                    {r.custom ? (
                      <Text span size="sm" c="dimmed">
                        {' '}
                        ({t('bo.retention.custom')})
                      </Text>
                    ) : null}
                  </>
                ),
              },
              { key: 'default', header: t('bo.retention.default'), cell: (r) => period(r.defaultPeriod), nowrap: true },
              { key: 'source', header: t('bo.retention.source'), cell: (r) => t(`rule.${r.rule}.source`) },
              { key: 'enforcement', header: t('bo.retention.enforcement'), cell: (r) => t(`bo.retention.${r.enforcement}`) },
              {
                key: 'tables',
                header: t('bo.retention.tables'),
                cell: (r) => [...new Set(r.tables.map(moduleOfTable))].map((m) => t(`prefill.module.${m}.name`)).join(', '),
              },
            ]}
          />
          {rules.data.some((r) => r.abilities.edit) ? <RuleForm rules={rules.data.filter((r) => r.abilities.edit)} /> : null}
        </>
      )}
      <DryRunSection />
      {me.permissions.includes('retention:run') ? <RunSection /> : null}
    </Page>
  );
}

function RuleForm({ rules }: { rules: RuleDto[] }) {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const ruleLabel = useRuleLabel();
  const period = usePeriod();
  const [rule, setRule] = useState(rules[0]?.rule ?? '');
  const current = rules.find((r) => r.rule === rule);
  const [amount, setAmount] = useState(String(current?.period.amount ?? ''));
  const [unit, setUnit] = useState<PeriodDto['unit']>(current?.period.unit ?? 'years');
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => updateRule(rule, { amount: Number(amount), unit }),
    onSuccess: (r) => {
      setDone(t('bo.retention.saved', { rule: ruleLabel(r.rule) }));
      void queryClient.invalidateQueries({ queryKey: registerKeys.rules });
    },
  });
  const issues = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const choose = (value: string) => {
    const next = rules.find((r) => r.rule === value);
    if (!next) return;
    setRule(next.rule);
    setAmount(String(next.period.amount));
    setUnit(next.period.unit);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    if (!save.isPending) save.mutate();
  };
  return (
    <Panel title={t('bo.retention.editLegend', { rule: current ? ruleLabel(current.rule) : '' })} id="rule-form-title">
      <DoneStatus message={done} />
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={save.error?.message}
          fieldErrors={issues}
          fields={{ amount: { id: 'rule-amount', label: t('bo.retention.amount') } }}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing={0} maw="60rem">
          <Select
            id="rule-key"
            label={t('bo.retention.rule')}
            value={rule}
            onChange={choose}
            options={rules.map((r) => r.rule)}
            labelOf={ruleLabel}
          />
          <TextField
            id="rule-amount"
            label={t('bo.retention.amount')}
            type="number"
            inputMode="numeric"
            min={0}
            required
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={issues.amount}
            {...(current ? { hint: t('bo.retention.minimum', { minimum: period(current.minimum) }) } : {})}
          />
          <Select
            id="rule-unit"
            label={t('bo.retention.unit')}
            value={unit}
            onChange={setUnit}
            options={['days', 'months', 'years'] as const}
            labelOf={(u) => t(`unitName.${u}`)}
          />
        </SimpleGrid>
        <Button type="submit" loading={save.isPending}>
          {t('bo.retention.save')}
        </Button>
      </form>
    </Panel>
  );
}

function DryRunSection() {
  const { t } = useTranslation('register');
  const lang = currentLanguage();
  const ruleLabel = useRuleLabel();
  const run = useMutation({ mutationFn: dryRun });
  return (
    <Panel title={t('bo.retention.dryRunTitle')} id="dry-run-title">
      <Text mb="sm" maw="48rem">
        {t('bo.retention.dryRunIntro')}
      </Text>
      <ErrorSummary message={run.error?.message} />
      <Button variant="default" loading={run.isPending} onClick={() => run.mutate()} mb="sm">
        {t('bo.retention.dryRun')}
      </Button>
      <div aria-live="polite">
        {run.data ? (
          <DataTable
            caption={t('bo.retention.dryRunCaption', { date: formatDateTime(run.data.generatedAt, lang) })}
            showCaption
            rows={run.data.items}
            rowKey={(i) => `${i.module}-${i.rule}`}
            columns={[
              {
                key: 'rule',
                header: t('bo.retention.rule'),
                cell: (i) => (
                  <>
                    <Text size="sm" fw={600}>
                      {ruleLabel(i.rule)}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t(`bo.retention.action.${i.action}`)}
                    </Text>
                  </>
                ),
              },
              { key: 'cutoff', header: t('bo.retention.cutoff'), cell: (i) => formatDateTime(i.cutoff, lang), nowrap: true },
              { key: 'count', header: t('bo.retention.count'), cell: (i) => i.count, align: 'end' },
              { key: 'held', header: t('bo.retention.held'), cell: (i) => i.held, align: 'end' },
              {
                key: 'samples',
                header: t('bo.retention.samples'),
                cell: (i) =>
                  i.sampleIds.length > 0 ? (
                    <Group gap={4}>
                      {i.sampleIds.map((id) => (
                        <Code key={id}>{id}</Code>
                      ))}
                    </Group>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        ) : null}
      </div>
    </Panel>
  );
}

function RunSection() {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [confirmed, setConfirmed] = useState(false);
  const run = useMutation({
    mutationFn: runRetention,
    onSuccess: () => {
      setConfirmed(false);
      void queryClient.invalidateQueries({ queryKey: registerKeys.runs });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (confirmed && !run.isPending) run.mutate();
  };
  return (
    <Panel title={t('bo.retention.runTitle')} id="run-title">
      <Text mb="sm" maw="48rem">
        {t('bo.retention.runIntro')}
      </Text>
      <DoneStatus message={run.data ? t('bo.retention.runDone', { purged: run.data.purged, held: run.data.held }) : null} />
      <ErrorSummary message={run.error?.message} />
      <form onSubmit={onSubmit}>
        <Checkbox
          id="run-confirm"
          mb="sm"
          label={t('bo.retention.runConfirm')}
          checked={confirmed}
          onChange={(e) => setConfirmed(e.currentTarget.checked)}
        />
        {/* aria-disabled rather than disabled: the button stays focusable and says why it does nothing yet. */}
        <Button
          type="submit"
          color="red"
          loading={run.isPending}
          aria-disabled={!confirmed || undefined}
          data-disabled={!confirmed || undefined}
        >
          {t('bo.retention.run')}
        </Button>
      </form>
    </Panel>
  );
}
