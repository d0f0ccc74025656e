import { useId, type ReactNode } from 'react';
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
