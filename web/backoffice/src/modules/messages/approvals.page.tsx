import { Button, Card, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorSummary, TextAreaField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { decideApproval, findPendingApprovals, messageKeys, type MessageApprovalDto } from './api.ts';
import { FindingList, HighlightedText } from './message-check.tsx';

type Decision = 'approved' | 'rejected';

/** One message waiting: its text with the passages marked, the checker's notes, and the decision with its reason. */
function ApprovalCard({ request, onDecided }: { request: MessageApprovalDto; onDecided: (decision: Decision) => void }) {
  const { t } = useTranslation('messages');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const deciding = useMutation({
    mutationFn: (decision: Decision) => decideApproval(request.id, { decision, reason }),
    onSuccess: (decided) => {
      void queryClient.invalidateQueries({ queryKey: messageKeys.approvals });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
      onDecided(decided.status === 'approved' ? 'approved' : 'rejected');
    },
  });
  const error = deciding.error;
  const fieldErrors = isApiError(error) ? issuesByField(error.issues) : {};
  const reasonId = `reason-${request.id}`;
  const titleId = `approval-${request.id}`;
  const decide = (decision: Decision) => {
    if (!deciding.isPending) deciding.mutate(decision);
  };
  return (
    <Card component="article" withBorder padding="md" aria-labelledby={titleId}>
      <Group gap="xs" mb="xs">
        <Title order={2} id={titleId} size="h3">
          {t('bo.approvals.message', { type: t(`type.${request.type}`), date: formatDateTime(request.requestedAt, lang) })}
        </Title>
        {request.campaign ? <StatusBadge tone="info">{t('bo.approvals.campaign')}</StatusBadge> : null}
      </Group>
      <Text size="sm" mb="sm">
        {t('bo.approvals.requestedBy', { name: request.requesterName ?? t('bo.approvals.someone') })}
      </Text>
      <Title order={3} size="h4" mb={4}>
        {t('bo.approvals.text')}
      </Title>
      <Paper withBorder p="sm" bg="gray.0" mb="sm">
        <HighlightedText text={request.text} findings={request.findings} />
      </Paper>
      <Title order={3} size="h4" mb={4}>
        {t('bo.approvals.findings')}
      </Title>
      {request.findings.length ? <FindingList text={request.text} findings={request.findings} /> : <Text>{t('bo.approvals.noFindings')}</Text>}
      {request.abilities.decide ? (
        <Stack gap={0} mt="md">
          <ErrorSummary message={error instanceof Error ? error.message : undefined} fieldErrors={fieldErrors} fields={{ reason: { id: reasonId, label: t('bo.approvals.reason') } }} />
          <TextAreaField
            id={reasonId}
            label={t('bo.approvals.reason')}
            hint={t('bo.approvals.reasonHint')}
            required
            minRows={2}
            value={reason}
            onChange={setReason}
            error={fieldErrors.reason}
          />
          <Group>
            <Button onClick={() => decide('approved')} loading={deciding.isPending && deciding.variables === 'approved'}>
              {t('bo.approvals.approve')}
            </Button>
            <Button color="red" variant="outline" onClick={() => decide('rejected')} loading={deciding.isPending && deciding.variables === 'rejected'}>
              {t('bo.approvals.reject')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text mt="md">{t('bo.approvals.ownRequest')}</Text>
      )}
    </Card>
  );
}

/**
 * The ethics officer's queue (/app/messages/approvals): marketing messages and campaigns with a
 * high-severity finding, oldest first, each approved or rejected with a reason (issue 12).
 */
export function ApprovalsPage() {
  const { t } = useTranslation('messages');
  const query = useQuery({ queryKey: messageKeys.approvals, queryFn: findPendingApprovals });
  const [done, setDone] = useState<Decision | null>(null);
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  return (
    <Page title={t('bo.approvals.title')}>
      <Text mb="md" maw="48rem">
        {t('bo.approvals.intro')}
      </Text>
      <DoneStatus message={done ? t(`bo.approvals.${done}`) : null} />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title={t('bo.approvals.empty')} />
      ) : (
        <Stack gap="md">
          <Text fw={600}>{t('bo.approvals.caption', { count: query.data.length })}</Text>
          {query.data.map((request) => (
            <ApprovalCard key={request.id} request={request} onDecided={setDone} />
          ))}
        </Stack>
      )}
    </Page>
  );
}
