import { Alert, Anchor, Button, Code, List, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorSummary, FileField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { privacyKeys } from './api.ts';
import { consentExportUrl, importConsentFile, type ImportReportDto } from './consent-transfer.api.ts';

/**
 * Consent import and export (/app/privacy/consents/transfer): a DPO uploads a CSV, reads the
 * check of every row, then confirms; anyone who reads consents downloads the CSV exports.
 */
export function ConsentTransferPage() {
  const { t } = useTranslation('consent');
  const me = useMe();
  return (
    // The page names what it holds; each card names its part, so no title is said twice.
    <Page title={me.permissions.includes('consent:import') ? t('bo.link') : t('bo.export.title')}>
      {me.permissions.includes('consent:import') ? <ImportSection /> : null}
      <Panel title={t('bo.export.panel')} id="consent-export-title">
        <Text mb="xs" maw="48rem">
          {t('bo.export.intro')}
        </Text>
        <List spacing={4}>
          <List.Item>
            <Anchor href={consentExportUrl('states')} download>
              {t('bo.export.states')}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor href={consentExportUrl('ledger')} download>
              {t('bo.export.ledger')}
            </Anchor>
          </List.Item>
        </List>
      </Panel>
    </Page>
  );
}

function ImportSection() {
  const { t } = useTranslation('consent');
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<File | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const check = useMutation({ mutationFn: (f: File) => importConsentFile(f, 'dry_run') });
  const commit = useMutation({
    mutationFn: ({ f, hash }: { f: File; hash: string }) => importConsentFile(f, 'commit', hash),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: privacyKeys.rates });
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

  return (
    <Panel title={t('bo.import.title')} id="consent-import-title">
      <Text mb="xs" maw="48rem">
        {t('bo.import.intro')}
      </Text>
      <Text mb="xs" maw="48rem">
        {t('bo.import.format')}
      </Text>
      <Text mb="sm" maw="48rem">
        {t('bo.import.idempotent')}
      </Text>
      <PhoneNotice />
      <form onSubmit={onCheck} noValidate>
        <ErrorSummary
          message={missingFile ? t('bo.import.noFile') : error?.message}
          fieldErrors={missingFile ? { file: t('bo.import.noFile') } : fileError ? { file: fileError } : {}}
          fields={{ file: { id: 'consent-import-file', label: t('bo.import.file') } }}
        />
        <FileField
          id="consent-import-file"
          accept=".csv,text/csv"
          label={t('bo.import.file')}
          required
          files={picked ? [picked] : []}
          onChange={(files) => setPicked(files[0] ?? null)}
          error={missingFile ? t('bo.import.noFile') : fileError}
        />
        <Button type="submit" loading={check.isPending}>
          {check.isPending ? t('bo.import.checking') : t('bo.import.check')}
        </Button>
      </form>
      <div role="status">
        {commit.data ? (
          <Alert color="green" mt="sm">
            <strong>{t('bo.import.doneTitle')}</strong>{' '}
            {t('bo.import.done', { imported: commit.data.totals.imported, newSubjects: commit.data.totals.newSubjects })}
          </Alert>
        ) : null}
      </div>
      {report ? (
        <div>
          <Title order={3} mt="md" mb="xs">
            {t('bo.import.reportTitle')}
          </Title>
          <Text mb="sm">{t('bo.import.totals', report.totals)}</Text>
          {toImport > 0 && file ? (
            <Button mb="sm" loading={commit.isPending} onClick={() => commit.mutate({ f: file, hash: report.fileHash })}>
              {commit.isPending ? t('bo.import.importing') : t('bo.import.confirm', { count: toImport })}
            </Button>
          ) : (
            <Text mb="sm">{t('bo.import.nothingToImport')}</Text>
          )}
          <ReportTable report={report} />
        </div>
      ) : null}
    </Panel>
  );
}

function ReportTable({ report }: { report: ImportReportDto }) {
  const { t } = useTranslation('consent');
  const label = {
    accepted: t('bo.import.statusAccepted'),
    rejected: t('bo.import.statusRejected'),
    already_imported: t('bo.import.statusAlready'),
  };
  return (
    <>
      {report.truncated ? <Text mb="xs">{t('bo.import.truncated', { count: report.results.length })}</Text> : null}
      <DataTable
        caption={t('bo.import.caption')}
        rows={report.results}
        rowKey={(r) => String(r.line)}
        pageSize={100}
        columns={[
          { key: 'line', header: t('bo.import.line'), cell: (r) => r.line, sortValue: (r) => r.line, align: 'end' },
          { key: 'status', header: t('bo.import.status'), cell: (r) => label[r.status], sortValue: (r) => label[r.status] },
          { key: 'purpose', header: t('bo.import.purpose'), cell: (r) => <Code>{r.purpose}</Code> },
          { key: 'channel', header: t('bo.import.channel'), cell: (r) => r.channel },
          { key: 'state', header: t('bo.import.state'), cell: (r) => r.state },
          { key: 'reason', header: t('bo.import.reason'), cell: (r) => r.message ?? '' },
        ]}
      />
    </>
  );
}

/** The version of the notice owed when a phone number is collected (src/rules/contact/notice.ts). */
const PHONE_NOTICE_VERSION = '2026-08-11';

/**
 * The notice owed when a phone number is collected (C. consom. L.223-1, from 2026-08-11), shown
 * where phone consents are imported: the file's phone_notice column records that it was shown,
 * and the notice becomes part of each consent's proof.
 */
function PhoneNotice() {
  const { t } = useTranslation('consent');
  const { t: tc } = useTranslation('contact');
  const version = dateFormatter(currentLanguage()).date(PHONE_NOTICE_VERSION);
  return (
    <Alert color="blue" mb="sm" maw="48rem" title={t('bo.import.phoneNoticeTitle', { version })}>
      <Text size="sm" mb="xs">
        {t('bo.import.phoneNoticeIntro', { version })}
      </Text>
      <Text size="sm" component="blockquote" fs="italic" m={0} mb="xs">
        {tc(`phoneNotice.phone_canvassing_consent.${PHONE_NOTICE_VERSION}`)}
      </Text>
      {/* The code goes into the file as it is: on its own line, not in the middle of a sentence. */}
      <Text size="sm">
        {t('bo.import.phoneNoticeValue')} <Code>{`phone_canvassing_consent@${PHONE_NOTICE_VERSION}`}</Code>
      </Text>
    </Alert>
  );
}
