import { useState, type ReactNode } from 'react';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { ActionsColumnHead, ColumnHeads } from '../../../components/ui/table-heads.tsx';

/** A section's words: its heading, its "Add" button, and a line on what it is for. */
export interface SectionCopy {
  title: string;
  addLabel: string;
  intro: string;
}

/** One settings section: its heading with the "Add" button (when `onAdd` is given) and a line on what it is for. */
export function SettingsSection({
  id,
  copy: { title, addLabel, intro },
  onAdd,
  children,
}: {
  id: string;
  copy: SectionCopy;
  onAdd?: () => void;
  children: ReactNode;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="settings-section">
      <div className="settings-section-head">
        <h2 id={`${id}-title`} tabIndex={-1}>
          {title}
        </h2>
        {onAdd && (
          <button type="button" className="primary" onClick={onAdd}>
            {addLabel}
          </button>
        )}
      </div>
      <p className="muted small">{intro}</p>
      {children}
    </section>
  );
}

/** The items of a section once its list query has answered; loading, failed and empty lists say so instead. */
export function SettingsTable({
  list,
  what,
  emptyTitle,
  emptyText,
  columns,
  withActions,
  children,
}: {
  list: { isPending: boolean; error: Error | null; data?: { items: readonly unknown[] }; refetch: () => unknown };
  /** Plural noun for the loading line ("git tokens"). */
  what: string;
  emptyTitle: string;
  emptyText: string;
  columns: readonly string[];
  /** Whether the rows carry buttons (the last, unnamed column). */
  withActions: boolean;
  children: ReactNode;
}) {
  if (list.isPending) return <Loading what={what} />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data?.items.length)
    return (
      <Empty title={emptyTitle}>
        <p>{emptyText}</p>
      </Empty>
    );
  return (
    <div className="table-scroll">
      <table className="settings-table">
        <thead>
          <tr>
            <ColumnHeads names={columns} />
            {withActions && <ActionsColumnHead />}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/**
 * Which item the section's form edits: none, a new one, or an existing one by id (gone once it leaves
 * the list). Only managers get a form; `startAdding` is there while they may open one.
 */
export function useEditing<T extends { id: number }>(items: readonly T[], canManage: boolean) {
  const [editing, setEditing] = useState<'new' | number | null>(null);
  const edited = typeof editing === 'number' ? items.find((item) => item.id === editing) : undefined;
  return {
    editing,
    setEditing,
    edited,
    formOpen: canManage && (editing === 'new' || edited !== undefined),
    startAdding: canManage && editing === null ? () => setEditing('new') : undefined,
  };
}
