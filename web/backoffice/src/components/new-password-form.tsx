import { Button, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, TextField } from './form.tsx';

/** Same rule as the server (NIST SP 800-63B: length, not composition). */
export const MIN_PASSWORD = 12;

/** The token of an e-mailed link (reset, invitation), which travels in the fragment (#token=…) so no server ever logs it. */
export function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

interface NewPasswordFormProps {
  /** Prefix of the fields' ids (`reset` gives `reset-password` and `reset-confirm`). */
  idPrefix: string;
  labels: { password: string; confirm: string; submit: string };
  /** Said politely while the password is being saved. */
  pendingText?: string;
  pending: boolean;
  /** The server's refusal, if any. */
  serverError: string | undefined;
  fullWidth?: boolean;
  onSave(password: string): void;
}

/**
 * Choosing a password, typed twice: the reset link and the invitation link ask for it the same
 * way, with the same rules and field-named errors before anything is sent.
 */
export function NewPasswordForm({ idPrefix, labels, pendingText, pending, serverError, fullWidth = false, onSave }: NewPasswordFormProps) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const errors: Record<string, string> = {};
    if (password.length < MIN_PASSWORD) errors.password = t('reset.tooShort');
    else if (confirm !== password) errors.confirm = t('reset.mismatch');
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) onSave(password);
  };
  const error = Object.keys(fieldErrors).length > 0 ? t('form.fixErrors') : serverError;

  return (
    <form onSubmit={onSubmit} noValidate>
      <ErrorSummary
        message={error}
        fieldErrors={fieldErrors}
        fields={{
          password: { id: `${idPrefix}-password`, label: labels.password },
          confirm: { id: `${idPrefix}-confirm`, label: labels.confirm },
        }}
      />
      <TextField
        id={`${idPrefix}-password`}
        label={labels.password}
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
        id={`${idPrefix}-confirm`}
        label={labels.confirm}
        type="password"
        name="confirm-password"
        autoComplete="new-password"
        required
        value={confirm}
        error={fieldErrors.confirm}
        onChange={(event) => setConfirm(event.currentTarget.value)}
      />
      <Button type="submit" fullWidth={fullWidth} loading={pending}>
        {labels.submit}
      </Button>
      {pendingText !== undefined ? (
        <Text role="status" size="sm" c="dimmed" mt={4}>
          {pending ? pendingText : null}
        </Text>
      ) : null}
    </form>
  );
}
