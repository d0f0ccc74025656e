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
