import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { renderSVG } from 'uqr';
import { disableMfa, enableMfa, fetchMfaStatus, startMfaSetup } from '../api.ts';
import { CodeForm } from '../components/code-form.tsx';
import { ErrorSummary } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { LoadError, Loading } from '../components/status.tsx';

const mfaKey = ['auth', 'mfa'] as const;

/** Account security (/app/security): two-step sign-in with an authenticator app. */
export function SecurityPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: mfaKey, queryFn: fetchMfaStatus });
  const setup = useMutation({ mutationFn: startMfaSetup });
  const enable = useMutation({ mutationFn: enableMfa });
  const disable = useMutation({ mutationFn: disableMfa, onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKey }) });
  const errorOf = (error: Error | null) => (error instanceof Error ? error.message : undefined);
  const done = () => {
    setup.reset();
    enable.reset();
    void queryClient.invalidateQueries({ queryKey: mfaKey });
  };

  return (
    <Page title={t('security.title')}>
      <section aria-labelledby="mfa-title" className="panel">
        <h2 id="mfa-title">{t('security.mfaTitle')}</h2>
        {status.isPending ? (
          <Loading />
        ) : status.isError ? (
          <LoadError error={status.error} onRetry={() => void status.refetch()} />
        ) : enable.data ? (
          <>
            <p role="status" className="alert alert-info">
              {t('security.enabledNow')}
            </p>
            <h3>{t('security.recoveryTitle')}</h3>
            <p>{t('security.recoveryIntro')}</p>
            <ul className="recovery-codes">
              {enable.data.recoveryCodes.map((code) => (
                <li key={code}>
                  <code>{code}</code>
                </li>
              ))}
            </ul>
            <button type="button" className="button-primary" onClick={done}>
              {t('security.recoverySaved')}
            </button>
          </>
        ) : status.data.enabled ? (
          <>
            <p>{t('security.enabled', { count: status.data.recoveryCodesLeft })}</p>
            <h3>{t('security.disableTitle')}</h3>
            <CodeForm
              id="mfa-disable-code"
              hint={t('security.codeHint')}
              submitLabel={t('security.disable')}
              onCode={(code) => disable.mutate(code)}
              pending={disable.isPending}
              serverError={errorOf(disable.error)}
            />
          </>
        ) : setup.data ? (
          <>
            <ol className="steps">
              <li>{t('security.scan')}</li>
              <li>{t('security.type')}</li>
            </ol>
            <div
              className="qr"
              role="img"
              aria-label={t('security.qrLabel')}
              dangerouslySetInnerHTML={{ __html: renderSVG(setup.data.uri, { border: 2 }) }}
            />
            <p>
              {t('security.manual')} <code className="secret">{setup.data.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
            </p>
            <CodeForm
              id="mfa-enable-code"
              hint={t('security.codeHint')}
              submitLabel={t('security.confirm')}
              onCode={(code) => enable.mutate(code)}
              pending={enable.isPending}
              serverError={errorOf(enable.error)}
            />
          </>
        ) : (
          <>
            <p>{t('security.off')}</p>
            {setup.error ? <ErrorSummary message={errorOf(setup.error)} /> : null}
            <button type="button" className="button-primary" onClick={() => setup.mutate()} aria-disabled={setup.isPending || undefined}>
              {t('security.start')}
            </button>
          </>
        )}
      </section>
    </Page>
  );
}
