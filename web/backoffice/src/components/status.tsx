import { useTranslation } from 'react-i18next';

/** A polite "loading" status; `fullPage` wraps it in the main landmark when nothing else is shown. */
export function Loading({ fullPage = false }: { fullPage?: boolean }) {
  const { t } = useTranslation();
  const status = (
    <p role="status" className="loading">
      {t('status.loading')}
    </p>
  );
  return fullPage ? (
    <main id="main" tabIndex={-1} className="standalone">
      {status}
    </main>
  ) : (
    status
  );
}

/** Why a query failed (the server's localised message), announced, with a retry button. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : t('errors.unexpected', { status: '?' });
  return (
    <div role="alert" className="alert alert-error">
      <p>{message}</p>
      {onRetry ? (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('status.retry')}
        </button>
      ) : null}
    </div>
  );
}
