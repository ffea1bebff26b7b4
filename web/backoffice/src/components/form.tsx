import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiIssue } from '../api.ts';

/** Groups server validation issues by their first path segment ("roles.0" → "roles"). */
export function issuesByField(issues: readonly ApiIssue[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.split(/[.[]/)[0] || '_form';
    result[field] ??= issue.message;
  }
  return result;
}

/** Ids an input must reference in aria-describedby: its hint and its error, when present. */
function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter((id): id is string => Boolean(id));
  return list.length > 0 ? list.join(' ') : undefined;
}

/** Props of {@link TextField}. */
export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export function TextField({ id, label, hint, error, required, 'aria-describedby': extra, ...input }: TextFieldProps) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> {t('form.required')}</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        {...input}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`, extra)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A field's error text; the form's {@link ErrorSummary} is what gets announced. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

/** Props of {@link CheckboxGroup}; `V` is the closed set of values (an enum of the API contract). */
export interface CheckboxGroupProps<V extends string = string> {
  id: string;
  legend: string;
  options: ReadonlyArray<{ value: V; label: ReactNode }>;
  selected: readonly V[];
  onChange: (selected: V[]) => void;
  error?: string | undefined;
  hint?: string;
}

/** A fieldset of checkboxes whose legend names the group and whose error is tied to it. */
export function CheckboxGroup<V extends string>({ id, legend, options, selected, onChange, error, hint }: CheckboxGroupProps<V>) {
  const toggle = (value: V, checked: boolean) =>
    onChange(checked ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <fieldset
      className="field checkbox-group"
      id={id}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {options.map((option) => (
        <div className="checkbox" key={option.value}>
          <input
            type="checkbox"
            id={`${id}-${option.value}`}
            checked={selected.includes(option.value)}
            onChange={(event) => toggle(option.value, event.currentTarget.checked)}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

/** How the error summary names and links a field: the input's id and its visible label. */
export type SummaryFields = Record<string, { id: string; label: string }>;

/**
 * The announced error block of a form (role="alert"): the server's message and, when fields
 * are wrong, "Label: problem" links that move focus to each of them (WCAG 3.3.1).
 */
export function ErrorSummary({
  message,
  fieldErrors = {},
  fields = {},
}: {
  message: string | undefined;
  fieldErrors?: Record<string, string>;
  fields?: SummaryFields;
}) {
  const { t } = useTranslation();
  const entries = Object.entries(fieldErrors);
  return (
    <div role="alert" className={message ? 'alert alert-error' : 'visually-empty'}>
      {message ? <p>{message}</p> : null}
      {message && entries.length > 0 ? (
        <ul>
          {entries.map(([name, text]) => {
            const field = fields[name];
            if (!field) return <li key={name}>{text}</li>;
            return (
              <li key={name}>
                <a href={`#${field.id}`}>{t('form.fieldError', { label: field.label, message: text })}</a>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** A select over a closed list: what it hands back is always one of `options`. */
export function Select<V extends string>({ id, label, value, onChange, options, labelOf }: { id: string; label: string; value: V; onChange: (v: V) => void; options: readonly V[]; labelOf: (v: V) => string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(options.find((o) => o === e.currentTarget.value) ?? value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </div>
  );
}
