import { errorCategoryTips, isErrorCategory } from '@reviewtrace/contracts';
import { demoFailures, demoFiles } from './demo-data.ts';

/**
 * Event histories for seeded demo reviews, in the shapes of events.md. Deterministic for a seed so
 * screenshots and tests see the same demo twice.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const between = (random: Random, min: number, max: number) => Math.round(min + random() * (max - min));

export interface DemoEvent {
  ts: Date;
  type: string;
  level: string | null;
  batchId: string | null;
  data: Record<string, unknown>;
}

export interface DemoOutcome {
  status: 'created' | 'in_progress' | 'completed' | 'failed' | 'canceled';
  startedAt: Date | null;
  completedAt: Date | null;
  commentCount: number;
  errorSummary: string | null;
  errorCategory: string | null;
  resultSummary: string | null;
  batchesTotal: number | null;
  batchesDone: number;
  events: DemoEvent[];
}

export function demoHistory(
  random: Random,
  createdAt: Date,
  status: DemoOutcome['status'],
  connector: { provider: string; model: string; streamingBlocked: boolean },
  now: Date,
): DemoOutcome {
  const events: DemoEvent[] = [];
  let clock = createdAt.getTime();
  const at = () => new Date(clock);
  const emit = (
    type: string,
    data: Record<string, unknown>,
    batchId: string | null = null,
    level: string | null = 'info',
  ) => events.push({ ts: at(), type, level, batchId, data });

  emit('status', { status: 'queued' });
  if (status === 'created') return outcome();

  clock += between(random, 800, 15_000);
  const startedAt = at();
  emit('status', { status: 'running', startedAt: startedAt.toISOString() });
  emit('log', { level: 'info', message: `Fetched diff: ${between(random, 2, 40)} files changed` });
  emit('artifact', {
    kind: 'diff',
    sizeBytes: between(random, 2_000, 180_000),
    previewHead: 'diff --git a/src/…',
    previewTail: '…',
    url: null,
  });

  const batchesTotal = between(random, 1, 6);
  const failure = status === 'failed' ? pick(random, demoFailures) : undefined;
  const failingBatch = failure ? between(random, 1, batchesTotal) : 0;
  const runningBatch = status === 'in_progress' ? between(random, 1, batchesTotal) : 0;
  const canceledBatch = status === 'canceled' ? between(random, 1, batchesTotal) : 0;
  emit('log', {
    level: 'info',
    message: `Split into ${batchesTotal} batch(es) under the ${connector.model} token budget`,
  });

  let comments = 0;
  let batchesDone = 0;
  for (let n = 1; n <= batchesTotal; n++) {
    const batchId = `batch-${n}`;
    const files = Array.from({ length: between(random, 1, 4) }, () => pick(random, demoFiles));
    const tokenEstimate = between(random, 1_500, 7_800);
    const batchStart = at();
    emit(
      'batch',
      {
        batchId,
        status: 'running',
        fileCount: files.length,
        files,
        tokenEstimate,
        startedAt: batchStart.toISOString(),
        attempt: 1,
      },
      batchId,
    );
    emit(
      'model_call',
      { batchId, provider: connector.provider, model: connector.model, streaming: true, attempt: 1, phase: 'start' },
      batchId,
    );
    if (n === runningBatch) return outcome({ startedAt, batchesTotal, batchesDone, comments });
    if (n === canceledBatch) {
      clock += between(random, 2_000, 20_000);
      emit(
        'log',
        { level: 'warn', message: 'Review canceled by a user; stopping batch', code: 'canceled' },
        batchId,
        'warn',
      );
      return finish('canceled', { category: 'canceled', summary: 'Canceled by a user' });
    }
    if (connector.streamingBlocked) {
      clock += 30_000;
      emit(
        'log',
        { level: 'warn', code: 'stream_stall', message: 'No streaming chunks within 30s; retrying without streaming' },
        batchId,
        'warn',
      );
      emit(
        'batch',
        { batchId, status: 'fallback', fallback: { reason: 'no_chunks', afterMs: 30_000 } },
        batchId,
        'warn',
      );
    }
    if (n === failingBatch && failure) {
      clock += between(random, 1_000, 60_000);
      emit('log', { level: 'error', code: failure.category, message: failure.summary }, batchId, 'error');
      emit('batch', { batchId, status: 'failed', finishedAt: at().toISOString() }, batchId, 'error');
      return finish('failed', failure);
    }
    const callMs = between(random, 3_000, 45_000);
    clock += callMs;
    emit(
      'model_call',
      {
        batchId,
        provider: connector.provider,
        model: connector.model,
        streaming: !connector.streamingBlocked,
        attempt: 1,
        phase: 'end',
        durationMs: callMs,
        chars: between(random, 800, 9_000),
      },
      batchId,
    );
    const repaired = random() < 0.15;
    emit(
      'parse',
      { batchId, outcome: repaired ? 'repaired' : 'ok', strategy: repaired ? 'jsonrepair' : 'fenced' },
      batchId,
    );
    const batchComments = between(random, 0, 4);
    comments += batchComments;
    batchesDone++;
    emit(
      'batch',
      {
        batchId,
        status: 'success',
        commentCount: batchComments,
        finishedAt: at().toISOString(),
        durationMs: at().getTime() - batchStart.getTime(),
      },
      batchId,
    );
  }
  return finish('completed');

  function finish(
    final: 'completed' | 'failed' | 'canceled',
    failed?: { category: string; summary: string },
  ): DemoOutcome {
    clock += between(random, 200, 2_000);
    const summary =
      final === 'completed'
        ? `Reviewed ${batchesTotal} batch(es): ${comments} comment(s). Mostly solid; see the notes on error handling and tests.`
        : null;
    const tip = failed && isErrorCategory(failed.category) ? errorCategoryTips[failed.category] : undefined;
    emit('completion', {
      resultSummary: summary ?? failed?.summary ?? '',
      commentCount: comments,
      ...(failed ? { errorSummary: failed.summary, errorCategory: failed.category, tips: tip?.text ? [tip] : [] } : {}),
      ...(final === 'failed' && batchesDone > 0 ? { partial: true } : {}),
    });
    const apiStatus = { completed: 'success', failed: 'failed', canceled: 'canceled' }[final];
    emit(
      'status',
      { status: apiStatus, finishedAt: at().toISOString(), durationMs: clock - startedAt.getTime() },
      null,
      final === 'failed' ? 'error' : 'info',
    );
    return outcome({
      status: final,
      startedAt,
      completedAt: at(),
      batchesTotal,
      batchesDone,
      comments,
      errorSummary: failed?.summary ?? null,
      errorCategory: failed?.category ?? null,
      resultSummary: summary,
    });
  }

  function outcome(
    partial: Partial<{
      status: DemoOutcome['status'];
      startedAt: Date;
      completedAt: Date;
      batchesTotal: number;
      batchesDone: number;
      comments: number;
      errorSummary: string | null;
      errorCategory: string | null;
      resultSummary: string | null;
    }> = {},
  ): DemoOutcome {
    // A review still running in the seed must not look like it ran in the future.
    const capped = events.map((e) => (e.ts > now ? { ...e, ts: now } : e));
    return {
      status: partial.status ?? status,
      startedAt: partial.startedAt ?? null,
      completedAt: partial.completedAt ?? null,
      commentCount: partial.comments ?? 0,
      errorSummary: partial.errorSummary ?? null,
      errorCategory: partial.errorCategory ?? null,
      resultSummary: partial.resultSummary ?? null,
      batchesTotal: partial.batchesTotal ?? null,
      batchesDone: partial.batchesDone ?? 0,
      events: capped,
    };
  }
}
