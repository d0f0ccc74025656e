import { batchLabel, isApiStatus, isTerminal, type ReviewEvent } from '@reviewtrace/contracts';

/**
 * The engine's defaults (server `defaultTimeouts`, engine.md): no first chunk within 30 s, or a gap
 * over 60 s, and the call is retried without streaming. Used when the start event does not say.
 */
export const defaultStreamTimeouts = { firstChunkMs: 30_000, stallMs: 60_000 };
/** A chunk gap shorter than this is ordinary streaming (progress events come at most once a second). */
export const SHOW_STALL_AFTER_MS = 5_000;

/** A streaming model call that has started and not ended, as its events tell it. */
export interface OpenModelCall {
  batchId: string | null;
  startedAt: number;
  /** When the last chunk was reported; null while none has arrived. */
  lastChunkAt: number | null;
  attempt?: number;
  connectorName?: string;
  provider?: string;
  model?: string;
  firstChunkMs?: number;
  stallMs?: number;
}

/**
 * The streaming calls still waiting for chunks, from `model_call` (start/progress/end), `batch` and
 * `status` events in seq order. Optional start fields (`firstChunkMs`, `stallMs`, `connectorName`,
 * `attempt`) are read defensively: older engines and external ones do not send them.
 */
export function openStreamingCalls(events: ReviewEvent[]): OpenModelCall[] {
  const open = new Map<string, OpenModelCall>();
  for (const event of events) {
    const key = event.batchId ?? stringOf(event.data['batchId']) ?? '';
    const at = Date.parse(event.time);
    const status = event.data['status'];
    if (event.type === 'status' && isApiStatus(status) && isTerminal(status)) open.clear();
    if (event.type === 'batch' && event.data['status'] !== 'running') open.delete(key);
    if (event.type !== 'model_call') continue;
    const phase = event.data['phase'];
    if (phase === 'start') {
      if (event.data['streaming'] !== true) open.delete(key);
      else
        open.set(key, {
          batchId: event.batchId ?? stringOf(event.data['batchId']) ?? null,
          startedAt: at,
          lastChunkAt: null,
          attempt: numberOf(event.data['attempt']),
          connectorName: stringOf(event.data['connectorName']),
          provider: stringOf(event.data['provider']),
          model: stringOf(event.data['model']),
          firstChunkMs: numberOf(event.data['firstChunkMs']),
          stallMs: numberOf(event.data['stallMs']),
        });
    } else if (phase === 'progress') {
      const call = open.get(key);
      if (call && (numberOf(event.data['chunks']) ?? 0) > 0) open.set(key, { ...call, lastChunkAt: at });
    } else if (phase === 'end') {
      open.delete(key);
    }
  }
  return [...open.values()];
}

export interface ModelCallWait {
  call: OpenModelCall;
  kind: 'first-chunk' | 'stall';
  waitedMs: number;
  limitMs: number;
}

/** The longest current wait among the open calls, if any is worth showing at `now`. */
export function longestWait(calls: OpenModelCall[], now: number): ModelCallWait | null {
  let longest: ModelCallWait | null = null;
  for (const call of calls) {
    const wait: ModelCallWait =
      call.lastChunkAt === null
        ? {
            call,
            kind: 'first-chunk',
            waitedMs: Math.max(0, now - call.startedAt),
            limitMs: call.firstChunkMs ?? defaultStreamTimeouts.firstChunkMs,
          }
        : {
            call,
            kind: 'stall',
            waitedMs: Math.max(0, now - call.lastChunkAt),
            limitMs: call.stallMs ?? defaultStreamTimeouts.stallMs,
          };
    if (wait.kind === 'stall' && wait.waitedMs < SHOW_STALL_AFTER_MS) continue;
    if (!longest || wait.waitedMs / wait.limitMs > longest.waitedMs / longest.limitMs) longest = wait;
  }
  return longest;
}

/**
 * "Waiting for the first chunk from Local Ollama — 18 s (falls back to non-streaming at 30 s)":
 * a stall is visible while it happens, not only once the fallback is logged.
 */
export function describeWait(wait: ModelCallWait, fallbackName: string | null): string {
  const { call } = wait;
  const name =
    call.connectorName ?? fallbackName ?? (call.model ? `${call.provider ?? 'the model'}/${call.model}` : 'the model');
  const batch = call.batchId
    ? ` (${batchLabel(call.batchId)}${call.attempt && call.attempt > 1 ? `, attempt ${call.attempt}` : ''})`
    : '';
  const waited = `${Math.floor(wait.waitedMs / 1000)} s`;
  const limit = `${Math.round(wait.limitMs / 1000)} s`;
  const then =
    wait.waitedMs >= wait.limitMs ? 'falling back to non-streaming' : `falls back to non-streaming at ${limit}`;
  return wait.kind === 'first-chunk'
    ? `Waiting for the first chunk from ${name}${batch} — ${waited} (${then})`
    : `No chunk from ${name}${batch} for ${waited} (${then})`;
}

const stringOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
