import { ApiError } from '../../lib/http.ts';

/**
 * A 400's field messages keyed by the request field they name (`body.diff` → `diff`), so each shows
 * under its own input; what names no field shown here stays in the form's summary.
 */
export function fieldMessages(
  error: unknown,
  shown: readonly string[],
): {
  byField: Record<string, string[]>;
  rest: { field: string; message: string }[];
} {
  const byField: Record<string, string[]> = {};
  const rest: { field: string; message: string }[] = [];
  const details = error instanceof ApiError && Array.isArray(error.details) ? error.details : [];
  for (const detail of details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue;
    const { field, message } = detail as { field?: unknown; message?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const name = field.replace(/^body\./, '');
    if (shown.includes(name)) (byField[name] ??= []).push(message);
    else rest.push({ field: name, message });
  }
  return { byField, rest };
}
