import { useEffect, useRef } from 'react';

/**
 * The inline "are you sure" for a delete (no blocking window.confirm), shown in a full-width row under
 * the item so the table's columns do not jump. It names what goes away and what happens next; focus
 * starts on Cancel so a stray Enter never deletes.
 */
export function ConfirmDeleteRow({
  columns,
  what,
  consequence,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  columns: number;
  what: string;
  consequence: string;
  pending: boolean;
  error: Error | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus({ preventScroll: true }), []);
  return (
    <tr className="confirm-row">
      <td colSpan={columns}>
        <div className="confirm-delete" role="group" aria-label={`Confirm deleting ${what}`}>
          <span>
            <strong>Delete {what}?</strong> {consequence}
          </span>
          <button type="button" className="danger-strong" onClick={onConfirm} disabled={pending}>
            {pending ? 'Deleting…' : 'Yes, delete'}
          </button>
          <button type="button" ref={cancel} onClick={onCancel}>
            Cancel
          </button>
          {error && (
            <span role="alert" className="error-text">
              {error.message}
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}
