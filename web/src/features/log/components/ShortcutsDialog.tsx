import { useEffect, useRef } from 'react';
import { logShortcuts } from '../hooks/useLogShortcuts.ts';

/** The `?` overlay: a modal dialog (focus kept inside, Escape closes, focus returns where it was). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="dialog shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      data-log-shortcuts=""
      onClose={onClose}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p className="muted">They work anywhere on this page except while typing in a field.</p>
      <table className="shortcuts-table">
        <tbody>
          {logShortcuts.map((shortcut) => (
            <tr key={shortcut.what}>
              <th scope="row">
                {shortcut.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </th>
              <td>{shortcut.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
