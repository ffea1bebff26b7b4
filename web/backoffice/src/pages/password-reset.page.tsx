import { Alert, Anchor, Button, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { requestPasswordReset, resetPassword } from '../api.ts';
import { ErrorSummary, TextField } from '../components/form.tsx';
import { StandalonePage } from '../components/standalone.tsx';

/** Same rule as the server (NIST SP 800-63B: length, not composition). */
const MIN_PASSWORD = 12;

/** Forgotten password (/app/forgot-password): asks for the address, always answers the same way. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);
  const send = useMutation({ mutationFn: () => requestPasswordReset(email.trim()) });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (send.isPending) return;
    setMissing(!email.trim());
    if (email.trim()) send.mutate();
  };
  const error = missing ? t('forgot.missing') : send.error instanceof Error ? send.error.message : undefined;

  return (
    <StandalonePage title={t('forgot.title')}>
      {send.isSuccess ? (
        <Alert role="status" color="blue">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <>
          <Text mb="sm">{t('forgot.intro')}</Text>
          <form onSubmit={onSubmit} noValidate>
            <ErrorSummary message={error} />
            <TextField
              id="forgot-email"
              label={t('login.email')}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              error={missing ? t('forgot.missing') : undefined}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <Button type="submit" fullWidth loading={send.isPending}>
              {t('forgot.submit')}
            </Button>
            <Text role="status" size="sm" c="dimmed" mt={4}>
              {send.isPending ? t('forgot.pending') : null}
            </Text>
          </form>
        </>
      )}
      <Anchor component={Link} to="/login" display="inline-block" py={4} mt="xs">
        {t('forgot.back')}
      </Anchor>
    </StandalonePage>
  );
}

/** The token of a reset link, which travels in the fragment (#token=…) so no server ever logs it. */
function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** New password from an e-mailed link (/app/reset-password#token=…). */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromFragment);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const save = useMutation({ mutationFn: () => resetPassword(token, password) });

  if (!token) {
    return (
      <StandalonePage title={t('reset.title')}>
        <Alert color="red">{t('reset.noToken')}</Alert>
        <Anchor component={Link} to="/forgot-password" display="inline-block" py={4} mt="xs">
          {t('reset.askAgain')}
        </Anchor>
      </StandalonePage>
    );
  }
  if (save.isSuccess) {
    return (
      <StandalonePage title={t('reset.title')}>
        <Alert role="status" color="blue">
          {t('reset.done')}
        </Alert>
        <Anchor component={Link} to="/login" display="inline-block" py={4} mt="xs">
          {t('reset.signIn')}
        </Anchor>
      </StandalonePage>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const errors: Record<string, string> = {};
    if (password.length < MIN_PASSWORD) errors.password = t('reset.tooShort');
    else if (confirm !== password) errors.confirm = t('reset.mismatch');
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) save.mutate();
  };
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  const error = hasFieldErrors ? t('form.fixErrors') : save.error instanceof Error ? save.error.message : undefined;

  return (
    <StandalonePage title={t('reset.title')}>
      <Text mb="sm">{t('reset.intro')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={error}
          fieldErrors={fieldErrors}
          fields={{
            password: { id: 'reset-password', label: t('reset.password') },
            confirm: { id: 'reset-confirm', label: t('reset.confirm') },
          }}
        />
        <TextField
          id="reset-password"
          label={t('reset.password')}
          type="password"
          name="new-password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD}
          required
          value={password}
          error={fieldErrors.password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <TextField
          id="reset-confirm"
          label={t('reset.confirm')}
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          required
          value={confirm}
          error={fieldErrors.confirm}
          onChange={(event) => setConfirm(event.currentTarget.value)}
        />
        <Button type="submit" fullWidth loading={save.isPending}>
          {t('reset.submit')}
        </Button>
        <Text role="status" size="sm" c="dimmed" mt={4}>
          {save.isPending ? t('reset.pending') : null}
        </Text>
      </form>
      {save.isError ? (
        <Anchor component={Link} to="/forgot-password" display="inline-block" py={4} mt="xs">
          {t('reset.askAgain')}
        </Anchor>
      ) : null}
    </StandalonePage>
  );
}
