import { DEFAULT_OLLAMA_MAX_CONCURRENCY } from '@reviewtrace/contracts';
import type { ConnectorInput } from './api.ts';

/** The box's text for a stored limit: empty for no limit. */
export function concurrencyText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** What a new connector of this provider starts with (the server's default, shown in the box). */
export function defaultConcurrencyText(providerType: ConnectorInput['providerType']): string {
  return providerType === 'ollama' ? String(DEFAULT_OLLAMA_MAX_CONCURRENCY) : '';
}

/**
 * The box as the API takes it: empty → null (no limit); a whole number → that number. Anything
 * else is sent as typed, so the API's field error says what is wrong, as for every other field.
 */
export function concurrencyOf(text: string): number | null | string {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : text;
}
