import type { ApiStatus } from '@reviewtrace/contracts';

/**
 * `watch --exit-status` (api.md, "CLI"): 0 success, 1 failed, 2 canceled, so a CI step can wait on a
 * review and fail with it. Queued and running never end a watch; they are here to keep the map exhaustive.
 */
export const exitCodeOf: Record<ApiStatus, number> = {
  success: 0,
  failed: 1,
  canceled: 2,
  queued: 1,
  running: 1,
};
