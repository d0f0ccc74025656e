/**
 * "Waiting for the first chunk from Local Ollama — 18 s (falls back to non-streaming at 30 s)":
 * derived on the client from a streaming `model_call` start event, which carries the watchdog
 * thresholds the engine runs under (`firstChunkMs`, `stallMs`, `connectorName`). Pure, no React.
 */
export interface FirstChunkWait {
  /** Time since the request began, never negative (clocks of server and browser may disagree). */
  waitedMs: number;
  /** When the engine gives up on the stream and sends the same request without streaming. */
  fallbackAtMs: number;
  /** The longest gap between chunks the engine tolerates once the stream has started. */
  stallMs: number | undefined;
  /** The connector's display name; its provider when an older engine did not send the name. */
  connectorName: string;
}

interface StartEventLike {
  type: string;
  time: string;
  data: Record<string, unknown>;
}

/**
 * The wait of one streaming model call, given its `start` event. The caller passes the latest start
 * of a batch that has had no `progress` or `end` since: a chunk has not arrived yet. Undefined for
 * anything else: another event, a non-streaming request (nothing to fall back from), or an emitter
 * that did not send the thresholds.
 */
export function waitingForFirstChunk(startEvent: StartEventLike, now: Date | number): FirstChunkWait | undefined {
  const { type, time, data } = startEvent;
  if (type !== 'model_call' || data['phase'] !== 'start' || data['streaming'] !== true) return undefined;
  const fallbackAtMs = data['firstChunkMs'];
  if (!isMillis(fallbackAtMs)) return undefined;
  const startedAt = Date.parse(time);
  if (Number.isNaN(startedAt)) return undefined;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const stallMs = data['stallMs'];
  return {
    waitedMs: Math.max(0, nowMs - startedAt),
    fallbackAtMs,
    stallMs: isMillis(stallMs) ? stallMs : undefined,
    connectorName: nameOf(data),
  };
}

/** The sentence the progress page shows, whole seconds: "…from Local Ollama — 18 s (falls back … at 30 s)". */
export function firstChunkWaitText(wait: FirstChunkWait): string {
  const seconds = (ms: number) => `${Math.floor(ms / 1000)} s`;
  return `Waiting for the first chunk from ${wait.connectorName} — ${seconds(wait.waitedMs)} (falls back to non-streaming at ${seconds(wait.fallbackAtMs)})`;
}

function isMillis(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function nameOf(data: Record<string, unknown>): string {
  for (const key of ['connectorName', 'provider']) {
    const value = data[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return 'the model';
}
