import { describe, expect, it } from 'vitest';
import { firstChunkWaitText, waitingForFirstChunk } from './first-chunk-wait.ts';
import { KnownEventSchema } from './events.ts';

const start = {
  type: 'model_call',
  time: '2025-09-24T11:44:00.000Z',
  data: {
    phase: 'start',
    streaming: true,
    attempt: 1,
    provider: 'ollama',
    connectorName: 'Local Ollama',
    firstChunkMs: 30_000,
    stallMs: 60_000,
  },
};
const at = (iso: string) => new Date(iso);

describe('waitingForFirstChunk', () => {
  it('counts the wait from the start event to now, with the fallback threshold and the connector', () => {
    const wait = waitingForFirstChunk(start, at('2025-09-24T11:44:18.400Z'));
    expect(wait).toEqual({ waitedMs: 18_400, fallbackAtMs: 30_000, stallMs: 60_000, connectorName: 'Local Ollama' });
    expect(firstChunkWaitText(wait!)).toBe(
      'Waiting for the first chunk from Local Ollama — 18 s (falls back to non-streaming at 30 s)',
    );
  });

  it('takes epoch milliseconds and never reports a negative wait when the browser clock is behind', () => {
    expect(waitingForFirstChunk(start, Date.parse('2025-09-24T11:43:58.000Z'))?.waitedMs).toBe(0);
  });

  it('names the provider when an older engine sent no connector name', () => {
    const { connectorName: _, ...data } = start.data;
    expect(waitingForFirstChunk({ ...start, data }, at('2025-09-24T11:44:01Z'))?.connectorName).toBe('ollama');
  });

  it('has nothing to say without a streaming start that carries its threshold', () => {
    const now = at('2025-09-24T11:44:10Z');
    expect(waitingForFirstChunk({ ...start, data: { ...start.data, streaming: false } }, now)).toBeUndefined();
    expect(waitingForFirstChunk({ ...start, data: { ...start.data, phase: 'progress' } }, now)).toBeUndefined();
    expect(waitingForFirstChunk({ ...start, type: 'batch' }, now)).toBeUndefined();
    const { firstChunkMs: _, ...legacy } = start.data;
    expect(waitingForFirstChunk({ ...start, data: legacy }, now)).toBeUndefined();
    expect(waitingForFirstChunk({ ...start, time: 'yesterday' }, now)).toBeUndefined();
  });

  it('reads start events the schema accepts, old ones without the new fields included', () => {
    expect(KnownEventSchema.safeParse({ type: 'model_call', data: start.data }).success).toBe(true);
    expect(KnownEventSchema.safeParse({ type: 'model_call', data: { phase: 'start', streaming: true } }).success).toBe(
      true,
    );
    expect(KnownEventSchema.safeParse({ type: 'model_call', data: { ...start.data, firstChunkMs: -1 } }).success).toBe(
      false,
    );
  });
});
