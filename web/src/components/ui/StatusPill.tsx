import type { ApiStatus } from '@reviewtrace/contracts';

/**
 * Okabe–Ito colours, always with an icon and a word (ui.md, accessibility): colour is never the only
 * signal. Filled pills use black text except on blue.
 */
export const statusLook: Record<ApiStatus, { label: string; icon: string; className: string }> = {
  queued: { label: 'Queued', icon: '◷', className: 'status-queued' },
  running: { label: 'Running', icon: '', className: 'status-running' },
  success: { label: 'Success', icon: '✓', className: 'status-success' },
  failed: { label: 'Failed', icon: '✕', className: 'status-failed' },
  canceled: { label: 'Canceled', icon: '⊘', className: 'status-canceled' },
};

export function StatusPill({ status }: { status: ApiStatus }) {
  const look = statusLook[status];
  return (
    <span className={`pill ${look.className}`} data-status={status}>
      {status === 'running' ? (
        <span className="spinner" aria-hidden="true" />
      ) : (
        <span aria-hidden="true">{look.icon}</span>
      )}
      {look.label}
    </span>
  );
}

export function WarningPill({ children }: { children: string }) {
  return (
    <span className="pill status-warning">
      <span aria-hidden="true">▲</span>
      {children}
    </span>
  );
}
