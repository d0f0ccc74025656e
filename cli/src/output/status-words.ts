import type { ApiStatus } from '@reviewtrace/contracts';
import type { Colors } from './colors.ts';

/** Exhaustive, so a new status is a compile error here (style.md §6). */
const statusColor: Record<ApiStatus, keyof Pick<Colors, 'gray' | 'blue' | 'green' | 'red' | 'yellow'>> = {
  queued: 'gray',
  running: 'blue',
  success: 'green',
  failed: 'red',
  canceled: 'yellow',
};

export function colorStatus(status: ApiStatus, colors: Colors): string {
  return colors[statusColor[status]](status);
}
