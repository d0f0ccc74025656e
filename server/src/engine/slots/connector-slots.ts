import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Db } from '../../db/database.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { releaseSlot, renewSlot, slotsInUse, tryTakeSlot } from './connector-slots.repository.ts';

export interface SlotOptions {
  /** A lease outlives a crashed worker by at most this long. */
  leaseMs: number;
  /** Renewal interval while a call holds its slot (real time: leases are judged by the database's clock). */
  renewMs: number;
  /** How often a waiter looks again for slots freed by other processes (this process wakes it at once). */
  pollMs: number;
}

export const defaultSlotOptions: SlotOptions = { leaseMs: 30_000, renewMs: 10_000, pollMs: 1_000 };

export interface HeldSlot {
  /** How long the caller waited for it, on the injected clock (0 when one was free). */
  waitedMs: number;
  release(): Promise<void>;
}

export interface SlotWait {
  inUse: number;
  limit: number;
}

/**
 * The per-connector concurrency limit of one worker process: a model call takes a slot (a lease
 * row shared with every other worker through the database) before its first request and gives it
 * back when it ends. A waiter is woken at once when a call of this process releases, and polls
 * for releases by other processes; a lease a crashed worker left behind expires on its own.
 */
export class ConnectorSlots {
  private readonly released = new EventEmitter();

  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    private readonly options: SlotOptions = defaultSlotOptions,
    private readonly clock: Clock = systemClock,
  ) {
    this.released.setMaxListeners(0);
  }

  /**
   * Resolves with a held slot once one of the connector's `limit` slots is free. `onWait` is
   * called when the call has to wait, and again whenever the count in use changes while it waits.
   * An abort of `signal` ends the wait by throwing its reason.
   */
  async acquire(
    connectorId: number,
    limit: number,
    signal: AbortSignal,
    onWait: (wait: SlotWait) => void,
  ): Promise<HeldSlot> {
    const holder = `${this.workerId}:${randomBytes(4).toString('hex')}`;
    const startedAt = this.clock.now();
    let reported: number | undefined;
    for (;;) {
      signal.throwIfAborted();
      const slot = await tryTakeSlot(this.db, connectorId, limit, holder, this.options.leaseMs);
      if (slot !== undefined) return this.hold(connectorId, slot, holder, Math.round(this.clock.now() - startedAt));
      const inUse = await slotsInUse(this.db, connectorId);
      if (inUse !== reported) onWait({ inUse, limit });
      reported = inUse;
      await this.nextChance(connectorId, signal);
    }
  }

  private hold(connectorId: number, slot: number, holder: string, waitedMs: number): HeldSlot {
    const { db, options } = this;
    const renewal = setInterval(() => {
      void renewSlot(db, connectorId, slot, holder, options.leaseMs).catch(() => undefined);
    }, options.renewMs);
    renewal.unref();
    let released = false;
    return {
      waitedMs,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renewal);
        // A release that cannot reach the database must not hide how the call ended: the lease,
        // no longer renewed, frees the slot by itself.
        await releaseSlot(db, connectorId, slot, holder).catch(() => undefined);
        this.released.emit(String(connectorId));
      },
    };
  }

  /** A release in this process, the poll interval, or an abort: whichever comes first. */
  private async nextChance(connectorId: number, signal: AbortSignal): Promise<void> {
    const done = new AbortController();
    const wake = () => done.abort();
    this.released.once(String(connectorId), wake);
    const both = AbortSignal.any([signal, done.signal]);
    try {
      await this.clock.sleep(this.options.pollMs, both);
    } finally {
      this.released.off(String(connectorId), wake);
      done.abort();
    }
  }
}
