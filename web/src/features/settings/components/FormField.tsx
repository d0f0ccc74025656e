import { useEffect, useId, useRef, type ReactNode } from 'react';
import { XIcon } from '../../../components/ui/icons.ts';

export interface FieldA11y {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * A labelled input with its help text and its server-side error right below it, wired up with
 * aria-describedby so a screen reader reads the error when the input gets focus.
 */
export function FormField({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  children: (a11y: FieldA11y) => ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="error-text small">
          <XIcon /> {error}
        </span>
      )}
    </div>
  );
}

/** A required one-line text input (a name, a model, a URL) with its label, hint and error. */
export function TextField({
  label,
  error,
  hint,
  type,
  placeholder,
  value,
  onChange,
  optional = false,
  inputMode,
}: {
  label: string;
  error?: string;
  hint?: string;
  type?: 'url';
  /** An example, never filled in for the user. */
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
  optional?: boolean;
  inputMode?: 'decimal' | 'numeric';
}) {
  return (
    <FormField label={label} error={error} hint={hint}>
      {(a11y) => (
        <input
          {...a11y}
          type={type}
          value={value}
          placeholder={placeholder}
          inputMode={inputMode}
          onChange={(e) => onChange(e.target.value)}
          required={!optional}
        />
      )}
    </FormField>
  );
}

/** `value` if it is one of `options`, typed as such; what an API string or a `<select>` gives is checked here. */
export function optionOf<P extends string>(options: readonly P[], value: string | undefined): P | undefined {
  return options.find((option) => option === value);
}

/** The provider picker that opens each settings form; it takes the focus when the form appears. */
export function ProviderField<P extends string>({
  error,
  hint,
  options,
  labelOf,
  value,
  onChange,
  disabled,
}: {
  error?: string;
  hint?: string;
  options: readonly P[];
  labelOf: (option: P) => string;
  value: P;
  onChange: (value: P) => void;
  disabled?: boolean;
}) {
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => select.current?.focus(), []);
  return (
    <FormField label="Provider" error={error} hint={hint}>
      {(a11y) => (
        <select
          ref={select}
          {...a11y}
          value={value}
          disabled={disabled}
          onChange={(e) => {
            const picked = optionOf(options, e.target.value);
            if (picked) onChange(picked);
          }}
        >
          {options.map((option) => (
            <option key={option} value={option}>
              {labelOf(option)}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

/**
 * A write-only secret (API key, git token): the API only ever returns it masked, so the field starts
 * empty, says what is stored, and an empty field on edit keeps the stored value.
 */
export function SecretField({
  label,
  error,
  storedMask,
  newHint,
  value,
  onChange,
  disabled,
  required,
}: {
  label: string;
  error?: string;
  /** `••••abcd` of what is stored, if anything. */
  storedMask: string | null | undefined;
  /** What to say when nothing is stored yet. */
  newHint: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  required?: boolean;
}) {
  return (
    <FormField
      label={label}
      error={error}
      hint={storedMask ? `Stored: ${storedMask}. Leave empty to keep it.` : newHint}
    >
      {(a11y) => (
        <input
          {...a11y}
          type="password"
          // Not the user's own password: keep password managers from filling it in.
          autoComplete="new-password"
          value={value}
          disabled={disabled}
          required={required}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}

export function CheckboxField({
  label,
  hint,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="settings-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      )}
    </div>
  );
}

/** The form-level alert: the API's message plus any error that names no field shown above. */
export function FormError({
  error,
  fieldErrors,
  shown,
}: {
  error: Error | null;
  fieldErrors: Record<string, string>;
  shown: string[];
}) {
  if (!error) return null;
  const unplaced = Object.entries(fieldErrors).filter(([field]) => !shown.includes(field));
  return (
    <div role="alert" className="error-text">
      {/* When every problem sits next to its field, "Invalid body: body.name" would only repeat it. */}
      <p>
        {unplaced.length === 0 && Object.keys(fieldErrors).length > 0
          ? 'Check the fields marked above.'
          : error.message}
      </p>
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map(([field, message]) => (
            <li key={field}>
              {field}: {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
