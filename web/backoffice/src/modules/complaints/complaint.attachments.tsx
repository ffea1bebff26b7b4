import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { ErrorSummary, issuesByField } from '../../components/form.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { attachmentUrl, uploadAttachments, type AttachmentDto, type ComplaintDetailDto } from './api.ts';

/** "1.2 MB" / "1,2 Mo". */
export function formatSize(bytes: number, lang: string): string {
  const fr = lang === 'fr';
  if (bytes >= 1024 * 1024) return `${new Intl.NumberFormat(fr ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} ${fr ? 'Mo' : 'MB'}`;
  return `${Math.max(1, Math.round(bytes / 1024))} ${fr ? 'ko' : 'KB'}`;
}

/** The documents of a complaint as download links (who added them, when, internal or not). */
export function AttachmentList({ complaintId, files }: { complaintId: string; files: readonly AttachmentDto[] }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  if (files.length === 0) return <p>{t('bo.files.none')}</p>;
  return (
    <ul className="attachments">
      {files.map((f) => (
        <li key={f.id}>
          {f.filename ? <a href={attachmentUrl(complaintId, f.id)}>{f.filename}</a> : <span>{t('bo.erased')}</span>}{' '}
          <span className="muted">
            ({t(`bo.files.kinds.${f.kind}`)}, {formatSize(f.sizeBytes, lang)}) · {f.uploaderType === 'customer' ? t('bo.fromCustomer') : (f.uploaderLabel ?? t('bo.staff'))} ·{' '}
            <time dateTime={f.createdAt}>{formatDateTime(f.createdAt, lang)}</time>
            {f.internal ? <strong> · {t('bo.internalNote')}</strong> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The documents panel: the list, and a form to add files to the thread or to an internal note. */
export function AttachmentsPanel({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const me = useMe();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState('');
  const [internal, setInternal] = useState(false);
  const [done, setDone] = useState('');
  const mutation = useMutation({
    mutationFn: (files: File[]) => uploadAttachments(c.id, { files, message: message.trim(), internal, csrfToken: me.csrfToken }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['complaint', c.id], updated);
      setMessage('');
      if (input.current) input.current.value = '';
      setDone(t('bo.files.done'));
    },
  });
  const canAdd = internal ? c.abilities.note : c.abilities.reply;
  const fieldErrors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    if (!mutation.isPending) mutation.mutate([...(input.current?.files ?? [])]);
  };
  return (
    <section className="panel" aria-labelledby="files-title">
      <h2 id="files-title">{t('bo.files.title')}</h2>
      <AttachmentList complaintId={c.id} files={c.attachments} />
      {c.abilities.note || c.abilities.reply ? (
        <form onSubmit={submit} aria-labelledby="files-add-title">
          <h3 id="files-add-title">{t('bo.files.add')}</h3>
          <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
            {done}
          </div>
          <ErrorSummary message={mutation.error instanceof Error ? mutation.error.message : undefined} fieldErrors={fieldErrors} />
          <div className="field">
            <label htmlFor="files-input">{t('bo.files.choose')}</label>
            <p id="files-input-hint" className="hint">
              {t('bo.files.hint')}
            </p>
            <input id="files-input" ref={input} type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.webp,.txt,application/pdf,image/png,image/jpeg,image/webp,text/plain" aria-describedby="files-input-hint" />
          </div>
          <div className="field">
            <label htmlFor="files-message">{t('bo.files.message')}</label>
            <textarea id="files-message" rows={3} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
          </div>
          <div className="checkbox">
            <input type="checkbox" id="files-internal" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} disabled={!c.abilities.reply || !c.abilities.note} />
            <label htmlFor="files-internal">{t('bo.files.internal')}</label>
          </div>
          <button type="submit" className="button-primary" aria-disabled={mutation.isPending || !canAdd || undefined}>
            {t('bo.files.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
