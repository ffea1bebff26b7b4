import { Alert, Box, Button, Code, List, SimpleGrid, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { renderSVG } from 'uqr';
import { disableMfa, enableMfa, fetchMfaStatus, startMfaSetup } from '../api.ts';
import { CodeForm } from '../components/code-form.tsx';
import { ErrorSummary } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Panel } from '../components/panel.tsx';
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
      <Panel title={t('security.mfaTitle')} id="mfa-title">
        {status.isPending ? (
          <Loading />
        ) : status.isError ? (
          <LoadError error={status.error} onRetry={() => void status.refetch()} />
        ) : enable.data ? (
          <>
            <Alert role="status" color="blue" mb="sm">
              {t('security.enabledNow')}
            </Alert>
            <Title order={3} mb="xs">
              {t('security.recoveryTitle')}
            </Title>
            <Text mb="sm" maw="48rem">
              {t('security.recoveryIntro')}
            </Text>
            {/* `recovery-codes` names the list for the browser journey. */}
            <SimpleGrid
              component="ul"
              cols={2}
              spacing="xs"
              verticalSpacing={4}
              maw="24rem"
              mb="md"
              className="recovery-codes cf-plain-list"
            >
              {enable.data.recoveryCodes.map((code) => (
                <li key={code}>
                  <Code fz="md">{code}</Code>
                </li>
              ))}
            </SimpleGrid>
            <Button onClick={done}>{t('security.recoverySaved')}</Button>
          </>
        ) : status.data.enabled ? (
          <>
            <Text mb="sm">{t('security.enabled', { count: status.data.recoveryCodesLeft })}</Text>
            <Title order={3} mb="xs">
              {t('security.disableTitle')}
            </Title>
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
            <List type="ordered" mb="sm">
              <List.Item>{t('security.scan')}</List.Item>
              <List.Item>{t('security.type')}</List.Item>
            </List>
            <Box
              className="cf-qr"
              mb="sm"
              role="img"
              aria-label={t('security.qrLabel')}
              dangerouslySetInnerHTML={{ __html: renderSVG(setup.data.uri, { border: 2 }) }}
            />
            <Text mb="sm">
              {t('security.manual')} {/* `secret` names the key for the browser journey. */}
              <Code className="secret" fz="md">
                {setup.data.secret.replace(/(.{4})/g, '$1 ').trim()}
              </Code>
            </Text>
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
            <Text mb="sm">{t('security.off')}</Text>
            {setup.error ? <ErrorSummary message={errorOf(setup.error)} /> : null}
            <Button onClick={() => setup.mutate()} loading={setup.isPending}>
              {t('security.start')}
            </Button>
          </>
        )}
      </Panel>
    </Page>
  );
}
