import type { Db } from '../../db/database.ts';
import { appendEvents } from '../../events/event-store.ts';
import type { EventToStore } from '../../events/review-effects.ts';

export interface EventWriterOptions {
  /** Flush a review's buffer this long after its first unflushed event… */
  flushMs: number;
  /** …or as soon as it holds this many. */
  batchSize: number;
  /** Above this many unflushed events (all reviews), writers are told the database is not keeping up. */
  maxBuffered: number;
  /** Retry delays while the database refuses writes. */
  retryMs: number;
}

export const defaultWriterOptions: EventWriterOptions = {
  flushMs: 50,
  batchSize: 200,
  maxBuffered: 20_000,
  retryMs: 500,
};

export class EventWriterUnavailableError extends Error {
  override name = 'EventWriterUnavailableError';
}

interface ReviewQueue {
  review: { id: number; orgId: number };
  pending: EventToStore[];
  timer: NodeJS.Timeout | undefined;
  /** The flush in progress; flushes of one review run one after another, so order is kept. */
  running: Promise<void> | undefined;
  lastError: unknown;
}

/**
 * Buffers events per review and writes them in ordered batches, so the engine never waits on the
 * database per line. Events of one review are appended in the order they were written; a failed
 * append keeps them buffered and retries. If the buffer grows past `maxBuffered` (the database is
 * down or too slow), `write` throws: the caller fails the review with that reason instead of
 * losing events silently.
 */
export class EventWriter {
  private readonly queues = new Map<number, ReviewQueue>();
  private buffered = 0;
  private dropped = 0;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly options: EventWriterOptions = defaultWriterOptions,
  ) {}

  write(review: { id: number; orgId: number }, event: EventToStore): void {
    if (this.closed) throw new EventWriterUnavailableError('The event writer is shut down');
    if (this.buffered >= this.options.maxBuffered) {
      const queue = this.queues.get(review.id);
      const cause = queue?.lastError instanceof Error ? `: ${queue.lastError.message}` : '';
      throw new EventWriterUnavailableError(
        `The database is not accepting review events (${this.buffered} waiting to be written)${cause}`,
      );
    }
    const queue = this.queueOf(review);
    queue.pending.push(event);
    this.buffered++;
    if (queue.pending.length >= this.options.batchSize) this.startFlush(queue);
    else queue.timer ??= setTimeout(() => this.startFlush(queue), this.options.flushMs);
  }

  /** Resolves when everything written for this review so far is stored (rejects if it cannot be). */
  async flush(reviewId: number): Promise<void> {
    const queue = this.queues.get(reviewId);
    if (!queue) return;
    while (queue.pending.length > 0 || queue.running) {
      this.startFlush(queue);
      await queue.running;
      if (queue.pending.length > 0 && queue.lastError) {
        const reason = queue.lastError instanceof Error ? queue.lastError.message : String(queue.lastError);
        throw new EventWriterUnavailableError(`Could not store review events: ${reason}`);
      }
    }
    if (queue.pending.length === 0 && !queue.running) this.queues.delete(reviewId);
  }

  get bufferedEvents(): number {
    return this.buffered;
  }

  /** Events refused by the database as invalid data (never retried). */
  get droppedEvents(): number {
    return this.dropped;
  }

  /** Stops accepting events and writes what is buffered (graceful shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    const results = await Promise.allSettled([...this.queues.keys()].map((id) => this.flush(id)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  private queueOf(review: { id: number; orgId: number }): ReviewQueue {
    let queue = this.queues.get(review.id);
    if (!queue) {
      queue = { review, pending: [], timer: undefined, running: undefined, lastError: undefined };
      this.queues.set(review.id, queue);
    }
    return queue;
  }

  private startFlush(queue: ReviewQueue): void {
    clearTimeout(queue.timer);
    queue.timer = undefined;
    if (queue.running || queue.pending.length === 0) return;
    queue.running = this.drain(queue).finally(() => {
      queue.running = undefined;
      if (queue.pending.length > 0 && !queue.lastError) this.startFlush(queue);
    });
  }

  private async drain(queue: ReviewQueue): Promise<void> {
    while (queue.pending.length > 0) {
      const batch = queue.pending.slice(0, 1_000);
      try {
        await appendEvents(this.db, queue.review, batch);
        queue.lastError = undefined;
      } catch (error) {
        if (isDataException(error)) {
          // A value PostgreSQL will never accept: retrying would jam this review's log forever.
          // Drop the batch, count it, and let the rest of the review's events through.
          queue.pending.splice(0, batch.length);
          this.buffered -= batch.length;
          this.dropped += batch.length;
          continue;
        }
        queue.lastError = error;
        // Keep the events; try again later unless someone is waiting on flush() (it reports).
        queue.timer ??= setTimeout(() => {
          queue.lastError = undefined;
          this.startFlush(queue);
        }, this.options.retryMs).unref();
        return;
      }
      queue.pending.splice(0, batch.length);
      this.buffered -= batch.length;
    }
  }
}

function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('22');
}
