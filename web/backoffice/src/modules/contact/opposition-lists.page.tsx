import { Alert, Button, List, Progress, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorSummary, FileField, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { findOppositionLists, importKeys, uploadOppositionList, type OppositionListDto } from './imports.api.ts';

/** How often the extracts are read again while one loads (its count grows batch by batch). */
const LOADING_POLL_MS = 1_000;
/** The server's bound (OPPOSITION_MAX_BYTES in src/core/contact/contact.opposition.ts), checked before sending. */
const MAX_UPLOAD_MB = 500;

/**
 * Opposition lists (/app/contact/opposition-lists): the extracts of Bloctel held, and the upload
 * of a new one (C. consom. L.223-1 in its wording before 2026-08-11): the upload's progress,
 * then the numbers written so far, then the result with the first lines that are not numbers.
 */
export function OppositionListsPage() {
  const { t } = useTranslation('contact');
  const me = useMe();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [uploaded, setUploaded] = useState(0);
  const upload = useMutation({
    mutationFn: ({ file, extractedOn }: { file: File; extractedOn: string }) =>
      uploadOppositionList(file, extractedOn, me.csrfToken, setUploaded),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: importKeys.oppositionLists }),
  });
  const lists = useQuery({
    queryKey: importKeys.oppositionLists,
    queryFn: findOppositionLists,
    // While an upload is being loaded, the listing shows its count growing.
    refetchInterval: upload.isPending ? LOADING_POLL_MS : false,
  });
  if (isApiError(lists.error, 403)) return <ForbiddenPage message={lists.error.message} />;
  // The newest extract loading is this upload's (the file is checked first: none yet meanwhile).
  const loading = lists.data?.filter((l) => l.status === 'loading').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];

  return (
    <Page title={t('bo.opposition.title')}>
      <Text mb="md" maw="48rem">
        {t('bo.opposition.intro')}
      </Text>
      {me.permissions.includes('contact:manage') ? (
        <UploadPanel
          upload={(file, extractedOn) => {
            setUploaded(0);
            upload.mutate({ file, extractedOn });
          }}
          pending={upload.isPending}
          uploaded={uploaded}
          loaded={upload.isPending ? loading?.entries : undefined}
          error={upload.error}
          result={upload.data}
        />
      ) : null}
      <Panel title={t('bo.opposition.listTitle')} id="opposition-lists-title">
        {lists.isPending ? (
          <Loading />
        ) : lists.isError ? (
          <LoadError error={lists.error} onRetry={() => void lists.refetch()} />
        ) : (
          <ListsTable lists={lists.data} lang={lang} />
        )}
      </Panel>
    </Page>
  );
}

function UploadPanel({
  upload,
  pending,
  uploaded,
  loaded,
  error,
  result,
}: {
  upload: (file: File, extractedOn: string) => void;
  pending: boolean;
  uploaded: number;
  loaded: number | undefined;
  error: Error | null;
  result: Awaited<ReturnType<typeof uploadOppositionList>> | undefined;
}) {
  const { t } = useTranslation('contact');
  const dates = dateFormatter(currentLanguage());
  const [file, setFile] = useState<File | null>(null);
  const [extractedOn, setExtractedOn] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const issues = isApiError(error) ? error.issues : [];
  // A file refused whole (not an extract, no number, too large): its message names the file, and
  // its first bad lines, each with its number, are listed under the form.
  const refused = isApiError(error) && error.code.startsWith('contact.opposition_');
  const badLines = refused ? issues.filter((issue) => issue.path === 'file') : [];
  const serverErrors: Record<string, string> = {};
  for (const issue of issues) if (issue.path === 'extractedOn' || (issue.path === 'file' && !refused)) serverErrors[issue.path] = issue.message;
  if (refused && error) serverErrors.file = error.message;
  const fieldErrors = Object.keys(missing).length > 0 ? missing : serverErrors;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const wanted: Record<string, string> = {};
    if (!extractedOn) wanted.extractedOn = t('bo.opposition.noDate');
    if (!file) wanted.file = t('bo.opposition.noFile');
    else if (file.size > MAX_UPLOAD_MB * 1024 * 1024) wanted.file = t('bo.opposition.tooLarge', { max: MAX_UPLOAD_MB });
    setMissing(wanted);
    if (Object.keys(wanted).length === 0 && file && extractedOn && !pending) upload(file, extractedOn);
  };
  const percent = Math.round(uploaded * 100);

  return (
    <Panel title={t('bo.opposition.uploadTitle')} id="opposition-upload-title">
      <Text mb="sm" maw="48rem">
        {t('bo.opposition.format')}
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={Object.keys(missing).length > 0 || refused ? t('bo.opposition.fix') : error?.message}
          fieldErrors={fieldErrors}
          fields={{
            extractedOn: { id: 'opposition-extracted-on', label: t('bo.opposition.extractedOn') },
            file: { id: 'opposition-file', label: t('bo.opposition.file') },
          }}
        />
        <TextField
          id="opposition-extracted-on"
          type="date"
          label={t('bo.opposition.extractedOn')}
          hint={t('bo.opposition.extractedOnHint')}
          required
          value={extractedOn}
          onChange={(e) => setExtractedOn(e.currentTarget.value)}
          error={fieldErrors.extractedOn}
        />
        <FileField
          id="opposition-file"
          accept=".txt,.csv,text/plain,text/csv"
          label={t('bo.opposition.file')}
          hint={t('bo.opposition.fileHint')}
          required
          files={file ? [file] : []}
          onChange={(files) => setFile(files[0] ?? null)}
          error={fieldErrors.file}
        />
        <Button type="submit" loading={pending}>
          {t('bo.opposition.submit')}
        </Button>
      </form>
      {pending ? (
        <div>
          <Progress mt="sm" value={percent} aria-label={t('bo.opposition.uploadProgress')} />
          <Text mt="xs" role="status">
            {percent < 100
              ? t('bo.opposition.uploading', { percent })
              : loaded === undefined
                ? t('bo.opposition.checking')
                : t('bo.opposition.loading', { count: loaded })}
          </Text>
        </div>
      ) : null}
      <div role="status">
        {result ? (
          <Alert color="green" mt="sm">
            {result.already
              ? t('bo.opposition.already', { date: dates.date(result.list.extractedOn) })
              : t('bo.opposition.done', { entries: result.list.entries, rejected: result.list.rejected })}
          </Alert>
        ) : null}
      </div>
      {badLines.length > 0 ? (
        <>
          <Text mt="sm" mb="xs">
            {t('bo.opposition.refusedLines')}
          </Text>
          <List spacing={2}>
            {badLines.map((issue, index) => (
              <List.Item key={index}>{issue.message}</List.Item>
            ))}
          </List>
        </>
      ) : null}
      {result && result.rejected.length > 0 ? (
        <>
          <Text mt="sm" mb="xs">
            {t('bo.opposition.rejectedLines', { count: result.list.rejected })}
          </Text>
          <List spacing={2}>
            {result.rejected.map((r) => (
              <List.Item key={r.line}>{t('bo.opposition.line', { line: r.line, message: r.message })}</List.Item>
            ))}
          </List>
        </>
      ) : null}
    </Panel>
  );
}

function ListsTable({ lists, lang }: { lists: OppositionListDto[]; lang: string }) {
  const { t } = useTranslation('contact');
  const dates = dateFormatter(lang);
  const number = new Intl.NumberFormat(lang);
  return (
    <DataTable
      caption={t('bo.opposition.caption', { count: lists.length })}
      rows={lists}
      rowKey={(l) => l.id}
      empty={<EmptyState title={t('bo.opposition.empty')} />}
      columns={[
        { key: 'name', header: t('bo.opposition.name'), cell: (l) => l.name, sortValue: (l) => l.name },
        { key: 'extractedOn', header: t('bo.opposition.extractedOn'), cell: (l) => dates.date(l.extractedOn), sortValue: (l) => l.extractedOn },
        {
          key: 'status',
          header: t('bo.opposition.status'),
          cell: (l) =>
            l.status === 'ready' ? (
              <StatusBadge tone="success">{t('bo.opposition.ready')}</StatusBadge>
            ) : (
              <StatusBadge tone="info">{t('bo.opposition.loadingBadge')}</StatusBadge>
            ),
          sortValue: (l) => l.status,
        },
        { key: 'entries', header: t('bo.opposition.entries'), cell: (l) => number.format(l.entries), sortValue: (l) => l.entries, align: 'end' },
        { key: 'rejected', header: t('bo.opposition.rejected'), cell: (l) => number.format(l.rejected), sortValue: (l) => l.rejected, align: 'end' },
        { key: 'createdAt', header: t('bo.opposition.createdAt'), cell: (l) => dates.dateTime(l.createdAt), sortValue: (l) => l.createdAt },
      ]}
    />
  );
}
