import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { ErrorSummary, FieldError, issuesByField } from '../../components/form.tsx';
import { allOf } from '../../union.ts';
import { complaintAction, previewAnswer, type AnswerPreviewDto, type ComplaintDetailDto, type ComplaintStepBodies } from './api.ts';

type Answer = ComplaintStepBodies['answer'];
const DECISIONS = allOf<NonNullable<Answer['decision']>>()(['upheld', 'partially_upheld', 'rejected']);
const ROOT_CAUSES = allOf<NonNullable<Answer['rootCause']>>()(['billing_error', 'product_defect', 'process_failure', 'staff_behaviour', 'communication', 'third_party', 'no_fault', 'other']);
const REMEDIES = allOf<NonNullable<Answer['remedyGiven']>>()(['none', 'explanation', 'apology', 'correction', 'refund', 'compensation', 'goodwill_gesture', 'other']);

/** A closed list with nothing chosen at first: the agent decides, the form never does. */
function Choice<V extends string>({ id, label, value, onChange, options, labelOf, error }: { id: string; label: string; value: V | ''; onChange: (v: V | '') => void; options: readonly V[]; labelOf: (v: V) => string; error: string | undefined }) {
  const { t } = useTranslation('complaints');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(options.find((o) => o === e.currentTarget.value) ?? '')}>
        <option value="">{t('bo.answerForm.choose')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/**
 * The reasoned answer: decision, reasons, root cause and remedy, nothing preselected; then the
 * preview of exactly what the customer will receive; then a confirmation before it is sent.
 */
export function AnswerForm({ c, onSent }: { c: ComplaintDetailDto; onSent: () => void }) {
  const { t } = useTranslation('complaints');
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<NonNullable<Answer['decision']> | ''>('');
  const [reasons, setReasons] = useState('');
  const [rootCause, setRootCause] = useState<NonNullable<Answer['rootCause']> | ''>('');
  const [remedy, setRemedy] = useState<NonNullable<Answer['remedyGiven']> | ''>('');
  const [preview, setPreview] = useState<AnswerPreviewDto | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
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
      dialog.current?.close();
      queryClient.setQueryData(['complaint', c.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['complaints'] });
      onSent();
    },
    // The error shows in the form, behind the dialog: close it so it can be read and fixed.
    onError: () => dialog.current?.close(),
  });
  useEffect(() => {
    if (preview) previewHeading.current?.focus();
  }, [preview]);
  const error = sending.error ?? previewing.error;
  const fieldErrors = isApiError(error) ? issuesByField(error.issues) : {};
  // A change after the preview makes it stale: preview again before sending.
  const edit = <V,>(set: (v: V) => void) => (v: V) => {
    set(v);
    setPreview(null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!previewing.isPending) previewing.mutate();
  };
  return (
    <form className="panel answer-form" aria-labelledby="answer-title" onSubmit={submit} noValidate>
      <h3 id="answer-title">{t('bo.answer')}</h3>
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
      <Choice id="answer-decision" label={t('bo.decision')} value={decision} onChange={edit(setDecision)} options={DECISIONS} labelOf={(v) => t(`decisions.${v}`)} error={fieldErrors.decision} />
      <div className="field field-wide">
        <label htmlFor="answer-reasons">{t('bo.decisionReasons')}</label>
        <textarea
          id="answer-reasons"
          rows={8}
          value={reasons}
          onChange={(e) => edit(setReasons)(e.currentTarget.value)}
          aria-invalid={fieldErrors.reasons ? true : undefined}
          aria-describedby={fieldErrors.reasons ? 'answer-reasons-error' : undefined}
        />
        <FieldError id="answer-reasons-error" message={fieldErrors.reasons} />
      </div>
      <Choice id="answer-root-cause" label={t('bo.rootCause')} value={rootCause} onChange={edit(setRootCause)} options={ROOT_CAUSES} labelOf={(v) => t(`rootCauses.${v}`)} error={fieldErrors.rootCause} />
      <Choice id="answer-remedy" label={t('bo.remedyGiven')} value={remedy} onChange={edit(setRemedy)} options={REMEDIES} labelOf={(v) => t(`remedies.${v}`)} error={fieldErrors.remedyGiven} />
      <button type="submit" className="button-primary" aria-disabled={previewing.isPending || undefined}>
        {t('bo.answerForm.preview')}
      </button>
      {preview ? (
        <section className="answer-preview" aria-labelledby="answer-preview-title">
          <h4 id="answer-preview-title" tabIndex={-1} ref={previewHeading}>
            {t('bo.answerForm.previewTitle')}
          </h4>
          <p>{preview.delivery === 'email' ? t('bo.answerForm.byEmail', { to: preview.to ?? '' }) : t('bo.answerForm.byPost')}</p>
          <p>
            <strong>{t('bo.answerForm.subject')}</strong> {preview.subject}
          </p>
          <pre className="mail-preview">{preview.body}</pre>
          <button type="button" className="button-primary" onClick={() => dialog.current?.showModal()}>
            {t('bo.answerSubmit')}
          </button>
        </section>
      ) : null}
      <dialog ref={dialog} aria-labelledby="answer-confirm-title" className="confirm-dialog">
        <h4 id="answer-confirm-title">{t('bo.answerForm.confirmTitle')}</h4>
        <p>{preview?.delivery === 'email' ? t('bo.answerForm.confirmEmail', { to: preview.to ?? '' }) : t('bo.answerForm.confirmPost')}</p>
        <div className="actions">
          <button type="button" className="button-primary" aria-disabled={sending.isPending || undefined} onClick={() => !sending.isPending && sending.mutate()}>
            {t('bo.answerForm.confirm')}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('bo.answerForm.cancel')}
          </button>
        </div>
      </dialog>
    </form>
  );
}
