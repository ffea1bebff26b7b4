import { Button, Card, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorSummary, Select, TextAreaField, issuesByField } from '../../components/form.tsx';
import { allOf } from '../../union.ts';
import { MessageCheck } from '../messages/message-check.tsx';
import { complaintAction, previewAnswer, type AnswerPreviewDto, type ComplaintDetailDto, type ComplaintStepBodies } from './api.ts';

type Answer = ComplaintStepBodies['answer'];
const DECISIONS = allOf<NonNullable<Answer['decision']>>()(['upheld', 'partially_upheld', 'rejected']);
const ROOT_CAUSES = allOf<NonNullable<Answer['rootCause']>>()([
  'billing_error',
  'product_defect',
  'process_failure',
  'staff_behaviour',
  'communication',
  'third_party',
  'no_fault',
  'other',
]);
const REMEDIES = allOf<NonNullable<Answer['remedyGiven']>>()([
  'none',
  'explanation',
  'apology',
  'correction',
  'refund',
  'compensation',
  'goodwill_gesture',
  'other',
]);

/**
 * The reasoned answer: decision, reasons, root cause and remedy, nothing preselected, the reasons
 * checked live for pressure and manipulation (issue 12); then the preview of exactly what the
 * customer will receive; then a confirmation before it is sent.
 */
export function AnswerForm({ c, onSent }: { c: ComplaintDetailDto; onSent: () => void }) {
  const { t } = useTranslation('complaints');
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<NonNullable<Answer['decision']> | ''>('');
  const [reasons, setReasons] = useState('');
  const [rootCause, setRootCause] = useState<NonNullable<Answer['rootCause']> | ''>('');
  const [remedy, setRemedy] = useState<NonNullable<Answer['remedyGiven']> | ''>('');
  const [preview, setPreview] = useState<AnswerPreviewDto | null>(null);
  const [confirming, setConfirming] = useState(false);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const body: Answer = {
    ...(decision ? { decision } : {}),
    ...(reasons.trim() ? { reasons: reasons.trim() } : {}),
    ...(rootCause ? { rootCause } : {}),
    ...(remedy ? { remedyGiven: remedy } : {}),
  };
  const previewing = useMutation({ mutationFn: () => previewAnswer(c.id, body), onSuccess: setPreview });
  const sending = useMutation({
    mutationFn: () => complaintAction(c.id, { step: 'answer', body }),
    onSuccess: (updated) => {
      setConfirming(false);
      queryClient.setQueryData(['complaint', c.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['complaints'] });
      onSent();
    },
    // The error shows in the form, behind the dialog: close it so it can be read and fixed.
    onError: () => setConfirming(false),
  });
  useEffect(() => {
    if (preview) previewHeading.current?.focus();
  }, [preview]);
  const error = sending.error ?? previewing.error;
  const fieldErrors = isApiError(error) ? issuesByField(error.issues) : {};
  // A change after the preview makes it stale: preview again before sending.
  const edit =
    <V,>(set: (v: V) => void) =>
    (v: V) => {
      set(v);
      setPreview(null);
    };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!previewing.isPending) previewing.mutate();
  };
  const choose = t('bo.answerForm.choose');
  return (
    <Card component="form" withBorder padding="md" mb="sm" aria-labelledby="answer-title" onSubmit={submit} noValidate>
      <Title order={3} id="answer-title" mb="xs">
        {t('bo.answer')}
      </Title>
      <ErrorSummary
        message={error instanceof Error ? error.message : undefined}
        fieldErrors={fieldErrors}
        fields={{
          decision: { id: 'answer-decision', label: t('bo.decision') },
          reasons: { id: 'answer-reasons', label: t('bo.decisionReasons') },
          rootCause: { id: 'answer-root-cause', label: t('bo.rootCause') },
          remedyGiven: { id: 'answer-remedy', label: t('bo.remedyGiven') },
        }}
      />
      <Select
        id="answer-decision"
        label={t('bo.decision')}
        value={decision}
        onChange={edit(setDecision)}
        options={['', ...DECISIONS]}
        labelOf={(v) => (v ? t(`decisions.${v}`) : choose)}
        error={fieldErrors.decision}
      />
      <TextAreaField
        id="answer-reasons"
        label={t('bo.decisionReasons')}
        minRows={8}
        value={reasons}
        onChange={edit(setReasons)}
        error={fieldErrors.reasons}
      />
      {/* A complaint answer's deadline is set by law: the findings are shown, never block the answer. */}
      <MessageCheck text={reasons} onChange={edit(setReasons)} textareaId="answer-reasons" type="other" note={t('messages:bo.check.notBlocking')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing={0}>
        <Select
          id="answer-root-cause"
          label={t('bo.rootCause')}
          value={rootCause}
          onChange={edit(setRootCause)}
          options={['', ...ROOT_CAUSES]}
          labelOf={(v) => (v ? t(`rootCauses.${v}`) : choose)}
          error={fieldErrors.rootCause}
        />
        <Select
          id="answer-remedy"
          label={t('bo.remedyGiven')}
          value={remedy}
          onChange={edit(setRemedy)}
          options={['', ...REMEDIES]}
          labelOf={(v) => (v ? t(`remedies.${v}`) : choose)}
          error={fieldErrors.remedyGiven}
        />
      </SimpleGrid>
      <Group>
        <Button type="submit" variant={preview ? 'default' : 'filled'} loading={previewing.isPending}>
          {t('bo.answerForm.preview')}
        </Button>
      </Group>
      {preview ? (
        <Paper component="section" aria-labelledby="answer-preview-title" withBorder p="md" mt="md" bg="gray.0">
          <Title order={4} id="answer-preview-title" tabIndex={-1} ref={previewHeading} mb="xs">
            {t('bo.answerForm.previewTitle')}
          </Title>
          <Text size="sm" mb="xs">
            {preview.delivery === 'email' ? t('bo.answerForm.byEmail', { to: preview.to ?? '' }) : t('bo.answerForm.byPost')}
          </Text>
          <Text size="sm" mb="xs">
            <strong>{t('bo.answerForm.subject')}</strong> {preview.subject}
          </Text>
          <Paper withBorder p="sm" mb="sm">
            <Text className="cf-prewrap">{preview.body}</Text>
          </Paper>
          <Button onClick={() => setConfirming(true)}>{t('bo.answerSubmit')}</Button>
        </Paper>
      ) : null}
      <ConfirmDialog
        opened={confirming}
        title={t('bo.answerForm.confirmTitle')}
        confirmLabel={t('bo.answerForm.confirm')}
        pending={sending.isPending}
        onConfirm={() => !sending.isPending && sending.mutate()}
        onClose={() => setConfirming(false)}
      >
        <Text>
          {preview?.delivery === 'email' ? t('bo.answerForm.confirmEmail', { to: preview.to ?? '' }) : t('bo.answerForm.confirmPost')}
        </Text>
      </ConfirmDialog>
    </Card>
  );
}
