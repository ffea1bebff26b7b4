import { Button, Group } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { issuesByField, TextField } from '../../components/form.tsx';
import type { PeriodInput } from './api.ts';

/** The period of the page, kept in the address (?from=&to=) so a view can be bookmarked and shared. */
export function usePeriod(): [PeriodInput, (period: PeriodInput) => void] {
  const [params, setParams] = useSearchParams();
  const period: PeriodInput = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const set = (next: PeriodInput) => {
    const out = new URLSearchParams(params);
    for (const key of ['from', 'to'] as const) {
      const value = next[key];
      if (value) out.set(key, value);
      else out.delete(key);
    }
    setParams(out);
  };
  return [period, set];
}

/**
 * The period chooser: two dates and a button; the server's answer (the period it used, or what is
 * wrong with the one asked for) shows under the fields.
 */
export function PeriodForm({
  period,
  shown,
  error,
  onChange,
}: {
  period: PeriodInput;
  shown?: { from: string; to: string };
  error: unknown;
  onChange: (p: PeriodInput) => void;
}) {
  const { t } = useTranslation('kpi');
  const [from, setFrom] = useState(period.from ?? shown?.from ?? '');
  const [to, setTo] = useState(period.to ?? shown?.to ?? '');
  const issues = isApiError(error, 400) ? issuesByField(error.issues) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ from: from || undefined, to: to || undefined });
  };
  return (
    <form onSubmit={submit} aria-label={t('period.label')}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextField
          id="kpi-from"
          label={t('period.from')}
          type="date"
          value={from || shown?.from || ''}
          onChange={(e) => setFrom(e.currentTarget.value)}
          error={issues.from}
        />
        <TextField
          id="kpi-to"
          label={t('period.to')}
          type="date"
          value={to || shown?.to || ''}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={issues.to}
        />
        <Button type="submit" mb="sm">
          {t('period.apply')}
        </Button>
      </Group>
    </form>
  );
}
