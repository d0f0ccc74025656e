import type { OutboundPolicy } from '../outbound/outbound-policy.ts';
import type { Db } from '../db/database.ts';
import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import { defaultWriterOptions, EventWriter } from '../engine/reporting/event-writer.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import type { DemoOrg } from './demo-seed.ts';
import { fastForwardHistory } from './demo-fast-forward.ts';
import { mulberry32 } from './random.ts';

export interface HistoryReplay {
  done: Promise<void>;
  /** Starts no new replays and waits for the running ones (each well under a second). */
  stop(): Promise<void>;
}

/**
 * The demo orgs' past reviews, replayed through the real engine against the simulator: `count`
 * reviews per org (from `org.historyCount` scaled by `share`), `parallel` at a time.
 */
export function replayDemoHistory(
  deps: {
    db: Db;
    artifacts: ArtifactRecorder;
    secrets: SecretBox;
    dataDir: string;
    /** Must let the simulator through (main.ts allows its address). */
    outbound: OutboundPolicy;
    orgs: DemoOrg[];
    now?: Date;
    seed?: number;
  },
  options: { share: number; parallel: number },
): HistoryReplay {
  // The replay is nobody's live stream: flush at once instead of every 50 ms.
  const writer = new EventWriter(deps.db, { ...defaultWriterOptions, flushMs: 1 });
  const random = mulberry32(deps.seed ?? 20261124);
  const stop = new AbortController();
  const done = (async () => {
    try {
      for (const org of deps.orgs) {
        await fastForwardHistory({
          db: deps.db,
          writer,
          artifacts: deps.artifacts,
          secrets: deps.secrets,
          dataDir: deps.dataDir,
          outbound: deps.outbound,
          orgId: org.orgId,
          user: org.owner,
          connectors: org.connectors,
          count: Math.round(org.historyCount * options.share),
          random,
          now: deps.now ?? new Date(),
          parallel: options.parallel,
          signal: stop.signal,
        });
      }
    } finally {
      await writer.close();
    }
  })();
  return {
    done,
    async stop() {
      stop.abort();
      await done.catch(() => undefined);
    },
  };
}
