import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/form.tsx';

const describedBy = (...ids: Array<string | false | undefined>) => ids.filter(Boolean).join(' ') || undefined;

function Label({ id, label, required }: { id: string; label: string; required?: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <label htmlFor={id}>
      {label}
      {required ? <span className="required"> {t('form.required')}</span> : null}
    </label>
  );
}

/** A labelled textarea whose hint and error are tied to it (WCAG 1.3.1, 3.3.1). */
export function TextAreaField({ id, label, hint, error, required, ...rest }: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & { id: string; label: string; hint?: string; error?: string | undefined }) {
  return (
    <div className="field">
      <Label id={id} label={label} required={required} />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea id={id} rows={4} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)} {...rest} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A labelled select over a closed set of values, with its error tied to it; it only ever hands back one of `options`. */
export function SelectField<V extends string>({
  id,
  label,
  error,
  required,
  options,
  value,
  onValueChange,
  ...rest
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'> & {
  id: string;
  label: string;
  error?: string | undefined;
  options: ReadonlyArray<{ value: V; label: string }>;
  value: V;
  onValueChange: (value: V) => void;
}) {
  return (
    <div className="field">
      <Label id={id} label={label} required={required} />
      <select
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`)}
        value={value}
        onChange={(e) => onValueChange(options.find((o) => o.value === e.currentTarget.value)?.value ?? value)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A fieldset of radio buttons; the legend names the choice. */
export function RadioGroup<V extends string>({
  id,
  legend,
  options,
  value,
  onChange,
  error,
  hint,
}: {
  id: string;
  legend: string;
  options: ReadonlyArray<{ value: V; label: ReactNode }>;
  value: V;
  onChange: (value: V) => void;
  error?: string | undefined;
  hint?: string;
}) {
  return (
    <fieldset className="field" id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input type="radio" id={`${id}-${o.value}`} name={id} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

/** An ISO instant as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (browser time zone) as an ISO instant; '' stays '' for the server to reject. */
export function fromLocalInput(value: string): string {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : value;
}
