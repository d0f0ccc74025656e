import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { OutboundPolicy } from '../outbound/outbound-policy.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import * as queue from './delivery-queue.repository.ts';
import { retryAfterMs, retryDelayMs } from './retry-schedule.ts';
import { signedHeaders } from './webhook-signing.ts';

export interface DispatcherOptions {
  db: Db;
  secrets: SecretBox;
  outbound: OutboundPolicy;
  clock: Clock;
  /** 15 s by the issue: a receiver that hangs longer counts as failed and is retried. */
  timeoutMs?: number;
  /** Jitter source; tests make it fixed. */
  random?: () => number;
  /** How often the loop looks for due deliveries (default 1 s: "Send test" should feel immediate). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

const EXCERPT_BYTES = 2048;

/**
 * Sends queued notifications: claims due rows, POSTs each signed body through the outbound
 * policy, and records the attempt with its outcome — 2xx delivered; 410 disables the endpoint;
 * 429/503 wait for Retry-After; anything else follows the retry schedule until retry_until.
 */
export class AlertDispatcher {
  private readonly timeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly options: DispatcherOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.random = options.random ?? Math.random;
  }

  /** One pass over what is due now; returns how many attempts were made. Tests call this directly. */
  async runDue(): Promise<number> {
    const now = new Date(this.options.clock.now());
    // The lease outlives the request timeout, so a slow receiver is not claimed twice.
    const claimed = await queue.claimDueDeliveries(this.options.db, now, this.timeoutMs + 30_000, 20);
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length;
  }

  /** The loop of a worker process, until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.runDue();
      } catch (error) {
        this.options.onError?.(error);
      }
      await this.options.clock.sleep(this.options.pollMs ?? 1_000, signal);
    }
  }

  private async attempt(delivery: queue.ClaimedDelivery): Promise<void> {
    const { db, clock } = this.options;
    const at = new Date(clock.now());
    if (!delivery.enabled && delivery.event_type !== 'webhook.test') {
      return queue.recordAttempt(db, delivery.id, {
        ...notSent(at, 'endpoint is disabled'),
        state: 'failed',
        nextAttemptAt: null,
      });
    }
    const result = await this.post(delivery, at);
    const attemptNo = delivery.attempts + 1;
    if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) {
      return queue.recordAttempt(db, delivery.id, { ...result, state: 'delivered', nextAttemptAt: null });
    }
    if (result.statusCode === 410) {
      await queue.recordAttempt(db, delivery.id, { ...result, state: 'failed', nextAttemptAt: null });
      return queue.disableEndpoint(db, delivery.endpoint_id, `The receiver answered 410 Gone at ${at.toISOString()}`);
    }
    const waitMs =
      (result.statusCode === 429 || result.statusCode === 503 ? result.retryAfterMs : undefined) ??
      retryDelayMs(attemptNo, this.random);
    const next = new Date(at.getTime() + waitMs);
    const givingUp = next.getTime() > delivery.retry_until.getTime();
    await queue.recordAttempt(db, delivery.id, {
      ...result,
      state: givingUp ? 'failed' : 'pending',
      nextAttemptAt: givingUp ? null : next,
    });
  }

  private async post(
    delivery: queue.ClaimedDelivery,
    at: Date,
  ): Promise<Omit<queue.AttemptOutcome, 'state' | 'nextAttemptAt'> & { retryAfterMs?: number | undefined }> {
    const { secrets, outbound, clock } = this.options;
    const signing = [secrets.open(delivery.secret)];
    if (delivery.previous_secret && delivery.previous_secret_until && delivery.previous_secret_until > at) {
      signing.push(secrets.open(delivery.previous_secret));
    }
    const started = performance.now();
    try {
      const response = await outbound.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Reviewtrace-Webhooks/1.0',
          ...signedHeaders(delivery.message_id, at, delivery.payload, signing),
        },
        body: delivery.payload,
        // A redirect is not followed: the receiver's URL is what the owner configured.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const excerpt = await readExcerpt(response);
      return {
        at,
        statusCode: response.status,
        latencyMs: Math.round(performance.now() - started),
        responseExcerpt: excerpt,
        error: null,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after'), clock.now()),
      };
    } catch (error) {
      return {
        ...notSent(at, describeFailure(error, this.timeoutMs)),
        latencyMs: Math.round(performance.now() - started),
      };
    }
  }
}

function notSent(at: Date, error: string) {
  return { at, statusCode: null, latencyMs: 0, responseExcerpt: null, error };
}

/** The first 2 KB of the answer; the rest is not read (a huge answer costs nothing). */
async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
  return text === '' ? null : text;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return message.slice(0, 500);
}
