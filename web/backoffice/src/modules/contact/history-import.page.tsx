import { Alert, Button, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorSummary, FileField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { contactKeys } from './api.ts';
import { importHistoryFile, type HistoryImportReportDto } from './imports.api.ts';

/**
 * Contact history import (/app/contact/history-import): a supervisor uploads the attempts of a
 * dialer or an e-mail or SMS sender, reads the check of every row (nothing written), then
 * confirms; the caps of C. consom. D.223-9 are only right if every attempt is known.
 */
export function HistoryImportPage() {
  const { t } = useTranslation('contact');
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<File | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const check = useMutation({ mutationFn: (f: File) => importHistoryFile(f, 'dry_run') });
  const commit = useMutation({
    mutationFn: ({ f, hash }: { f: File; hash: string }) => importHistoryFile(f, 'commit', hash),
    onSuccess: () => {
      // Imported attempts change every decision they touch (caps, refusals).
      void queryClient.invalidateQueries({ queryKey: contactKeys.all });
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

  return (
    <Page title={t('bo.historyImport.title')}>
      <Panel title={t('bo.historyImport.fileTitle')} id="history-import-title">
        <Text mb="xs" maw="48rem">
          {t('bo.historyImport.intro')}
        </Text>
        <Text mb="sm" maw="48rem">
          {t('bo.historyImport.format')}
        </Text>
        <form onSubmit={onCheck} noValidate>
          <ErrorSummary
            message={missingFile ? t('bo.historyImport.noFile') : error?.message}
            fieldErrors={missingFile ? { file: t('bo.historyImport.noFile') } : fileError ? { file: fileError } : {}}
            fields={{ file: { id: 'history-import-file', label: t('bo.historyImport.file') } }}
          />
          <FileField
            id="history-import-file"
            accept=".csv,text/csv"
            label={t('bo.historyImport.file')}
            hint={t('bo.historyImport.fileHint')}
            required
            files={picked ? [picked] : []}
            onChange={(files) => setPicked(files[0] ?? null)}
            error={missingFile ? t('bo.historyImport.noFile') : fileError}
          />
          <Button type="submit" loading={check.isPending}>
            {check.isPending ? t('bo.historyImport.checking') : t('bo.historyImport.check')}
          </Button>
        </form>
        <div role="status">
          {commit.data ? (
            <Alert color="green" mt="sm">
              <strong>{t('bo.historyImport.doneTitle')}</strong> {t('bo.historyImport.done', commit.data.totals)}
            </Alert>
          ) : null}
        </div>
        {report ? <Report report={report} file={file} commit={(f) => commit.mutate({ f, hash: report.fileHash })} committing={commit.isPending} /> : null}
      </Panel>
    </Page>
  );
}

function Report({
  report,
  file,
  commit,
  committing,
}: {
  report: HistoryImportReportDto;
  file: File | null;
  commit: (f: File) => void;
  committing: boolean;
}) {
  const { t } = useTranslation('contact');
  const status = {
    accepted: t('bo.historyImport.statusAccepted'),
    rejected: t('bo.historyImport.statusRejected'),
    already_imported: t('bo.historyImport.statusAlready'),
  };
  const toImport = report.totals.accepted;
  return (
    <div>
      <Title order={3} mt="md" mb="xs">
        {t('bo.historyImport.reportTitle')}
      </Title>
      <Text mb="xs">{t('bo.historyImport.totals', report.totals)}</Text>
      {report.totals.againstRules > 0 ? <Text mb="xs">{t('bo.historyImport.againstRules', { count: report.totals.againstRules })}</Text> : null}
      {toImport > 0 && file ? (
        <Button mb="sm" loading={committing} onClick={() => commit(file)}>
          {committing ? t('bo.historyImport.importing') : t('bo.historyImport.confirm', { count: toImport })}
        </Button>
      ) : (
        <Text mb="sm">{t('bo.historyImport.nothingToImport')}</Text>
      )}
      {report.truncated ? <Text mb="xs">{t('bo.historyImport.truncated', { count: report.results.length })}</Text> : null}
      <DataTable
        caption={t('bo.historyImport.caption')}
        rows={report.results}
        rowKey={(r) => String(r.line)}
        pageSize={100}
        columns={[
          { key: 'line', header: t('bo.historyImport.line'), cell: (r) => r.line, sortValue: (r) => r.line, align: 'end' },
          { key: 'status', header: t('bo.historyImport.status'), cell: (r) => status[r.status], sortValue: (r) => status[r.status] },
          { key: 'channel', header: t('bo.history.channel'), cell: (r) => r.channel },
          { key: 'outcome', header: t('bo.history.outcome'), cell: (r) => r.outcome },
          {
            key: 'rules',
            header: t('bo.history.decision'),
            cell: (r) =>
              r.allowed === null
                ? ''
                : r.allowed
                  ? t('bo.history.allowed')
                  : t('bo.history.denied', { reasons: r.reasons.map((code) => t(`reason.${code}`, { defaultValue: code })).join(' ') }),
          },
          { key: 'reason', header: t('bo.historyImport.reason'), cell: (r) => r.message ?? '' },
        ]}
      />
    </div>
  );
}
