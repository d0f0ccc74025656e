import { describe, expect, it } from 'vitest';
import { ladder } from './ladder.ts';

describe('the transport ladder', () => {
  it('auto starts on SSE, or on WebSocket once the tab found SSE buffered', () => {
    expect(ladder.start('auto', { sseBuffered: false })).toBe('sse');
    expect(ladder.start('auto', { sseBuffered: true })).toBe('websocket');
  });

  it('auto steps from buffered SSE to WebSocket, and from a refused WebSocket to polling', () => {
    expect(ladder.below('auto', 'sse')).toBe('websocket');
    expect(ladder.below('auto', 'websocket')).toBeNull();
  });

  it('auto probes from the top, so a network that got better is noticed', () => {
    expect(ladder.probe('auto')).toBe('sse');
  });

  it('a forced choice is one rung: it starts there, falls to polling, and probes the same rung', () => {
    for (const choice of ['sse', 'websocket'] as const) {
      expect(ladder.start(choice, { sseBuffered: true })).toBe(choice);
      expect(ladder.below(choice, choice)).toBeNull();
      expect(ladder.probe(choice)).toBe(choice);
    }
  });

  it('forced polling never opens a stream', () => {
    expect(ladder.start('polling', { sseBuffered: false })).toBeNull();
    expect(ladder.probe('polling')).toBeNull();
  });
});
