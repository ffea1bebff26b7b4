import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { acceptInvitation } from '../api.ts';
import { NewPasswordForm, tokenFromFragment } from '../components/new-password-form.tsx';
import { StandalonePage } from '../components/standalone.tsx';

/** The invitee's first password, from the e-mailed link (/app/accept-invitation#token=…); then they sign in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromFragment);
  const save = useMutation({ mutationFn: (password: string) => acceptInvitation(token, password) });

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

  return (
    <StandalonePage title={t('invite.title')}>
      <Text mb="md">{t('invite.intro')}</Text>
      <NewPasswordForm
        idPrefix="invite"
        labels={{ password: t('invite.password'), confirm: t('invite.confirm'), submit: t('invite.submit') }}
        pending={save.isPending}
        serverError={save.error instanceof Error ? save.error.message : undefined}
        onSave={(password) => save.mutate(password)}
      />
      {save.isError ? (
        <Stack gap="sm" mt="md" align="flex-start">
          <Text size="sm">{t('invite.refused')}</Text>
          {signIn}
        </Stack>
      ) : null}
    </StandalonePage>
  );
}
