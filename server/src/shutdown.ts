/** One part of the process to stop; steps run in order, and a failed one does not stop the rest. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | undefined;
}

export interface ShutdownOptions {
  /** SHUTDOWN_GRACE_MS: from the first signal to exit, whatever happens. */
  graceMs: number;
  /** Runs at once on the first signal (readiness 503, streams told to reconnect elsewhere). */
  begin: () => void;
  steps: ShutdownStep[];
  /** The process in production; an EventEmitter in tests. */
  signals?: Pick<NodeJS.Process, 'on'>;
  exit?: (code: number) => void;
  log?: (line: string) => void;
  error?: (line: string) => void;
  /** How a failed step is reported; a line through `error` by default. */
  stepFailed?: (name: string, error: unknown) => void;
}

/**
 * How long running reviews may go on before they are handed back: the grace minus the time the
 * rest of the shutdown needs (the hand-back itself, the writer's flush, closing connections), 2 s,
 * or half the grace when that is shorter.
 */
export function reviewGraceMs(graceMs: number): number {
  return graceMs - Math.min(2_000, graceMs / 2);
}

/**
 * SIGTERM or SIGINT: `begin`, then the steps in order, then exit 0 (1 if a step failed). A second
 * signal exits at once with 1, and so does a shutdown still running when the grace is over: an
 * orchestrator's SIGKILL would come next anyway, and leases that were not handed back run out and
 * are recovered by another worker's reaper.
 */
export function exitOnSignals(options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? ((line: string) => console.error(line));
  const stepFailed =
    options.stepFailed ??
    ((name: string, caught: unknown) =>
      error(`shutdown (${name}): ${caught instanceof Error ? caught.message : String(caught)}`));
  let stopping = false;

  const stop = async (signal: string) => {
    if (stopping) {
      error(`${signal} again: exiting without finishing the shutdown`);
      exit(1);
      return;
    }
    stopping = true;
    log(`Shutting down (${signal}): no new work; running reviews get ${options.graceMs} ms…`);
    const overdue = setTimeout(() => {
      error(`Shutdown did not finish within SHUTDOWN_GRACE_MS (${options.graceMs} ms); exiting`);
      exit(1);
    }, options.graceMs);
    options.begin();
    let failed = false;
    for (const step of options.steps) {
      try {
        await step.run();
      } catch (caught) {
        failed = true;
        stepFailed(step.name, caught);
      }
    }
    clearTimeout(overdue);
    if (failed) error('shutdown finished with errors');
    else log('Shut down cleanly');
    exit(failed ? 1 : 0);
  };

  const signals = options.signals ?? process;
  signals.on('SIGINT', () => void stop('SIGINT'));
  signals.on('SIGTERM', () => void stop('SIGTERM'));
}
