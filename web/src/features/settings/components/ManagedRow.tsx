import { useState, type ReactNode } from 'react';
import { ConfirmDeleteRow } from './ConfirmDelete.tsx';

/**
 * A settings table row with, for those who may change it, Edit and Delete buttons; Delete opens the
 * confirmation row right under it.
 */
export function ManagedRow({
  id,
  label,
  consequence,
  columns,
  remove,
  onEdit,
  actions,
  children,
}: {
  id: number;
  /** Names the item in the buttons' labels and the confirmation. */
  label: string;
  /** What deleting it does, said in the confirmation. */
  consequence: string;
  columns: number;
  remove: { isPending: boolean; error: Error | null; mutate: (id: number) => void };
  /** Absent for readers: the row then has no buttons. */
  onEdit?: () => void;
  /** Buttons before Edit, such as a connector's Test. */
  actions?: ReactNode;
  /** The row's data cells. */
  children: ReactNode;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <tr>
        {children}
        {onEdit && (
          <td className="row-actions">
            {actions}
            <button type="button" onClick={onEdit} aria-label={`Edit ${label}`}>
              Edit
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => setConfirming(true)}
              aria-label={`Delete ${label}`}
              aria-expanded={confirming}
            >
              Delete
            </button>
          </td>
        )}
      </tr>
      {confirming && (
        <ConfirmDeleteRow
          columns={columns}
          what={`“${label}”`}
          consequence={consequence}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(id)}
          onCancel={() => setConfirming(false)}
        />
      )}
    </>
  );
}
