import { Alert, Button, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api.ts';
import { DataTable, type DataColumn } from './data-table.tsx';
import { ErrorSummary, FileField } from './form.tsx';
import { Panel } from './panel.tsx';
import { StatusBadge, type Tone } from './status-badge.tsx';

type RowStatus = CsvImportReport['results'][number]['status'];
/** A row's outcome: kept, refused (its reason beside it), or already there (nothing to do). */
const STATUS_TONE: Record<RowStatus, Tone> = { accepted: 'success', rejected: 'danger', already_imported: 'neutral' };
const STATUS_SIGN: Record<RowStatus, string> = { accepted: '✓', rejected: '✕', already_imported: '=' };

/** What every CSV import's report has (src/core/csv-import.ts), whatever its own columns and figures. */
export interface CsvImportReport {
  fileHash: string;
  totals: { accepted: number };
  results: { line: number; status: 'accepted' | 'rejected' | 'already_imported'; message: string | null }[];
  truncated: boolean;
}

/**
 * A CSV import in two steps (consents, contact history): the file is checked first (a report per
 * row, nothing written), then imported on confirmation with the hash the check reported, so what
 * is imported is what was reviewed. The texts are the import's own, under `keyPrefix` of its
 * namespace (the same keys in each: file, check, checking, noFile, reportTitle, confirm, …).
 */
export function CsvImportPanel<Report extends CsvImportReport>({
  namespace,
  keyPrefix,
  title,
  titleId,
  fileId,
  fileHint,
  intro,
  send,
  onImported,
  done,
  summary,
  columns,
}: {
  namespace: string;
  keyPrefix: string;
  title: string;
  titleId: string;
  fileId: string;
  fileHint?: string;
  /** What the import takes and how the file is written, above the form. */
  intro: ReactNode;
  send: (file: File, mode: 'dry_run' | 'commit', expectedHash?: string) => Promise<Report>;
  /** After an import: what its rows change is read again. */
  onImported: () => void;
  /** The sentence of an import done, from its totals. */
  done: (totals: Report['totals']) => string;
  /** The totals of a check, above the confirmation. */
  summary: (report: Report) => ReactNode;
  /** The import's own columns, between the line and status and the reason. */
  columns: DataColumn<Report['results'][number]>[];
}) {
  const { t } = useTranslation(namespace, { keyPrefix });
  const [picked, setPicked] = useState<File | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const check = useMutation({ mutationFn: (f: File) => send(f, 'dry_run') });
  const commit = useMutation({
    mutationFn: ({ f, hash }: { f: File; hash: string }) => send(f, 'commit', hash),
    onSuccess: () => {
      onImported();
      check.reset();
    },
  });
  const error = check.error ?? commit.error;
  const fileError = isApiError(error) ? error.issues.find((i) => i.path === 'file')?.message : undefined;

  const onCheck = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = picked;
    setMissingFile(!chosen);
    setFile(chosen);
    commit.reset();
    if (chosen && !check.isPending) check.mutate(chosen);
  };
  const report = check.data;
  const toImport = report ? report.totals.accepted : 0;
  const status = { accepted: t('statusAccepted'), rejected: t('statusRejected'), already_imported: t('statusAlready') };

  return (
    <Panel title={title} id={titleId}>
      {intro}
      <form onSubmit={onCheck} noValidate>
        <ErrorSummary
          message={missingFile ? t('noFile') : error?.message}
          fieldErrors={missingFile ? { file: t('noFile') } : fileError ? { file: fileError } : {}}
          fields={{ file: { id: fileId, label: t('file') } }}
        />
        <FileField
          id={fileId}
          accept=".csv,text/csv"
          label={t('file')}
          hint={fileHint}
          required
          files={picked ? [picked] : []}
          onChange={(files) => setPicked(files[0] ?? null)}
          error={missingFile ? t('noFile') : fileError}
        />
        <Button type="submit" loading={check.isPending}>
          {check.isPending ? t('checking') : t('check')}
        </Button>
      </form>
      <div role="status">
        {commit.data ? (
          <Alert color="green" mt="sm">
            <strong>{t('doneTitle')}</strong> {done(commit.data.totals)}
          </Alert>
        ) : null}
      </div>
      {report ? (
        <div>
          <Title order={3} mt="md" mb="xs">
            {t('reportTitle')}
          </Title>
          {summary(report)}
          {toImport > 0 && file ? (
            <Button mb="sm" loading={commit.isPending} onClick={() => commit.mutate({ f: file, hash: report.fileHash })}>
              {commit.isPending ? t('importing') : t('confirm', { count: toImport })}
            </Button>
          ) : (
            <Text mb="sm">{t('nothingToImport')}</Text>
          )}
          {report.truncated ? <Text mb="xs">{t('truncated', { count: report.results.length })}</Text> : null}
          <DataTable
            caption={t('caption')}
            rows={report.results}
            rowKey={(r) => String(r.line)}
            pageSize={100}
            columns={[
              { key: 'line', header: t('line'), cell: (r) => r.line, sortValue: (r) => r.line, align: 'end' },
              {
                key: 'status',
                header: t('status'),
                // A badge, as every status in the back office; its sign and word carry the meaning, not its colour (WCAG 1.4.1).
                cell: (r) => (
                  <StatusBadge tone={STATUS_TONE[r.status]}>
                    <span aria-hidden="true">{STATUS_SIGN[r.status]} </span>
                    {status[r.status]}
                  </StatusBadge>
                ),
                sortValue: (r) => status[r.status],
                nowrap: true,
              },
              ...columns,
              { key: 'reason', header: t('reason'), cell: (r) => r.message ?? '' },
            ]}
          />
        </div>
      ) : null}
    </Panel>
  );
}
