import { describe, expect, it } from 'vitest';
import { failureOf } from '../../testing/engine-failure.ts';
import { ManualClock } from '../../testing/manual-clock.ts';
import type { ModelTimeouts } from './ai-types.ts';
import { callModel } from './model-call.ts';
import { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import {
  closedPortUrl,
  diffPaths,
  providers,
  recordingObserver,
  recordingSleep,
  reviewRequest,
  simulatedConnector,
  useAiSimulator,
} from '../../testing/ai-connector-support.ts';

/**
 * Generous watchdogs where a stream should succeed (a loaded CI machine must not turn them into a
 * fallback); small ones only where the test is about a stall. The simulator streams without delay.
 */
const fast: ModelTimeouts = { firstChunkMs: 5_000, stallMs: 5_000, requestMs: 5_000, maxAttempts: 3, maxBackoffMs: 20 };

const ai = useAiSimulator();

const signal = () => new AbortController().signal;
/** The embedded default: the simulator listens on loopback. */
const outbound = OutboundPolicy.open();

describe.each(providers)('callModel through the %s SDK', (provider) => {
  it('streams the review and reports chunks, time to first byte and usage', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider);
    const { observer, seen } = recordingObserver();
    const result = await callModel(config, reviewRequest, { outbound, signal: signal(), timeouts: fast, observer });

    expect(result).toMatchObject({ streaming: true, fallback: undefined, attempts: 1 });
    expect(result.chunks).toBeGreaterThan(5);
    expect(result.ttfbMs).toBeTypeOf('number');
    expect(result.tokensIn).toBeGreaterThan(0);
    expect(result.tokensOut).toBeGreaterThan(0);
    const review = JSON.parse(result.text) as { comments: { filePath: string }[] };
    expect(review.comments.length).toBeGreaterThan(0);
    for (const comment of review.comments) expect(diffPaths).toContain(comment.filePath);
    expect(seen.starts).toEqual([
      { streaming: true, attempt: 1, at: expect.any(Number), firstChunkMs: 5_000, stallMs: 5_000 },
    ]);
    expect(requests().map((r) => [r.kind, r.stream, r.apiKey])).toEqual([['generate', true, 'test-key']]);
  });

  it('sends only the plain request when the connector is set to non-streaming', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'healthy', { streaming: false });
    const { observer, seen } = recordingObserver();
    const result = await callModel(config, reviewRequest, { outbound, signal: signal(), timeouts: fast, observer });

    expect(result).toMatchObject({ streaming: false, fallback: undefined, attempts: 1, chunks: 0 });
    expect(JSON.parse(result.text)).toHaveProperty('comments');
    expect(result.tokensOut).toBeGreaterThan(0);
    expect(seen.starts).toEqual([{ streaming: false, attempt: 1, at: expect.any(Number) }]);
    expect(requests().map((r) => r.stream)).toEqual([false]);
  });

  it('falls back to a plain request when a buffering proxy holds back every chunk', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'buffering-proxy');
    const { observer, seen } = recordingObserver();
    const timeouts = { ...fast, firstChunkMs: 250 };
    const result = await callModel(config, reviewRequest, { outbound, signal: signal(), timeouts, observer });

    expect(seen.fallbacks).toEqual([
      {
        reason: 'no_chunks',
        afterMs: expect.any(Number),
        limitMs: 250,
        message: 'No stream chunk within 250 ms',
        attempt: 2,
      },
    ]);
    expect(seen.ends).toEqual([
      expect.objectContaining({ attempt: 1, streaming: true, category: 'stream_stall', chunks: 0 }),
    ]);
    expect(result).toMatchObject({ streaming: false, fallback: { reason: 'no_chunks' }, attempts: 2 });
    expect(JSON.parse(result.text)).toHaveProperty('summary');
    // The streaming attempt names the thresholds it runs under; the plain one has none to name.
    expect(seen.starts).toEqual([
      { streaming: true, attempt: 1, at: expect.any(Number), firstChunkMs: 250, stallMs: 5_000 },
      { streaming: false, attempt: 2, at: expect.any(Number) },
    ]);
    expect(requests().map((r) => r.stream)).toEqual([true, false]);
    expect(await ai.simulator.whenClosed(requests()[0]!)).toBe('client-left');
  });

  it('times the stall wait and the plain request as separate attempts, on the clock it is given', async () => {
    const { config } = simulatedConnector(ai.simulator, provider, 'buffering-proxy');
    const { observer, seen } = recordingObserver();
    const clock = new ManualClock(1_000_000);
    const timeouts = { ...fast, firstChunkMs: 30_000 };
    const call = callModel(config, reviewRequest, { outbound, signal: signal(), timeouts, observer, clock });
    await clock.sleeping();
    clock.advance(30_000); // the first-chunk watchdog gives up on the buffered stream
    const result = await call;

    expect(seen.ends).toEqual([
      expect.objectContaining({
        attempt: 1,
        streaming: true,
        durationMs: 30_000,
        message: 'No stream chunk within 30 s',
      }),
    ]);
    expect(seen.fallbacks).toEqual([expect.objectContaining({ afterMs: 30_000, limitMs: 30_000, attempt: 2 })]);
    // The plain request answered at once on this clock: its duration holds none of the stall wait.
    expect(result).toMatchObject({ attempts: 2, streaming: false, durationMs: 0, fallback: { afterMs: 30_000 } });
  });

  it('falls back to a plain request when the stream stalls mid-way', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'stall-mid-stream');
    const { observer, seen } = recordingObserver();
    const timeouts = { ...fast, stallMs: 250 };
    const result = await callModel(config, reviewRequest, { outbound, signal: signal(), timeouts, observer });

    expect(seen.fallbacks.map((f) => f.reason)).toEqual(['stall']);
    expect(result).toMatchObject({ streaming: false, fallback: { reason: 'stall' } });
    expect(JSON.parse(result.text)).toHaveProperty('comments');
    expect(requests().map((r) => r.stream)).toEqual([true, false]);
  });

  it('waits the Retry-After the provider names on 429, then succeeds', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'rate-limit-then-success', {
      failures: 2,
      retryAfterSeconds: 1,
    });
    const { observer, seen } = recordingObserver();
    const { delays, sleep } = recordingSleep();
    const result = await callModel(config, reviewRequest, {
      outbound,
      signal: signal(),
      timeouts: { ...fast, maxBackoffMs: 60_000 },
      observer,
      sleep,
    });

    expect(result).toMatchObject({ streaming: true, attempts: 3 });
    expect(delays).toEqual([1_000, 1_000]);
    expect(seen.retries.map((r) => [r.attempt, r.category, r.delayMs])).toEqual([
      [2, 'rate_limit', 1_000],
      [3, 'rate_limit', 1_000],
    ]);
    expect(requests().map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('backs off with jitter on 429 without Retry-After, within maxBackoffMs', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'rate-limit-then-success', {
      failures: 2,
      retryAfterSeconds: null,
    });
    const { delays, sleep } = recordingSleep();
    const result = await callModel(config, reviewRequest, { outbound, signal: signal(), timeouts: fast, sleep });

    expect(result.attempts).toBe(3);
    expect(delays).toHaveLength(2);
    for (const delay of delays) {
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(fast.maxBackoffMs);
    }
    expect(requests()).toHaveLength(3);
  });

  it('gives up with rate_limit after maxAttempts', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'rate-limit-then-success', {
      failures: 10,
      retryAfterSeconds: 0,
    });
    const error = await failureOf(callModel(config, reviewRequest, { outbound, signal: signal(), timeouts: fast }));

    expect(error).toMatchObject({ category: 'rate_limit', httpStatus: 429 });
    expect(requests()).toHaveLength(fast.maxAttempts);
  });

  it('fails at once with auth when the key is rejected', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'invalid-key');
    const { observer, seen } = recordingObserver();
    const error = await failureOf(
      callModel(config, reviewRequest, { outbound, signal: signal(), timeouts: fast, observer }),
    );

    expect(error.category).toBe('auth');
    expect(seen.retries).toEqual([]);
    expect(requests()).toHaveLength(1);
  });

  it('retries server errors, then reports that the provider answered with an error', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'server-error');
    const { observer, seen } = recordingObserver();
    const error = await failureOf(
      callModel(config, reviewRequest, { outbound, signal: signal(), timeouts: fast, observer }),
    );

    expect(error).toMatchObject({ category: 'provider_error', httpStatus: 500 });
    expect(seen.retries.map((r) => r.category)).toEqual(['provider_error', 'provider_error']);
    expect(requests()).toHaveLength(fast.maxAttempts);
  });

  it('reports network when nothing listens at the base URL', async () => {
    const base = await closedPortUrl();
    const config = {
      providerType: provider,
      baseUrl: provider === 'openai' ? `${base}/v1` : base,
      apiKey: 'test-key',
      model: 'reviewtrace-demo',
      streaming: true,
    };
    const { observer, seen } = recordingObserver();
    const error = await failureOf(
      callModel(config, reviewRequest, { outbound, signal: signal(), timeouts: { ...fast, maxAttempts: 2 }, observer }),
    );

    expect(error.category).toBe('network');
    expect(seen.retries.map((r) => r.category)).toEqual(['network']);
  });

  it('reports timeout when the plain request gets no answer within requestMs', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'no-answer', { streaming: false });
    const { observer, seen } = recordingObserver();
    const error = await failureOf(
      callModel(config, reviewRequest, {
        outbound,
        signal: signal(),
        timeouts: { ...fast, requestMs: 200, maxAttempts: 2 },
        observer,
      }),
    );

    expect(error.category).toBe('timeout');
    expect(seen.retries.map((r) => r.category)).toEqual(['timeout']);
    expect(await Promise.all(requests().map((r) => ai.simulator.whenClosed(r)))).toEqual([
      'client-left',
      'client-left',
    ]);
  });

  it('is canceled by the caller mid-stream, and the HTTP request is aborted', async () => {
    // Watchdogs far beyond the test's timeout: only the caller's abort can end this call.
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'stall-mid-stream', {
      framesBeforeStall: 4,
    });
    const caller = new AbortController();
    const error = await failureOf(
      callModel(config, reviewRequest, {
        outbound,
        signal: caller.signal,
        timeouts: { ...fast, firstChunkMs: 600_000, stallMs: 600_000 },
        observer: { onProgress: () => caller.abort() },
      }),
    );

    expect(error.category).toBe('canceled');
    expect(requests()).toHaveLength(1);
    expect(await ai.simulator.whenClosed(requests()[0]!)).toBe('client-left');
  });

  it('reports progress at most once a second, never per chunk', async () => {
    const { config } = simulatedConnector(ai.simulator, provider, 'healthy', { chunkDelayMs: 12 });
    const { observer, seen } = recordingObserver();
    const startedAt = performance.now();
    const result = await callModel(config, reviewRequest, { outbound, signal: signal(), timeouts: fast, observer });
    const elapsedSeconds = (performance.now() - startedAt) / 1000;

    expect(result.chunks).toBeGreaterThan(seen.progress.length);
    expect(seen.progress.length).toBeGreaterThanOrEqual(1);
    expect(seen.progress.length).toBeLessThanOrEqual(Math.floor(elapsedSeconds) + 1);
    const last = seen.progress.at(-1)!;
    expect(last.chars).toBeGreaterThan(0);
    expect(last.ttfbMs).toBeTypeOf('number');
  });
});
