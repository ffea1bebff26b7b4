import { Alert, Anchor, Button, Checkbox, Fieldset, Group, Input, List, NativeSelect, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useLayoutEffect, useRef, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import type { TFunction } from 'i18next';
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

/** A field's visible label, with "(required)" in words rather than a bare asterisk. */
function FieldLabel({ label, required }: { label: string; required: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      {label}
      {required ? (
        <Text span size="sm" c="dimmed" fw="normal">
          {' '}
          {t('form.required')}
        </Text>
      ) : null}
    </>
  );
}

/**
 * The words of a text as they are compared: lower case, no accents, without elisions and
 * possessives ("l’extrait" and "extract's" are "extrait" and "extract"), and without the short
 * words (de, la, of) that name nothing.
 */
function significantWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\b(?:c|d|j|l|m|n|qu|s|t)'/g, ' ')
    .replace(/'s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 2);
}

/**
 * An error as it reads beside its field or in the error summary: it names its field ("Reason:
 * this field is required"), so it still makes sense when read alone, by a screen reader moving
 * through descriptions or by anyone scanning a long form; a message that already names it (every
 * word of the label is in it: "Give the extract's date." under "Extract date") is said once, as it
 * is, not "Extract date: Give the extract's date.".
 */
export function fieldErrorMessage(t: TFunction, label: string, message: string): string {
  const labelWords = significantWords(label);
  const messageWords = new Set(significantWords(message));
  const named = labelWords.length > 0 && labelWords.every((word) => messageWords.has(word));
  return named ? message : t('form.fieldError', { label, message });
}

/** {@link fieldErrorMessage} with its warning sign, for Mantine's error slot. */
function useFieldErrorText(label: string, error: string | undefined): ReactNode {
  const { t } = useTranslation();
  if (!error) return undefined;
  return (
    <>
      <span aria-hidden="true">⚠ </span>
      {fieldErrorMessage(t, label, error)}
    </>
  );
}

/** Props of {@link TextField}. */
export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'size'> {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

/**
 * A labelled one-line input (Mantine), its hint and its error tied to it with aria-describedby
 * (ids `<id>-hint` and `<id>-error`). Use it for every text, e-mail, password, number or date
 * input; `type` and the other input attributes pass through. A date or date-time input also says
 * what to type in the page's language (the field itself follows the browser's).
 */
export function TextField({ id, label, hint: givenHint, error, required, 'aria-describedby': extra, className, ...input }: TextFieldProps) {
  const { t } = useTranslation();
  // The browser draws a date field in its own language ("mm/dd/yyyy" on an English browser, for a
  // French page), in an order the page can neither change nor read: the hint says what to type in
  // the page's language without claiming an order.
  const format = input.type === 'date' ? t('form.dateFormat') : input.type === 'datetime-local' ? t('form.dateTimeFormat') : undefined;
  const hint = [givenHint, format].filter(Boolean).join(' ') || undefined;
  const errorText = useFieldErrorText(label, error);
  // Mantine ties the hint and the error itself; an extra description (a hint shared by several
  // fields) is added after it renders, on every render, since Mantine sets the attribute too.
  const inputRef = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    const ids = describedBy(hint && `${id}-hint`, error && `${id}-error`, extra);
    if (extra && ids) inputRef.current?.setAttribute('aria-describedby', ids);
  });
  return (
    <Input.Wrapper
      id={id}
      className={className}
      mb="sm"
      label={<FieldLabel label={label} required={required} />}
      description={hint}
      descriptionProps={{ id: `${id}-hint` }}
      error={errorText}
      errorProps={{ id: `${id}-error` }}
    >
      <Input ref={inputRef} id={id} required={required} error={Boolean(error)} {...input} />
    </Input.Wrapper>
  );
}

/** Props of {@link FileField}. */
export interface FileFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  accept?: string;
  multiple?: boolean;
  /** The files chosen so far (controlled): named beside the button; an empty list empties the input. */
  files: readonly File[];
  onChange: (files: File[]) => void;
}

/**
 * A file picker in the page's language. The browser's own control says "Choose File / No file
 * chosen" in the browser's language whatever the page's, so the real `<input type="file">` is
 * visually hidden (still focused by Tab, opened by Space or Enter, filled by drag and drop, forms
 * and tests) and a labelled button, a second `<label>` of it, opens it; the chosen files are named
 * beside it and read with the input's description. The field's label and hint work as in
 * {@link TextField}.
 */
export function FileField({ id, label, hint, error, required, accept, multiple = false, files, onChange }: FileFieldProps) {
  const { t } = useTranslation();
  const errorText = useFieldErrorText(label, error);
  const inputRef = useRef<HTMLInputElement>(null);
  // A selection cleared by the page (after an upload) clears the input too, so the same file can be chosen again.
  useEffect(() => {
    if (files.length === 0 && inputRef.current) inputRef.current.value = '';
  }, [files.length]);
  const chosen = files.length === 0 ? t('form.file.none') : files.map((file) => file.name).join(', ');
  return (
    <Input.Wrapper
      id={id}
      className="cf-file"
      mb="sm"
      label={<FieldLabel label={label} required={required} />}
      description={hint}
      descriptionProps={{ id: `${id}-hint` }}
      error={errorText}
      errorProps={{ id: `${id}-error` }}
    >
      <div className="cf-file-row">
        <input
          ref={inputRef}
          id={id}
          type="file"
          className="visually-hidden cf-file-input"
          accept={accept}
          multiple={multiple}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`${id}-chosen`, hint && `${id}-hint`, error && `${id}-error`)}
          onChange={(event) => onChange([...(event.currentTarget.files ?? [])])}
        />
        <Button component="label" htmlFor={id} variant="default" className="cf-file-button">
          {t(multiple ? 'form.file.chooseMany' : 'form.file.choose')}
        </Button>
        <Text span size="sm" id={`${id}-chosen`} className="cf-file-name" c={files.length === 0 ? 'dimmed' : undefined}>
          {chosen}
        </Text>
        {/* Files chosen by mistake are put back without sending them (Mantine's FileInput had a clear button). */}
        {files.length > 0 && !required ? (
          <Button variant="subtle" size="compact-sm" onClick={() => onChange([])} aria-describedby={`${id}-chosen`}>
            {t('form.file.clear')}
          </Button>
        ) : null}
      </div>
    </Input.Wrapper>
  );
}

/** Props of {@link TextAreaField}. */
export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange'> {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string | undefined;
  /** Visible lines before it grows with its content (default 4). */
  minRows?: number;
}

/**
 * A labelled multi-line text (Mantine Textarea), full width of its column and growing with what
 * is typed: for answers, notes and reasons, which people write at length.
 */
export function TextAreaField({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  required,
  minRows = 4,
  'aria-describedby': extra,
  ...rest
}: TextAreaFieldProps) {
  const errorText = useFieldErrorText(label, error);
  return (
    <Textarea
      id={id}
      mb="sm"
      w="100%"
      autosize
      minRows={minRows}
      label={<FieldLabel label={label} required={required} />}
      description={hint}
      descriptionProps={{ id: `${id}-hint` }}
      error={errorText}
      errorProps={{ id: `${id}-error` }}
      withAsterisk={false}
      required={required}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      {...rest}
      {...(extra ? { 'aria-describedby': describedBy(hint && `${id}-hint`, error && `${id}-error`, extra) } : {})}
    />
  );
}

/** A field's error text alone, for controls the wrappers here do not cover; names nothing, so say the field in `message`. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <Input.Error id={id} mt={4}>
      <span aria-hidden="true">⚠ </span>
      {message}
    </Input.Error>
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
  const toggle = (value: V, checked: boolean) => onChange(checked ? [...selected, value] : selected.filter((v) => v !== value));
  const errorText = useFieldErrorText(legend, error);
  return (
    <Fieldset
      id={id}
      legend={legend}
      variant="unstyled"
      mb="sm"
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
    >
      {hint ? (
        <Input.Description id={`${id}-hint`} mb={6}>
          {hint}
        </Input.Description>
      ) : null}
      <Stack gap={6}>
        {options.map((option) => (
          <Checkbox
            key={option.value}
            id={`${id}-${option.value}`}
            label={option.label}
            checked={selected.includes(option.value)}
            onChange={(event) => toggle(option.value, event.currentTarget.checked)}
          />
        ))}
      </Stack>
      {errorText ? (
        <Input.Error id={`${id}-error`} mt={4}>
          {errorText}
        </Input.Error>
      ) : null}
    </Fieldset>
  );
}

/** Props of {@link RadioGroup}; `V` is the closed set of values. */
export interface RadioGroupProps<V extends string = string> {
  id: string;
  legend: string;
  options: ReadonlyArray<{ value: V; label: ReactNode }>;
  value: V;
  onChange: (value: V) => void;
  error?: string | undefined;
  hint?: string;
  /** Options side by side (a short filter) rather than one under the other. */
  inline?: boolean;
}

/**
 * One choice among a few, all visible (Mantine Radio.Group: a radiogroup named by its label):
 * each radio's id is `<id>-<value>`; the error names the group; what it hands back is always one
 * of `options`.
 */
export function RadioGroup<V extends string>({ id, legend, options, value, onChange, error, hint, inline = false }: RadioGroupProps<V>) {
  const errorText = useFieldErrorText(legend, error);
  const radios = options.map((o) => <Radio key={o.value} id={`${id}-${o.value}`} value={o.value} label={o.label} />);
  return (
    <Radio.Group
      id={id}
      label={legend}
      description={hint}
      descriptionProps={{ id: `${id}-hint` }}
      error={errorText}
      errorProps={{ id: `${id}-error` }}
      value={value}
      onChange={(v) => onChange(options.find((o) => o.value === v)?.value ?? value)}
      mb="sm"
    >
      {inline ? (
        <Group gap="md" mt={4}>
          {radios}
        </Group>
      ) : (
        <Stack gap={6} mt={4}>
          {radios}
        </Stack>
      )}
    </Radio.Group>
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
    // The live region is always in the page, so a message that appears in it is announced.
    <div role="alert">
      {message ? (
        <Alert color="red" mb="sm" role="group">
          <Text fw={600}>{message}</Text>
          {entries.length > 0 ? (
            <List size="sm">
              {entries.map(([name, text]) => {
                const field = fields[name];
                if (!field) return <List.Item key={name}>{text}</List.Item>;
                return (
                  <List.Item key={name}>
                    <Anchor href={`#${field.id}`}>{fieldErrorMessage(t, field.label, text)}</Anchor>
                  </List.Item>
                );
              })}
            </List>
          ) : null}
        </Alert>
      ) : null}
    </div>
  );
}

/**
 * A select over a closed list (a native select, styled by Mantine: the platform's own picker on
 * phones and screen readers): what it hands back is always one of `options`.
 */
export function Select<V extends string>({
  id,
  label,
  value,
  onChange,
  options,
  labelOf,
  hint,
  error,
  required,
  disabled,
}: {
  id: string;
  label: string;
  value: V;
  onChange: (v: V) => void;
  options: readonly V[];
  labelOf: (v: V) => string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  disabled?: boolean;
}) {
  const errorText = useFieldErrorText(label, error);
  return (
    <NativeSelect
      id={id}
      mb="sm"
      label={<FieldLabel label={label} required={required} />}
      required={required}
      withAsterisk={false}
      disabled={disabled}
      description={hint}
      descriptionProps={{ id: `${id}-hint` }}
      error={errorText}
      errorProps={{ id: `${id}-error` }}
      value={value}
      onChange={(e) => onChange(options.find((o) => o === e.currentTarget.value) ?? value)}
      data={options.map((o) => ({ value: o, label: labelOf(o) }))}
    />
  );
}
