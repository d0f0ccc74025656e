import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { exitOnSignals, reviewGraceMs, type ShutdownStep } from './shutdown.ts';

/** The shutdown wired to an emitter standing in for the process; resolves `exited` with the code. */
function wire(steps: ShutdownStep[], graceMs = 10_000) {
  const signals = new EventEmitter();
  const lines: string[] = [];
  const order: string[] = [];
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  exitOnSignals({
    graceMs,
    begin: () => order.push('begin'),
    steps: steps.map((step) => ({
      name: step.name,
      run: () => {
        order.push(step.name);
        return step.run();
      },
    })),
    signals: signals as unknown as Pick<NodeJS.Process, 'on'>,
    exit: (code) => exit(code),
    log: (line) => lines.push(line),
    error: (line) => lines.push(line),
  });
  return { signals, lines, order, exited };
}

describe('exitOnSignals', () => {
  it('begins at once, runs every step in order and exits 0', async () => {
    const { signals, order, exited, lines } = wire([
      { name: 'engine', run: async () => undefined },
      { name: 'database', run: async () => undefined },
    ]);
    signals.emit('SIGTERM');
    expect(order[0]).toBe('begin');
    expect(await exited).toBe(0);
    expect(order).toEqual(['begin', 'engine', 'database']);
    expect(lines[0]).toMatch(/^Shutting down \(SIGTERM\)/);
    expect(lines.at(-1)).toBe('Shut down cleanly');
  });

  it('still runs the later steps when one fails, and exits 1 naming it', async () => {
    const { signals, order, exited, lines } = wire([
      { name: 'engine', run: async () => Promise.reject(new Error('writer refused')) },
      { name: 'database', run: async () => undefined },
    ]);
    signals.emit('SIGINT');
    expect(await exited).toBe(1);
    expect(order).toEqual(['begin', 'engine', 'database']);
    expect(lines).toContain('shutdown (engine): writer refused');
  });

  it('exits 1 at once on a second signal while a step is still running', async () => {
    const { signals, exited, lines, order } = wire([
      { name: 'engine', run: () => new Promise<void>(() => undefined) },
      { name: 'database', run: async () => undefined },
    ]);
    signals.emit('SIGTERM');
    signals.emit('SIGTERM');
    expect(await exited).toBe(1);
    expect(lines).toContain('SIGTERM again: exiting without finishing the shutdown');
    expect(order).toEqual(['begin', 'engine']);
  });

  it('exits 1 when the steps outlast the grace', async () => {
    vi.useFakeTimers();
    try {
      const { signals, exited, lines } = wire(
        [{ name: 'engine', run: () => new Promise<void>(() => undefined) }],
        3_000,
      );
      signals.emit('SIGTERM');
      await vi.advanceTimersByTimeAsync(3_000);
      expect(await exited).toBe(1);
      expect(lines).toContain('Shutdown did not finish within SHUTDOWN_GRACE_MS (3000 ms); exiting');
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves running reviews the grace minus time to hand them back and close', () => {
    expect(reviewGraceMs(10_000)).toBe(8_000);
    expect(reviewGraceMs(2_000)).toBe(1_000);
  });
});
