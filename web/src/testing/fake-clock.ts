import type { FeedClock, TimerHandle } from '../features/live/feed-env.ts';

interface Timer {
  id: number;
  at: number;
  run: () => void;
}

/**
 * Time that moves only when a test says so. `advance(ms)` runs every timer that falls due on the
 * way, in order, including timers those set; wall and monotonic time move together.
 */
export class FakeClock implements FeedClock {
  private elapsed = 0;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(private readonly wallStart = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.wallStart + this.elapsed;
  }

  monotonic(): number {
    return this.elapsed;
  }

  setTimeout(run: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.elapsed + Math.max(0, ms), run });
    return id;
  }

  clearTimeout(timer: TimerHandle): void {
    if (typeof timer === 'number') this.timers.delete(timer);
  }

  /**
   * Moves time forward by `ms`, running each timer that falls due on the way, in order. Pending
   * promise work settles before each timer and at the end, as it does in a browser between two
   * timers: a callback often arms the next timer only after an await.
   */
  async advance(ms: number): Promise<void> {
    const target = this.elapsed + ms;
    for (;;) {
      await settle();
      const timer = [...this.timers.values()]
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!timer) break;
      this.timers.delete(timer.id);
      this.elapsed = timer.at;
      timer.run();
    }
    this.elapsed = target;
  }
}

/**
 * Lets every promise job already queued (and those they queue) run: one turn of the event loop, no
 * time passing. With the clock faked and the network in memory, nothing else is outstanding.
 */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
