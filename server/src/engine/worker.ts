import type { Db } from '../db/database.ts';
import type { EventBus } from '../live/event-bus.ts';
import { EngineError } from '../errors/engine-error.ts';
import { claimNextReview, handBackReview, releaseLease, renewLeases, type ClaimedReview } from './queue.repository.ts';
import { reapExpiredLeases } from './reaper.ts';

export interface WorkerOptions {
  workerId: string;
  /** ENGINE_CONCURRENCY: reviews run at once by this process. */
  concurrency: number;
  /** Lease length; renewed every tick, so a worker must miss several ticks to lose it. */
  leaseMs: number;
  /** How often leases are renewed, cancels noticed, the queue polled and expired leases reaped. */
  tickMs: number;
}

export const defaultWorkerOptions: Omit<WorkerOptions, 'workerId'> = { concurrency: 2, leaseMs: 30_000, tickMs: 2_000 };

/** Runs one claimed review to its end (success, failure or cancel), reporting through its logger. */
export type RunReview = (review: ClaimedReview, signal: AbortSignal) => Promise<void>;

/** Why a running review's signal was aborted. */
export const shutdownReason = new EngineError('worker_lost', 'The worker is shutting down');
export const cancelReason = new EngineError('canceled', 'Canceled by a user');

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The review engine's loop: claim queued reviews (woken by NOTIFY, polled as a fallback), keep
 * their leases alive, notice cancels within one tick (or at once through NOTIFY), reap other
 * workers' expired leases, and on shutdown stop claiming and hand unfinished reviews back.
 */
export class ReviewWorker {
  private readonly running = new Map<number, Running>();
  private stopping = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly runReview: RunReview,
    private readonly options: WorkerOptions,
    private readonly bus?: EventBus,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get activeReviews(): number[] {
    return [...this.running.keys()];
  }

  start(): void {
    // A notification for seq 0 means "a review was queued"; one for a review we run may be a cancel.
    this.unsubscribe = this.bus?.subscribe((n) => {
      if (n.seq === 0) this.poke();
      else if (n.cancel && this.running.has(n.reviewId)) void this.tick();
    });
    this.ticker = setInterval(() => void this.tick(), this.options.tickMs);
    this.loop = this.claimLoop();
  }

  /**
   * Stops claiming at once. Running reviews get `graceMs` to finish (leases still renewed, cancels
   * still noticed); those still running then are aborted and handed back to the queue, and stop
   * resolves once they have wound down.
   */
  async stop(graceMs = 0): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    if (this.running.size > 0 && graceMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.allDone(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    clearInterval(this.ticker);
    this.unsubscribe?.();
    for (const run of this.running.values()) run.controller.abort(shutdownReason);
    await this.allDone();
  }

  private allDone(): Promise<unknown> {
    return Promise.allSettled([...this.running.values()].map((run) => run.done));
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async claimLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        while (!this.stopping && this.running.size < this.options.concurrency) {
          const review = await claimNextReview(this.db, this.options.workerId, this.options.leaseMs);
          if (!review) break;
          if (this.stopping) {
            // Claimed while stop() was running: hand it straight back rather than run it unguarded.
            await handBackReview(this.db, review.id, this.options.workerId);
            break;
          }
          this.launch(review);
        }
      } catch (error) {
        this.onError(error);
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, this.options.tickMs).unref();
      });
    }
  }

  private launch(review: ClaimedReview): void {
    const controller = new AbortController();
    const done = this.runReview(review, controller.signal)
      .catch(async (error: unknown) => {
        // The pipeline reports its own failures; what reaches here is a shutdown (hand it back)
        // or a bug (let the reaper recover the review when its lease runs out).
        if (controller.signal.reason === shutdownReason)
          await handBackReview(this.db, review.id, this.options.workerId);
        else this.onError(error);
      })
      .finally(async () => {
        this.running.delete(review.id);
        await releaseLease(this.db, review.id, this.options.workerId).catch(this.onError);
        this.poke();
      });
    this.running.set(review.id, { controller, done });
  }

  private ticking = false;

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const ids = [...this.running.keys()];
      const leases = await renewLeases(this.db, this.options.workerId, ids, this.options.leaseMs);
      for (const id of ids) {
        const run = this.running.get(id);
        if (!run || run.controller.signal.aborted) continue;
        if (leases.cancelRequested.has(id)) run.controller.abort(cancelReason);
        // Lost the lease (reaped while we were stalled, or canceled while queued): stop working on it.
        else if (!leases.held.has(id)) run.controller.abort(shutdownReason);
      }
      await reapExpiredLeases(this.db);
      this.poke();
    } catch (error) {
      this.onError(error);
    } finally {
      this.ticking = false;
    }
  }
}
