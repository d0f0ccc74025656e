import { createContext, useContext } from 'react';
import { useNow } from '../../../lib/use-now.ts';
import { shownAsOf, type ConnectionState } from '../connection.ts';

/** The page's live connection, for the clocks deep in its tables and panels. */
export const ConnectionContext = createContext<ConnectionState | null>(null);

/**
 * The clock that live figures (durations, time left, the current step) count with: ticking while
 * updates arrive; stopped at the last update while offline, with `asOf` set so the figure can say so.
 */
export function useLiveNow(enabled: boolean): { now: number; asOf: number | null } {
  const connection = useContext(ConnectionContext);
  const asOf = connection ? shownAsOf(connection) : null;
  const now = useNow(enabled && asOf === null);
  return { now: asOf ?? now, asOf };
}
