import type { FormEvent, ReactNode } from 'react';
import { FormError } from './FormField.tsx';

/**
 * The frame of a settings add/edit form: its title, the fields, the form-level alert for errors no
 * field shows, and Save / Cancel.
 */
export function SettingsForm({
  title,
  onSubmit,
  save,
  fieldErrors,
  shown,
  submitLabel,
  onCancel,
  children,
}: {
  title: string;
  onSubmit: () => void;
  save: { error: Error | null; isPending: boolean };
  fieldErrors: Record<string, string>;
  /** The fields that show their own error. */
  shown: string[];
  submitLabel: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form className="settings-form" onSubmit={submit} aria-label={title} noValidate>
      <h3>{title}</h3>
      {children}
      <FormError error={save.error} fieldErrors={fieldErrors} shown={shown} />
      <div className="settings-form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
