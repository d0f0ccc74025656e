import path from 'node:path';
import type { Db } from '../db/database.ts';
import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import type { EventWriter } from '../engine/reporting/event-writer.ts';
import { redactText } from '../lib/redactor.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { createRealTools } from '../engine/engine.ts';
import type { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { runReviewPipeline } from '../engine/pipeline.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { cancelReason } from '../engine/worker.ts';
import type { ConnectorConfig } from '../connectors/ai/ai-types.ts';
import { sampleDiffs } from './sample-diffs/index.ts';
import { between, type Random } from './random.ts';
import { setReviewMetadata } from '../reviews/reviews.repository.ts';
import { insertReplayReview, releaseReplayedReview } from './demo.repository.ts';

/** The virtual clock runs this many times faster than the real one: a 40 s review replays in 0.2 s. */
const SPEEDUP = 200;

/**
 * The replay's engine timeouts, in virtual time like everything else the engine measures: a 30 s
 * first-chunk wait is 150 real ms, and the log says "within 30 s" on a timeline where 30 s passed.
 */
const virtualTimeouts = {
  firstChunkMs: 30_000,
  stallMs: 30_000,
  requestMs: 80_000,
  maxAttempts: 3,
  maxBackoffMs: 4_000,
};

export interface HistoryConnector {
  id: number;
  scenario: string;
  weight: number;
}

/**
 * The demo's history, made by the real engine: each past review is created at a past moment and
 * run through the pipeline against the simulator on a virtual clock that starts then and runs
 * SPEEDUP times faster, so its events carry plausible past timestamps and durations. Nothing here is
 * hand-written event rows: fallbacks, retries, repairs and failures happen as they would live.
 */
export async function fastForwardHistory(deps: {
  db: Db;
  writer: EventWriter;
  artifacts: ArtifactRecorder;
  secrets: SecretBox;
  dataDir: string;
  outbound: OutboundPolicy;
  orgId: number;
  user: { id: number; email: string };
  connectors: HistoryConnector[];
  count: number;
  random: Random;
  now: Date;
  parallel?: number;
  /** Stops starting new replays (server shutdown); running ones finish. */
  signal?: AbortSignal;
}): Promise<void> {
  const jobs = Array.from({ length: deps.count }, (_, i) => i);
  const runOne = async () => {
    for (let job = jobs.shift(); job !== undefined && !deps.signal?.aborted; job = jobs.shift()) {
      await replayOne(deps);
    }
  };
  await Promise.all(Array.from({ length: deps.parallel ?? 8 }, runOne));
}

async function replayOne(deps: Parameters<typeof fastForwardHistory>[0]): Promise<void> {
  const { db, random } = deps;
  const connector = weightedPick(random, deps.connectors);
  const sample = sampleDiffs[Math.floor(random() * sampleDiffs.length)]!;
  const createdAt = new Date(deps.now.getTime() - between(random, 10 * 60_000, 14 * 86_400_000));
  const startedAt = new Date(createdAt.getTime() + between(random, 800, 20_000));
  const cancel = connector.scenario === 'healthy' && random() < 0.06;

  const { reviewId, diffArtifactId } = await db.transaction().execute(async (trx) => {
    const id = await insertReplayReview(trx, {
      orgId: deps.orgId,
      title: sample.title,
      repository: sample.repository,
      branch: sample.branch,
      gitProvider: sample.gitProvider,
      connectorId: connector.id,
      user: deps.user,
      createdAt,
      startedAt,
    });
    const artifact = await deps.artifacts.record(
      { id, orgId: deps.orgId },
      'diff',
      redactText(sample.diff),
      undefined,
      trx,
    );
    await setReviewMetadata(trx, id, { demo: true, diffArtifactId: artifact.artifactId });
    return { reviewId: id, diffArtifactId: artifact.artifactId };
  });

  const clock = virtualClock(startedAt.getTime(), SPEEDUP);
  const controller = new AbortController();
  if (cancel) setTimeout(() => controller.abort(cancelReason), 40).unref();
  await runReviewPipeline(
    {
      db,
      writer: deps.writer,
      artifacts: deps.artifacts,
      secrets: deps.secrets,
      tools: createRealTools(deps.outbound),
      logDir: path.join(deps.dataDir, 'logs'),
      batchConcurrency: 2,
      tokenBudget: 6_000,
      // Real failures, quickly: the engine's watchdogs, waits and durations all run on the virtual clock.
      timeouts: virtualTimeouts,
      clock,
      // The live demo streams at reading pace; the replay asks the simulator for no pacing.
      tuneConnector: withoutPacing,
    },
    {
      id: reviewId,
      orgId: deps.orgId,
      connectorId: connector.id,
      prMrUrl: null,
      commitHash: null,
      triggerType: 'demo',
      metadata: { diffArtifactId },
      attempt: 1,
      createdAt,
      startedAt,
    },
    controller.signal,
  );
  await releaseReplayedReview(db, reviewId);
}

/** The live demo streams at reading pace; a replay asks the simulator for no pacing. */
export const withoutPacing = (c: ConnectorConfig): ConnectorConfig => ({
  ...c,
  baseUrl: c.baseUrl.replace(/(\/scenario\/[^/]+)/, '$1;chunk-delay-ms=0'),
});

/**
 * A clock that starts at `start` and runs `speedup` times faster than real time: `now()` reads
 * virtual milliseconds, and `sleep(ms)` waits `ms` virtual (ms / speedup real) milliseconds.
 */
export function virtualClock(start: number, speedup: number): Clock {
  const realStart = performance.now();
  const clock: Clock = {
    now: () => start + Math.round((performance.now() - realStart) * speedup),
    // A real timer may fire a fraction of a real millisecond early, which is most of a virtual
    // second: wait out the rest, so a "within 30 s" is never stamped 29.9 s after its start.
    sleep: async (ms, signal) => {
      const until = clock.now() + ms;
      for (let left = ms; left > 0 && !signal.aborted; left = until - clock.now()) {
        await systemClock.sleep(Math.max(left / speedup, 1), signal);
      }
    },
  };
  return clock;
}

function weightedPick(random: Random, connectors: HistoryConnector[]): HistoryConnector {
  const total = connectors.reduce((sum, c) => sum + c.weight, 0);
  let roll = random() * total;
  for (const connector of connectors) {
    roll -= connector.weight;
    if (roll < 0) return connector;
  }
  return connectors.at(-1)!;
}
