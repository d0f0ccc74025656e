import { EventEmitter, once } from 'node:events';
import type { Clock } from '../lib/clock.ts';

/** A clock the test moves by hand; `sleeping()` resolves once some code is waiting on it. */
export class ManualClock implements Clock {
  private readonly sleepers = new Set<{ until: number; resolve: () => void }>();
  private readonly events = new EventEmitter();

  /** `time` is ms since the epoch: 0 by default; start at real time when signed tokens must expire on it. */
  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const sleeper = { until: this.time + ms, resolve: () => done() };
      const done = () => {
        this.sleepers.delete(sleeper);
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.sleepers.add(sleeper);
      this.events.emit('sleep');
    });
  }

  async sleeping(): Promise<void> {
    if (this.sleepers.size > 0) return;
    await once(this.events, 'sleep');
  }

  /** How long until the earliest sleeper wakes (what the code under test decided to wait). */
  nextWakeIn(): number {
    return Math.min(...[...this.sleepers].map((s) => s.until - this.time));
  }

  advance(ms: number): void {
    this.time += ms;
    for (const sleeper of [...this.sleepers]) if (sleeper.until <= this.time) sleeper.resolve();
  }
}
