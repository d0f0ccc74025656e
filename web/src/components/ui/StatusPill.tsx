import type { ApiStatus } from '@reviewtrace/contracts';
import { CheckIcon, CircleSlashIcon, ClockIcon, LoaderIcon, TriangleAlertIcon, XIcon, type Icon } from './icons.ts';

/**
 * Okabe–Ito colours, always with an icon and a word (ui.md, accessibility): colour is never the only
 * signal. Filled pills use black text except on blue. `tabMark` is the tab title's text stand-in (a
 * title cannot hold an SVG), drawn by the browser's own UI font.
 */
export const statusLook: Record<ApiStatus, { label: string; Icon: Icon; className: string; tabMark: string }> = {
  queued: { label: 'Queued', Icon: ClockIcon, className: 'status-queued', tabMark: '◷' },
  running: { label: 'Running', Icon: LoaderIcon, className: 'status-running', tabMark: '…' },
  success: { label: 'Success', Icon: CheckIcon, className: 'status-success', tabMark: '✓' },
  failed: { label: 'Failed', Icon: XIcon, className: 'status-failed', tabMark: '✕' },
  canceled: { label: 'Canceled', Icon: CircleSlashIcon, className: 'status-canceled', tabMark: '⊘' },
};

export function StatusPill({ status }: { status: ApiStatus }) {
  const { Icon, label, className } = statusLook[status];
  return (
    <span className={`pill ${className}`} data-status={status}>
      <Icon className={status === 'running' ? 'spin' : undefined} />
      {label}
    </span>
  );
}

export function WarningPill({ children }: { children: string }) {
  return (
    <span className="pill status-warning">
      <TriangleAlertIcon />
      {children}
    </span>
  );
}
