import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { ErrorSummary, FieldError } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
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
    <Page title={me.permissions.includes('consent:import') ? t('bo.import.title') : t('bo.export.title')}>
      {me.permissions.includes('consent:import') ? <ImportSection csrfToken={me.csrfToken} /> : null}
      <section aria-labelledby="consent-export-title" className="panel">
        <h2 id="consent-export-title">{t('bo.export.title')}</h2>
        <p>{t('bo.export.intro')}</p>
        <ul>
          <li>
            <a href={consentExportUrl('states')} download>
              {t('bo.export.states')}
            </a>
          </li>
          <li>
            <a href={consentExportUrl('ledger')} download>
              {t('bo.export.ledger')}
            </a>
          </li>
        </ul>
      </section>
    </Page>
  );
}

function ImportSection({ csrfToken }: { csrfToken: string }) {
  const { t } = useTranslation('consent');
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const check = useMutation({ mutationFn: (f: File) => importConsentFile(f, 'dry_run', csrfToken) });
  const commit = useMutation({
    mutationFn: ({ f, hash }: { f: File; hash: string }) => importConsentFile(f, 'commit', csrfToken, hash),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: privacyKeys.rates });
      check.reset();
    },
  });
  const error = check.error ?? commit.error;
  const fileError = isApiError(error) ? error.issues.find((i) => i.path === 'file')?.message : undefined;

  const onCheck = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = input.current?.files?.[0] ?? null;
    setMissingFile(!chosen);
    setFile(chosen);
    commit.reset();
    if (chosen && !check.isPending) check.mutate(chosen);
  };
  const report = check.data;
  const toImport = report ? report.totals.accepted : 0;

  return (
    <section aria-labelledby="consent-import-title" className="panel">
      <h2 id="consent-import-title">{t('bo.import.title')}</h2>
      <p>{t('bo.import.intro')}</p>
      <p>{t('bo.import.format')}</p>
      <p>{t('bo.import.idempotent')}</p>
      <form className="form" onSubmit={onCheck} noValidate>
        <ErrorSummary
          message={missingFile ? t('bo.import.noFile') : error?.message}
          fieldErrors={missingFile ? { file: t('bo.import.noFile') } : fileError ? { file: fileError } : {}}
          fields={{ file: { id: 'consent-import-file', label: t('bo.import.file') } }}
        />
        <div className="field">
          <label htmlFor="consent-import-file">{t('bo.import.file')}</label>
          <input
            id="consent-import-file"
            ref={input}
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={missingFile || fileError ? true : undefined}
            aria-describedby={missingFile || fileError ? 'consent-import-file-error' : undefined}
          />
          <FieldError id="consent-import-file-error" message={missingFile ? t('bo.import.noFile') : fileError} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={check.isPending || undefined}>
            {check.isPending ? t('bo.import.checking') : t('bo.import.check')}
          </button>
        </div>
      </form>
      <div role="status" className={commit.data ? 'alert alert-success' : 'visually-empty'}>
        {commit.data ? (
          <>
            <strong>{t('bo.import.doneTitle')}</strong>{' '}
            {t('bo.import.done', { imported: commit.data.totals.imported, newSubjects: commit.data.totals.newSubjects })}
          </>
        ) : null}
      </div>
      {report ? (
        <div>
          <h3>{t('bo.import.reportTitle')}</h3>
          <p>{t('bo.import.totals', report.totals)}</p>
          {toImport > 0 && file ? (
            <button
              type="button"
              className="button-primary"
              aria-disabled={commit.isPending || undefined}
              onClick={() => !commit.isPending && commit.mutate({ f: file, hash: report.fileHash })}
            >
              {commit.isPending ? t('bo.import.importing') : t('bo.import.confirm', { count: toImport })}
            </button>
          ) : (
            <p>{t('bo.import.nothingToImport')}</p>
          )}
          <ReportTable report={report} />
        </div>
      ) : null}
    </section>
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
      {report.truncated ? <p>{t('bo.import.truncated', { count: report.results.length })}</p> : null}
      <div className="table-wrapper">
        <table>
          <caption>{t('bo.import.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bo.import.line')}</th>
              <th scope="col">{t('bo.import.status')}</th>
              <th scope="col">{t('bo.import.purpose')}</th>
              <th scope="col">{t('bo.import.channel')}</th>
              <th scope="col">{t('bo.import.state')}</th>
              <th scope="col">{t('bo.import.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.results.map((r) => (
              <tr key={r.line}>
                <th scope="row">{r.line}</th>
                <td>{label[r.status]}</td>
                <td>
                  <code>{r.purpose}</code>
                </td>
                <td>{r.channel}</td>
                <td>{r.state}</td>
                <td>{r.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
