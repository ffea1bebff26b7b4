import { Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, TextField } from './form.tsx';

/** The form that asks for a second-factor code: signing in, confirming enrolment, turning it off. */
export function CodeForm({
  id,
  hint,
  submitLabel,
  onCode,
  pending,
  serverError,
  fullWidth = false,
}: {
  id: string;
  hint: string;
  submitLabel: string;
  onCode: (code: string) => void;
  pending: boolean;
  serverError: string | undefined;
  /** The submit button spans the form (the narrow sign-in card). */
  fullWidth?: boolean;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setMissing(!code.trim());
    if (code.trim()) onCode(code.trim());
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <ErrorSummary message={missing ? t('login.codeMissing') : serverError} />
      <TextField
        id={id}
        label={t('login.code')}
        hint={hint}
        name="code"
        autoComplete="one-time-code"
        autoCapitalize="off"
        spellCheck={false}
        required
        value={code}
        error={missing ? t('login.codeMissing') : undefined}
        onChange={(event) => setCode(event.currentTarget.value)}
      />
      <Button type="submit" loading={pending} fullWidth={fullWidth}>
        {submitLabel}
      </Button>
    </form>
  );
}
