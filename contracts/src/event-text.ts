/**
 * One line of human-readable text per event, shared by the log download and the web log panel:
 * `2025-09-24T11:44:44.601Z INFO  [batch-1] message`.
 */
import { batchLabel, parseStrategyLabel } from './wording.ts';
export interface EventLike {
  seq: number;
  type: string;
  time: string;
  level: string | null;
  batchId: string | null;
  data: Record<string, unknown>;
}

const s = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
const n = (v: unknown) => (typeof v === 'number' ? v : undefined);

export function eventLevel(event: EventLike): string {
  const level = event.level ?? (typeof event.data['level'] === 'string' ? event.data['level'] : null);
  if (level) return level === 'success' ? 'info' : level;
  if (event.type === 'status' && event.data['status'] === 'failed') return 'error';
  if (event.type === 'batch' && event.data['status'] === 'failed') return 'error';
  if (event.type === 'batch' && event.data['status'] === 'fallback') return 'warn';
  if (event.type === 'posting' && event.data['outcome'] === 'failed') return 'warn';
  return 'info';
}

export function eventMessage(event: EventLike): string {
  const d = event.data;
  switch (event.type) {
    case 'log':
      return s(d['message']) + (d['code'] ? ` (${s(d['code'])})` : '');
    case 'status':
      return (
        `Review ${s(d['status'])}` +
        (n(d['durationMs']) !== undefined ? ` after ${Math.round(n(d['durationMs'])! / 100) / 10}s` : '')
      );
    case 'batch': {
      const parts = [`${batchLabel(s(d['batchId'] ?? event.batchId))} ${s(d['status'])}`];
      if (n(d['fileCount']) !== undefined) parts.push(`${n(d['fileCount'])} files`);
      if (n(d['tokenEstimate']) !== undefined) parts.push(`~${n(d['tokenEstimate'])} tokens`);
      if (n(d['commentCount']) !== undefined) parts.push(`${n(d['commentCount'])} comments`);
      const fallback = d['fallback'] as { reason?: string; afterMs?: number } | undefined;
      if (fallback) parts.push(`fallback: ${s(fallback.reason)} after ${s(fallback.afterMs)}ms`);
      const wait = d['wait'] as Record<string, unknown> | undefined;
      if (wait && typeof wait === 'object') parts.push(waitText(wait));
      return parts.join(', ');
    }
    case 'model_call': {
      const head = `Model call ${s(d['phase'])}: ${s(d['provider'])}/${s(d['model'])}`;
      const facts = [
        d['streaming'] === undefined ? '' : d['streaming'] ? 'streaming' : 'non-streaming',
        n(d['attempt']) ? `attempt ${n(d['attempt'])}` : '',
        n(d['chunks']) !== undefined ? `${n(d['chunks'])} chunks` : '',
        n(d['chars']) !== undefined ? `${n(d['chars'])} chars` : '',
        n(d['ttfbMs']) !== undefined ? `first byte ${n(d['ttfbMs'])}ms` : '',
        n(d['queueMs']) ? `waited ${n(d['queueMs'])}ms before it` : '',
        n(d['durationMs']) !== undefined ? `${n(d['durationMs'])}ms` : '',
        n(d['tokensIn']) !== undefined && n(d['tokensOut']) !== undefined
          ? `${n(d['tokensIn'])} in / ${n(d['tokensOut'])} out tokens${d['tokensSource'] === 'estimate' ? ' (estimated)' : ''}`
          : '',
        n(d['tokensPerSecond']) !== undefined ? `${n(d['tokensPerSecond'])} tokens/s` : '',
        n(d['costUsd']) !== undefined ? `$${n(d['costUsd'])} (${s(d['priceSource'])})` : '',
        d['costUsd'] === null ? `cost unknown: ${s(d['priceUnknownReason'])}` : '',
        d['error'] ? `error: ${s(d['error'])}` : '',
      ].filter(Boolean);
      return facts.length ? `${head} (${facts.join(', ')})` : head;
    }
    case 'artifact':
      return `Artifact ${s(d['kind'])}${n(d['sizeBytes']) !== undefined ? ` (${n(d['sizeBytes'])} bytes)` : ''}${d['artifactId'] ? ` id=${s(d['artifactId'])}` : ''}`;
    case 'parse':
      return `Parse ${s(d['outcome'])}${d['strategy'] ? ` — ${parseStrategyLabel(s(d['strategy']))}` : ''}${d['why'] ? `: ${s(d['why'])}` : ''}`;
    case 'completion':
      return (
        `Completed: ${s(d['resultSummary'])}` +
        // An engine that puts the error in both fields (a cancel) would otherwise say it twice.
        (d['errorSummary'] && d['errorSummary'] !== d['resultSummary'] ? ` — error: ${s(d['errorSummary'])}` : '') +
        (n(d['commentCount']) !== undefined ? ` (${n(d['commentCount'])} comments)` : '')
      );
    case 'posting':
      return postingMessage(d);
    default:
      return `${event.type}: ${typeof d['message'] === 'string' ? d['message'] : JSON.stringify(d)}`;
  }
}

/** "src/a.ts:12", "src/a.ts (no line)", or "the summary" for the summary comment itself. */
function postingPlace(d: Record<string, unknown>): string {
  if (typeof d['path'] !== 'string') return 'the summary';
  return n(d['line']) !== undefined ? `${d['path']}:${n(d['line'])}` : `${d['path']} (no line)`;
}

function postingMessage(d: Record<string, unknown>): string {
  const place = postingPlace(d);
  const what = typeof d['path'] === 'string' ? `the comment on ${place}` : place;
  const url = d['url'] ? ` — ${s(d['url'])}` : '';
  const error = d['error'] ? `: ${s(d['error'])}` : '';
  switch (d['outcome']) {
    case 'posted':
      return `Posted ${what}${url}`;
    case 'moved':
      return `Moved ${what} into the summary${error}`;
    case 'failed':
      return `Could not post ${what}${error}`;
    default:
      return `Posting ${s(d['outcome'])}: ${place}`;
  }
}

export function formatLogLine(event: EventLike): string {
  const level = eventLevel(event).toUpperCase().padEnd(5);
  const batch = event.batchId ? `[${event.batchId}] ` : '';
  return `${event.time} ${level} ${batch}${eventMessage(event).replace(/\r?\n/g, '\n    ')}`;
}

/** A `batch` `waiting` event's `wait` in a log line: what for, and until when. */
function waitText(wait: Record<string, unknown>): string {
  const attempt =
    typeof wait['attempt'] === 'number' ? ` (attempt ${wait['attempt']} of ${String(wait['maxAttempts'] ?? '?')})` : '';
  if (wait['reason'] === 'slot')
    return `for a free slot on ${String(wait['connectorName'] ?? 'the connector')} (${String(wait['inUse'] ?? '?')} of ${String(wait['limit'] ?? '?')} in use)`;
  const what = wait['reason'] === 'rate_limit' ? 'rate limited' : 'backing off';
  const until = typeof wait['retryAt'] === 'string' ? ` until ${wait['retryAt']}` : '';
  return `${what}${until}${attempt}`;
}
