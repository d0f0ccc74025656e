import type { ReactNode } from 'react';
import { ApiError } from '../../lib/http.ts';
import { LoaderIcon } from './icons.ts';

/** Loading, empty and error states that say what to do next (ui.md). */
export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" aria-busy="true">
      <LoaderIcon className="spin" /> Loading {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const hint =
    error instanceof ApiError && error.status === 403
      ? 'Your role or org does not give access to this. Switch org or ask an owner.'
      : error instanceof ApiError && error.status === 404
        ? 'It may have been deleted, or it belongs to another org.'
        : undefined;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{message}</p>
      {hint && <p>{hint}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
