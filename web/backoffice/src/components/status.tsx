import { Alert, Button, Container, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageLoader } from './lazy-page.tsx';

/** A polite "loading" status; `fullPage` wraps it in the main landmark when nothing else is shown. */
export function Loading({ fullPage = false }: { fullPage?: boolean }) {
  return fullPage ? (
    <main id="main" tabIndex={-1}>
      <PageLoader />
    </main>
  ) : (
    <PageLoader />
  );
}

/** Why a query failed (the server's localised message), announced, with a retry button. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : t('errors.unexpected', { status: '?' });
  return (
    <Container px={0} size="sm" ml={0}>
      <Alert color="red">
        <Text fw={600}>{message}</Text>
        {onRetry ? (
          <Button variant="default" mt="xs" onClick={onRetry}>
            {t('status.retry')}
          </Button>
        ) : null}
      </Alert>
    </Container>
  );
}

/**
 * What an action just did ("Saved."), announced: the status region stays in the page and only its
 * content comes and goes, so screen readers read each new message.
 */
export function DoneStatus({ message }: { message: string | null | undefined }) {
  return (
    <div role="status">
      {message ? (
        <Alert color="green" mb="sm">
          {message}
        </Alert>
      ) : null}
    </div>
  );
}

/**
 * The outcome of an action: a success in the status region ({@link DoneStatus}), a failure in an
 * alert region; both regions stay in the page so each new message is announced.
 */
export function ActionFeedback({ feedback }: { feedback: { ok: boolean; text: string } | null }) {
  return (
    <>
      <DoneStatus message={feedback?.ok ? feedback.text : null} />
      <div role="alert">
        {feedback && !feedback.ok ? (
          <Alert color="red" mb="sm">
            {feedback.text}
          </Alert>
        ) : null}
      </div>
    </>
  );
}
