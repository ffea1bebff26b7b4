import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { acceptInvitation } from '../api.ts';
import { ErrorSummary, TextField } from '../components/form.tsx';
import { StandalonePage } from '../components/standalone.tsx';

/** Same rule as the server (NIST SP 800-63B: length, not composition). */
const MIN_PASSWORD = 12;

/** The token of an invitation link, which travels in the fragment (#token=…) so no server ever logs it. */
function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** The invitee's first password, from the e-mailed link (/app/accept-invitation#token=…); then they sign in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromFragment);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const save = useMutation({ mutationFn: () => acceptInvitation(token, password) });

  const signIn = (
    <Button component={Link} to="/login" variant={save.isSuccess ? 'filled' : 'default'}>
      {t('invite.signIn')}
    </Button>
  );

  if (!token) {
    return (
      <StandalonePage title={t('invite.title')}>
        <Alert color="red">{t('invite.noToken')}</Alert>
      </StandalonePage>
    );
  }
  if (save.isSuccess) {
    return (
      <StandalonePage title={t('invite.title')}>
        <Stack gap="md" align="flex-start">
          <Alert role="status" color="green">
            {t('invite.done')}
          </Alert>
          {signIn}
        </Stack>
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
    <StandalonePage title={t('invite.title')}>
      <Text mb="md">{t('invite.intro')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={error}
          fieldErrors={fieldErrors}
          fields={{
            password: { id: 'invite-password', label: t('invite.password') },
            confirm: { id: 'invite-confirm', label: t('invite.confirm') },
          }}
        />
        <TextField
          id="invite-password"
          label={t('invite.password')}
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
          id="invite-confirm"
          label={t('invite.confirm')}
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          required
          value={confirm}
          error={fieldErrors.confirm}
          onChange={(event) => setConfirm(event.currentTarget.value)}
        />
        <Button type="submit" loading={save.isPending}>
          {t('invite.submit')}
        </Button>
      </form>
      {save.isError ? (
        <Stack gap="sm" mt="md" align="flex-start">
          <Text size="sm">{t('invite.refused')}</Text>
          {signIn}
        </Stack>
      ) : null}
    </StandalonePage>
  );
}
