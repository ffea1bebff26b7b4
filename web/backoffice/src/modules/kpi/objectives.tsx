import { Button, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorSummary, Select, TextField, issuesByField } from '../../components/form.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { findObjectives, kpiKeys, removeObjective, setObjective, type KpiDetailDto, type ObjectiveDto } from './api.ts';
import { formatKpiValue } from './format.ts';

type Direction = ObjectiveDto['direction'];
const DIRECTIONS = ['higher', 'lower'] as const satisfies readonly Direction[];

/**
 * The organisation's objectives for one KPI (issue 14: "a target per KPI and period"), and the
 * field to set one, for those who answer for the figures.
 */
export function Objectives({ kpi }: { kpi: KpiDetailDto['kpi'] }) {
  const { t, i18n } = useTranslation('kpi');
  const date = dateFormatter(i18n.language);
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: kpiKeys.objectives(kpi.key), queryFn: () => findObjectives(kpi.key) });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [value, setValue] = useState('');
  const [direction, setDirection] = useState<Direction>(kpi.target?.direction ?? 'higher');
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: kpiKeys.all });
  const saving = useMutation({
    mutationFn: () => setObjective(kpi.key, { from, to, value: Number(value.replace(',', '.')), direction }),
    onSuccess: () => {
      refresh();
      setDone(t('objectives.saved'));
    },
  });
  const removing = useMutation({
    mutationFn: (id: string) => removeObjective(kpi.key, id),
    onSuccess: () => {
      refresh();
      setDone(t('objectives.removed'));
    },
  });
  const fieldErrors = isApiError(saving.error) ? issuesByField(saving.error.issues) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!saving.isPending) saving.mutate();
  };
  const canManage = query.data?.abilities.manage ?? false;
  return (
    <Paper component="section" withBorder p="md" aria-labelledby="objectives-title">
      <Title order={2} size="h3" id="objectives-title" mb="xs">
        {t('objectives.title')}
      </Title>
      <Text size="sm" mb="sm" maw="48rem">
        {t('objectives.intro')}
      </Text>
      <DoneStatus message={done} />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text mb="sm">{t('objectives.none')}</Text>
      ) : (
        <DataTable<ObjectiveDto>
          caption={t('objectives.title')}
          rows={query.data.items}
          rowKey={(o) => o.id}
          columns={[
            {
              key: 'period',
              header: t('objectives.from'),
              cell: (o) => t('objectives.period', { from: date.date(o.from), to: date.date(o.to) }),
              sortValue: (o) => o.from,
              nowrap: true,
            },
            {
              key: 'target',
              header: t('objectives.value'),
              cell: (o) =>
                t('target', { direction: t(`direction.${o.direction}`), value: formatKpiValue(o.value, kpi.unit, i18n.language, t) }),
            },
            {
              key: 'remove',
              header: '',
              cell: (o) =>
                canManage ? (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => removing.mutate(o.id)}
                    aria-label={t('objectives.removeLabel', { from: date.date(o.from), to: date.date(o.to) })}
                  >
                    {t('objectives.remove')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      {canManage ? (
        <form onSubmit={submit} noValidate aria-label={t('objectives.add')}>
          <ErrorSummary
            message={saving.error instanceof Error ? saving.error.message : undefined}
            fieldErrors={fieldErrors}
            fields={{
              from: { id: 'objective-from', label: t('objectives.from') },
              to: { id: 'objective-to', label: t('objectives.to') },
              value: { id: 'objective-value', label: t('objectives.value') },
            }}
          />
          <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="sm">
            <TextField
              id="objective-from"
              type="date"
              label={t('objectives.from')}
              required
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={fieldErrors.from}
            />
            <TextField
              id="objective-to"
              type="date"
              label={t('objectives.to')}
              required
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={fieldErrors.to}
            />
            <Select<Direction>
              id="objective-direction"
              label={t('objectives.direction')}
              value={direction}
              options={DIRECTIONS}
              labelOf={(d) => t(`direction.${d}`)}
              onChange={setDirection}
            />
            <TextField
              id="objective-value"
              inputMode="decimal"
              label={t('objectives.value')}
              required
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldErrors.value}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={saving.isPending}>
              {t('objectives.add')}
            </Button>
          </Group>
        </form>
      ) : null}
      {removing.isError ? <LoadError error={removing.error} /> : null}
    </Paper>
  );
}
