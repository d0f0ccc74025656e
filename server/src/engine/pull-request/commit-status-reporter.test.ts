import { describe, expect, it } from 'vitest';
import type { CommitStatus } from '../../connectors/git/commit-status.ts';
import { EngineError } from '../../errors/engine-error.ts';
import { CommitStatusReporter } from './commit-status-reporter.ts';

/** A status endpoint whose answers the test releases one by one. */
function gatedHost() {
  const sent: CommitStatus[] = [];
  const waiting: { release: () => void; fail: (error: unknown) => void }[] = [];
  let arrived: (() => void) | undefined;
  const post = (status: CommitStatus) =>
    new Promise<void>((release, fail) => {
      sent.push(status);
      waiting.push({ release, fail });
      arrived?.();
    });
  const nextArrival = () => new Promise<void>((resolve) => (arrived = resolve));
  return { sent, waiting, post, nextArrival };
}

const descriptions = (sent: CommitStatus[]) => sent.map((s) => `${s.state}: ${s.description}`);

describe('CommitStatusReporter', () => {
  it('keeps one request in flight and sends only the latest progress after it', async () => {
    const host = gatedHost();
    const reporter = new CommitStatusReporter(host.post, () => {}, 'a'.repeat(40), 'https://x/reviews/1');
    reporter.progress('batch 1 of 5');
    reporter.progress('batch 2 of 5');
    reporter.progress('batch 3 of 5');
    expect(descriptions(host.sent)).toEqual(['pending: batch 1 of 5']);

    const arrival = host.nextArrival();
    host.waiting.shift()!.release();
    await arrival;
    expect(descriptions(host.sent)).toEqual(['pending: batch 1 of 5', 'pending: batch 3 of 5']);

    reporter.progress('batch 4 of 5');
    const done = reporter.finish('success', '3 comments');
    const final = host.nextArrival();
    host.waiting.shift()!.release();
    await final;
    host.waiting.shift()!.release();
    await done;
    // Progress still waiting when the review ended was dropped for the final state.
    expect(descriptions(host.sent)).toEqual(['pending: batch 1 of 5', 'pending: batch 3 of 5', 'success: 3 comments']);
    expect(host.sent.every((s) => s.targetUrl === 'https://x/reviews/1')).toBe(true);
  });

  it('warns once and stops when the token may not set statuses', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const reporter = new CommitStatusReporter(
      () => {
        calls++;
        return Promise.reject(new EngineError('git_provider', 'GitHub refused access (403)', { httpStatus: 403 }));
      },
      (message) => warnings.push(message),
      'b'.repeat(40),
      undefined,
    );
    reporter.progress('reviewing');
    reporter.progress('batch 2 of 2');
    await reporter.finish('success', 'No comments');
    expect(calls).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Could not set the commit status of bbbbbbb: GitHub refused access (403)');
  });

  it('warns about other failures and keeps going; a failure never throws', async () => {
    const warnings: string[] = [];
    const reporter = new CommitStatusReporter(
      (status) =>
        status.state === 'pending'
          ? Promise.reject(new EngineError('git_provider', 'GitHub answered 502', { httpStatus: 502 }))
          : Promise.resolve(),
      (message) => warnings.push(message),
      'c'.repeat(40),
      undefined,
    );
    reporter.progress('reviewing');
    await expect(reporter.finish('failure', 'Review failed: timeout')).resolves.toBeUndefined();
    expect(warnings).toEqual(['Could not set the commit status of ccccccc (pending): GitHub answered 502']);
  });
});
