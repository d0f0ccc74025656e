import {
  batchLabel,
  isApiStatus,
  isTerminal,
  type BatchWait,
  type ReviewEvent,
  type ReviewQueue,
} from '@reviewtrace/contracts';

/** A batch that waits right now, as its latest `batch` event (status `waiting`) says. */
export interface OpenWait {
  batchId: string | null;
  wait: BatchWait;
}

/**
 * The batches waiting now, from `batch` and `status` events in seq order: a `waiting` event opens
 * its batch's wait, any other status of that batch closes it, the review's end closes all.
 */
export function openWaits(events: ReviewEvent[]): OpenWait[] {
  const open = new Map<string, OpenWait>();
  for (const event of events) {
    const status = event.data['status'];
    if (event.type === 'status' && isApiStatus(status) && isTerminal(status)) open.clear();
    if (event.type !== 'batch') continue;
    const batchId = event.batchId ?? (typeof event.data['batchId'] === 'string' ? event.data['batchId'] : null);
    const key = batchId ?? '';
    const wait = event.data['wait'] as BatchWait | undefined;
    if (status === 'waiting' && wait && typeof wait.reason === 'string') open.set(key, { batchId, wait });
    else open.delete(key);
  }
  return [...open.values()];
}

/** "0:37", "12:00", "1:02:03": a countdown as a clock shows it, never below zero. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

const providerNames: Record<string, string> = { openai: 'OpenAI', gemini: 'Gemini', ollama: 'Ollama' };

/** "60 s", "2 min": what a provider asked for, as it would say it. */
function asked(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/**
 * One waiting batch in words, at `now` (ms since the epoch; the page's ticking clock):
 * "Rate limited by OpenAI — retrying in 0:37 (attempt 2 of 5; provider said Retry-After 60 s)",
 * "Waiting for a free slot on Local Ollama (2 in use)".
 */
export function describeBatchWait({ wait }: OpenWait, now: number, connectorName: string | null): string {
  const name =
    wait.connectorName ?? connectorName ?? providerNames[wait.provider ?? ''] ?? wait.provider ?? 'the model';
  if (wait.reason === 'slot') {
    const inUse = wait.inUse === undefined ? '' : ` (${wait.inUse} in use)`;
    return `Waiting for a free slot on ${name}${inUse}`;
  }
  const by = providerNames[wait.provider ?? ''] ?? name;
  const retryAt = wait.retryAt ? Date.parse(wait.retryAt) : Number.NaN;
  const when = Number.isNaN(retryAt)
    ? 'retrying soon'
    : retryAt <= now
      ? 'retrying now'
      : `retrying in ${formatCountdown(retryAt - now)}`;
  const facts = [
    wait.attempt === undefined ? null : `attempt ${wait.attempt}${wait.maxAttempts ? ` of ${wait.maxAttempts}` : ''}`,
    wait.retryAfterMs === undefined ? null : `provider said Retry-After ${asked(wait.retryAfterMs)}`,
  ].filter(Boolean);
  const detail = facts.length > 0 ? ` (${facts.join('; ')})` : '';
  const head = wait.reason === 'rate_limit' ? `Rate limited by ${by}` : `${by} failed; backing off`;
  return `${head} — ${when}${detail}`;
}

/** Which batch waits, for a page with several: "Batch 2". */
export const waitingBatchLabel = (wait: OpenWait) => (wait.batchId ? batchLabel(wait.batchId) : null);

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/** "Queued — 3rd in line, 2 workers busy"; the first in line is "next in line". */
export function queueText(queue: ReviewQueue): string {
  const place = queue.position === 1 ? 'next in line' : `${ordinal(queue.position)} in line`;
  const busy =
    queue.workersBusy === 0
      ? 'no worker busy'
      : `${queue.workersBusy} worker${queue.workersBusy === 1 ? '' : 's'} busy`;
  return `Queued — ${place}, ${busy}`;
}
