import { z } from 'zod';

/**
 * The one status module. The database keeps the host product's values; the API speaks the UI's.
 * Exhaustive `Record<…>` maps make a new status a compile error everywhere it matters.
 */
export const apiStatuses = ['queued', 'running', 'success', 'failed', 'canceled'] as const;
export type ApiStatus = (typeof apiStatuses)[number];
export const ApiStatusSchema = z.enum(apiStatuses);

export const dbStatuses = ['created', 'in_progress', 'completed', 'failed', 'canceled'] as const;
export type DbStatus = (typeof dbStatuses)[number];

export const dbToApiStatus: Record<DbStatus, ApiStatus> = {
  created: 'queued',
  in_progress: 'running',
  completed: 'success',
  failed: 'failed',
  canceled: 'canceled',
};

export const apiToDbStatus: Record<ApiStatus, DbStatus> = {
  queued: 'created',
  running: 'in_progress',
  success: 'completed',
  failed: 'failed',
  canceled: 'canceled',
};

const terminal: Record<ApiStatus, boolean> = {
  queued: false,
  running: false,
  success: true,
  failed: true,
  canceled: true,
};

export function isTerminal(status: ApiStatus): boolean {
  return terminal[status];
}

/** A review that ended without a result can be run again (as a new review linked by `retryOf`). */
const retryable: Record<ApiStatus, boolean> = {
  queued: false,
  running: false,
  success: false,
  failed: true,
  canceled: true,
};

export function canRetry(status: ApiStatus): boolean {
  return retryable[status];
}

/** Only a review that has not ended can be canceled: a finished one has nothing left to stop. */
export function canCancel(status: ApiStatus): boolean {
  return !isTerminal(status);
}

/** For status values read from loose data (event payloads): a foreign or legacy word is not an ApiStatus. */
export function isApiStatus(value: unknown): value is ApiStatus {
  return typeof value === 'string' && (apiStatuses as readonly string[]).includes(value);
}

/** Rank used to move a review's status forward only: a late `running` after `success` changes nothing. */
export const statusRank: Record<ApiStatus, number> = {
  queued: 0,
  running: 1,
  success: 2,
  failed: 2,
  canceled: 2,
};

export function canTransition(from: ApiStatus, to: ApiStatus): boolean {
  return statusRank[to] > statusRank[from];
}

/** Parses a database value defensively: an unknown value written by another product reads as queued. */
export function toApiStatus(dbValue: string): ApiStatus {
  return (dbToApiStatus as Record<string, ApiStatus | undefined>)[dbValue] ?? 'queued';
}
