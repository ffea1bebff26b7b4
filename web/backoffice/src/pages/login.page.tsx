import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, fetchMe, login } from '../api.ts';
import { SkipLink } from '../components/app-shell.tsx';
import { ErrorSummary, TextField } from '../components/form.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useDocumentTitle } from '../components/page.tsx';
import { Loading } from '../components/status.tsx';
import { queryKeys, syncChosenLanguage, useMeQuery } from '../session.ts';

/**
 * Only same-app paths are accepted as the post-login destination: "//evil.example" or a full URL
 * in `next` would otherwise turn the login page into an open redirect.
 */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Sign-in screen (/app/login). */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const expired = params.get('expired') === '1';
  const meQuery = useMeQuery();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  useDocumentTitle(t('login.title'));

  const signIn = useMutation({
    mutationFn: async () => {
      await login(email.trim(), password);
      const me = await fetchMe();
      if (!me) throw new ApiError(401, 'auth.session_missing', t('login.sessionMissing'));
      return me;
    },
    onSuccess: async (me) => {
      queryClient.setQueryData(queryKeys.me, me);
      await syncChosenLanguage(queryClient, me);
      void navigate(next, { replace: true });
    },
  });

  if (meQuery.isPending) return <Loading fullPage />;
  // Already signed in (e.g. the back button after login): go where the user wanted.
  if (meQuery.data && !signIn.isPending && !signIn.isSuccess) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    if (!email.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    signIn.mutate();
  };
  const error = missing ? t('login.missingFields') : signIn.error instanceof Error ? signIn.error.message : undefined;
  // One message for both fields: the server deliberately does not say which one was wrong.
  const errorId = error ? 'login-error' : undefined;

  return (
    <>
      <SkipLink />
      <header className="site-header site-header-minimal">
        <div className="brand">
          <span className="brand-link">Confiance</span>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="standalone login">
        <h1 className="page-title">{t('login.title')}</h1>
        <p>{t('login.intro')}</p>
        {expired && !error ? (
          <p role="status" className="alert alert-info">
            {t('login.expired')}
          </p>
        ) : null}
        <form onSubmit={onSubmit} noValidate className="form login-form">
          <div id="login-error">
            <ErrorSummary message={error} />
          </div>
          <TextField
            id="login-email"
            label={t('login.email')}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            aria-describedby={errorId}
            aria-invalid={error ? true : undefined}
          />
          <TextField
            id="login-password"
            label={t('login.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            aria-describedby={errorId}
            aria-invalid={error ? true : undefined}
          />
          <button type="submit" className="button-primary" aria-disabled={signIn.isPending || undefined}>
            {t('login.submit')}
          </button>
          {signIn.isPending ? (
            <p role="status" className="hint">
              {t('login.pending')}
            </p>
          ) : null}
        </form>
      </main>
    </>
  );
}
