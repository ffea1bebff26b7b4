import { Alert, Anchor, Button, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, fetchMe, login, loginSecondFactor, type MeDto } from '../api.ts';
import { ErrorSummary, TextField } from '../components/form.tsx';
import { CodeForm } from '../components/code-form.tsx';
import { StandalonePage } from '../components/standalone.tsx';
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
  /** Set once the password is right for an account with two-step sign-in. */
  const [challenge, setChallenge] = useState<string | null>(null);

  const enter = async () => {
    const me = await fetchMe();
    if (!me) throw new ApiError(401, 'auth.session_missing', t('login.sessionMissing'));
    return me;
  };
  const onSignedIn = async (me: MeDto) => {
    queryClient.setQueryData(queryKeys.me, me);
    await syncChosenLanguage(queryClient, me);
    void navigate(next, { replace: true });
  };
  const signIn = useMutation({
    mutationFn: async () => {
      const pending = await login(email.trim(), password);
      return pending ? { challenge: pending } : { me: await enter() };
    },
    onSuccess: async (result) => {
      if (result.challenge) setChallenge(result.challenge);
      else if (result.me) await onSignedIn(result.me);
    },
  });

  if (meQuery.isPending) return <Loading fullPage />;
  // Already signed in (e.g. the back button after login): go where the user wanted.
  if (meQuery.data && !signIn.isPending && !signIn.isSuccess) return <Navigate to={next} replace />;
  if (challenge)
    return <SecondFactorStep challenge={challenge} onSignedIn={onSignedIn} enter={enter} onRestart={() => setChallenge(null)} />;

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
    <StandalonePage title={t('login.title')}>
      <Text mb="sm">{t('login.intro')}</Text>
      {expired && !error ? (
        <Alert role="status" color="blue" mb="sm">
          {t('login.expired')}
        </Alert>
      ) : null}
      <form onSubmit={onSubmit} noValidate>
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
        <Button type="submit" fullWidth loading={signIn.isPending}>
          {t('login.submit')}
        </Button>
        <Text role="status" size="sm" c="dimmed" mt={4}>
          {signIn.isPending ? t('login.pending') : null}
        </Text>
      </form>
      <Anchor component={Link} to="/forgot-password" display="inline-block" py={4} mt="xs">
        {t('forgot.link')}
      </Anchor>
    </StandalonePage>
  );
}

/** Second sign-in step: the code of the authenticator app, or a recovery code. */
function SecondFactorStep({
  challenge,
  enter,
  onSignedIn,
  onRestart,
}: {
  challenge: string;
  enter: () => Promise<MeDto>;
  onSignedIn: (me: MeDto) => Promise<void>;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const confirm = useMutation({
    mutationFn: async (code: string) => {
      await loginSecondFactor(challenge, code);
      return enter();
    },
    onSuccess: onSignedIn,
  });
  return (
    <StandalonePage title={t('login.secondFactorTitle')}>
      <Text mb="sm">{t('login.secondFactorIntro')}</Text>
      <CodeForm
        id="login-code"
        hint={t('login.codeHint')}
        submitLabel={t('login.verify')}
        onCode={(code) => confirm.mutate(code)}
        pending={confirm.isPending}
        serverError={confirm.error instanceof Error ? confirm.error.message : undefined}
        fullWidth
      />
      <Button variant="default" fullWidth mt="sm" onClick={onRestart}>
        {t('login.restart')}
      </Button>
    </StandalonePage>
  );
}
