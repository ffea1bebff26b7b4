import { Alert, Anchor, Button, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { requestPasswordReset, resetPassword } from '../api.ts';
import { ErrorSummary, TextField } from '../components/form.tsx';
import { NewPasswordForm, tokenFromFragment } from '../components/new-password-form.tsx';
import { StandalonePage } from '../components/standalone.tsx';

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

/** New password from an e-mailed link (/app/reset-password#token=…). */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromFragment);
  const save = useMutation({ mutationFn: (password: string) => resetPassword(token, password) });

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

  return (
    <StandalonePage title={t('reset.title')}>
      <Text mb="sm">{t('reset.intro')}</Text>
      <NewPasswordForm
        idPrefix="reset"
        labels={{ password: t('reset.password'), confirm: t('reset.confirm'), submit: t('reset.submit') }}
        pendingText={t('reset.pending')}
        pending={save.isPending}
        serverError={save.error instanceof Error ? save.error.message : undefined}
        fullWidth
        onSave={(password) => save.mutate(password)}
      />
      {save.isError ? (
        <Anchor component={Link} to="/forgot-password" display="inline-block" py={4} mt="xs">
          {t('reset.askAgain')}
        </Anchor>
      ) : null}
    </StandalonePage>
  );
}
