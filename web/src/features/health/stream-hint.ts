import type { ConnectorHealthItem } from '@reviewtrace/contracts';

/** From this share on, a rate is flagged (icon + words + colour): one review in five is not noise. */
export const ALERT_RATE = 0.2;

/**
 * "This proxy may block streams" is said only where streams got nothing and the same request
 * without streaming then answered: fallbacks that ended in timeouts point at a hung server instead.
 */
export function showsStreamHint(item: Pick<ConnectorHealthItem, 'streamBlockedRate'>): boolean {
  return item.streamBlockedRate >= ALERT_RATE;
}
