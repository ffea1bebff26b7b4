import { Alert, Anchor, Button, Checkbox, List, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { ErrorSummary, FileField, TextAreaField, issuesByField } from '../../components/form.tsx';
import { Panel } from '../../components/panel.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { attachmentUrl, uploadAttachments, type AttachmentDto, type ComplaintDetailDto } from './api.ts';

/** "1.2 MB" / "1,2 Mo". */
export function formatSize(bytes: number, lang: string): string {
  const fr = lang === 'fr';
  if (bytes >= 1024 * 1024)
    return `${new Intl.NumberFormat(fr ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} ${fr ? 'Mo' : 'MB'}`;
  return `${Math.max(1, Math.round(bytes / 1024))} ${fr ? 'ko' : 'KB'}`;
}

/** The documents of a complaint as download links (who added them, when, internal or not). */
export function AttachmentList({ complaintId, files }: { complaintId: string; files: readonly AttachmentDto[] }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  // Decrypted documents are for those who handle complaints; other readers see that they exist.
  const downloads = useMe().permissions.includes('complaint:handle');
  if (files.length === 0) return <Text size="sm">{t('bo.files.none')}</Text>;
  return (
    <List size="sm" spacing={4} mt={4}>
      {files.map((f) => (
        <List.Item key={f.id}>
          {!f.filename ? (
            <span>{t('bo.erased')}</span>
          ) : downloads ? (
            <Anchor href={attachmentUrl(complaintId, f.id)}>{f.filename}</Anchor>
          ) : (
            <span>{f.filename}</span>
          )}{' '}
          <Text span size="sm" c="dimmed">
            ({t(`bo.files.kinds.${f.kind}`)}, {formatSize(f.sizeBytes, lang)}) ·{' '}
            {f.uploaderType === 'customer' ? t('bo.fromCustomer') : (f.uploaderLabel ?? t('bo.staff'))} ·{' '}
            <time dateTime={f.createdAt}>{formatDateTime(f.createdAt, lang)}</time>
            {f.internal ? <strong> · {t('bo.internalNote')}</strong> : null}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** The documents panel: the list, and a form to add files to the thread or to an internal note. */
export function AttachmentsPanel({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [message, setMessage] = useState('');
  const [internal, setInternal] = useState(false);
  const [done, setDone] = useState('');
  const mutation = useMutation({
    mutationFn: (files: File[]) => uploadAttachments(c.id, { files, message: message.trim(), internal }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['complaint', c.id], updated);
      setMessage('');
      setFiles([]);
      setDone(t('bo.files.done'));
    },
  });
  const canAdd = internal ? c.abilities.note : c.abilities.reply;
  const fieldErrors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    if (!mutation.isPending) mutation.mutate(files);
  };
  return (
    <Panel id="files-title" title={t('bo.files.title')}>
      <AttachmentList complaintId={c.id} files={c.attachments} />
      {c.abilities.note || c.abilities.reply ? (
        <form onSubmit={submit} aria-labelledby="files-add-title">
          <Title order={3} id="files-add-title" mt="md" mb="xs">
            {t('bo.files.add')}
          </Title>
          <div role="status">
            {done ? (
              <Alert color="green" mb="sm">
                {done}
              </Alert>
            ) : null}
          </div>
          <ErrorSummary message={mutation.error instanceof Error ? mutation.error.message : undefined} fieldErrors={fieldErrors} />
          <FileField
            id="files-input"
            multiple
            label={t('bo.files.choose')}
            hint={t('bo.files.hint')}
            files={files}
            onChange={setFiles}
            error={fieldErrors.files}
            accept=".pdf,.png,.jpg,.jpeg,.webp,.txt,application/pdf,image/png,image/jpeg,image/webp,text/plain"
          />
          <TextAreaField id="files-message" label={t('bo.files.message')} minRows={3} value={message} onChange={setMessage} />
          <Checkbox
            id="files-internal"
            mb="sm"
            label={t('bo.files.internal')}
            checked={internal}
            onChange={(e) => setInternal(e.currentTarget.checked)}
            disabled={!c.abilities.reply || !c.abilities.note}
          />
          <Button type="submit" loading={mutation.isPending} disabled={!canAdd}>
            {t('bo.files.submit')}
          </Button>
        </form>
      ) : null}
    </Panel>
  );
}
