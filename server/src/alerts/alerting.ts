import type { Db } from '../db/database.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import type { OutboundPolicy } from '../outbound/outbound-policy.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { AlertDispatcher } from './alert-dispatcher.ts';
import { AlertEvaluator } from './alert-evaluator.ts';

export interface AlertingOptions {
  db: Db;
  secrets: SecretBox;
  outbound: OutboundPolicy;
  periodMs: number;
  publicUrl?: string | undefined;
  clock?: Clock;
  onError: (error: unknown) => void;
}

/** A worker process's share of alerting: the evaluation loop and the delivery loop. */
export function startAlerting(options: AlertingOptions): { stop(): Promise<void> } {
  const clock = options.clock ?? systemClock;
  const stopping = new AbortController();
  const evaluator = new AlertEvaluator({ ...options, clock });
  const dispatcher = new AlertDispatcher({ ...options, clock });
  const loops = Promise.all([evaluator.run(stopping.signal), dispatcher.run(stopping.signal)]);
  return {
    async stop() {
      stopping.abort();
      await loops;
    },
  };
}
