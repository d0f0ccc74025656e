import { describe, expect, it } from 'vitest';
import { toReviewSummary } from './review-summary.ts';
import type { ReviewRow } from './reviews.repository.ts';
import { gitProviderFromUrl, repositoryFromUrl } from './reviews.service.ts';

const base: ReviewRow = {
  id: 7,
  orgId: 1,
  title: null,
  prMrUrl: 'https://github.com/acme/web/pull/42',
  repository: 'acme/web',
  branch: 'main',
  gitProvider: 'github',
  connectorId: null,
  connectorName: null,
  providerType: null,
  model: null,
  status: 'in_progress',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  startedAt: new Date('2026-01-01T00:00:10Z'),
  completedAt: null,
  durationMs: null,
  lastEventAt: null,
  commentCount: 0,
  errorSummary: null,
  errorCategory: null,
  retryOf: null,
  triggerType: 'manual',
  batchesTotal: null,
  batchesDone: 0,
  postingProblem: null,
  commitHash: null,
  supersededBy: null,
  costUsd: null,
  tokens: null,
  waitingBatches: null,
  outcome: null,
  outcomeReason: null,
  failedBatches: null,
};

describe('toReviewSummary', () => {
  it('speaks the API status vocabulary and measures elapsed time while running', () => {
    const summary = toReviewSummary(base, new Date('2026-01-01T00:01:10Z'));
    expect(summary.status).toBe('running');
    expect(summary.durationMs).toBe(60_000);
    expect(summary.progress).toBeUndefined();
  });

  it('uses the final duration when finished and null while queued', () => {
    expect(toReviewSummary({ ...base, status: 'completed', durationMs: 1234 }).durationMs).toBe(1234);
    expect(toReviewSummary({ ...base, status: 'created', startedAt: null }).durationMs).toBeNull();
  });

  it('names an untitled review after its PR/MR, or its id', () => {
    expect(toReviewSummary(base).title).toBe('acme/web#42');
    expect(toReviewSummary({ ...base, prMrUrl: 'https://gitlab.com/g/sub/app/-/merge_requests/9' }).title).toBe(
      'sub/app#9',
    );
    expect(toReviewSummary({ ...base, prMrUrl: null }).title).toBe('Review #7');
  });

  it('reports batch progress only for running reviews that know their batches', () => {
    expect(toReviewSummary({ ...base, batchesTotal: 8, batchesDone: 3 }).progress).toEqual({
      batchesDone: 3,
      batchesTotal: 8,
    });
    expect(toReviewSummary({ ...base, status: 'completed', batchesTotal: 8, batchesDone: 8 }).progress).toBeUndefined();
  });
});

describe('URL helpers', () => {
  it('recognise GitHub pull requests and GitLab merge requests, self-hosted included', () => {
    expect(gitProviderFromUrl('https://ghe.corp/acme/web/pull/3')).toBe('github');
    expect(gitProviderFromUrl('https://gitlab.corp/a/b/c/-/merge_requests/3')).toBe('gitlab');
    expect(gitProviderFromUrl('https://example.com/x')).toBeNull();
    expect(repositoryFromUrl('https://gitlab.corp/a/b/c/-/merge_requests/3')).toBe('a/b/c');
    expect(repositoryFromUrl('https://github.com/acme/web/pull/3')).toBe('acme/web');
  });

  it('carries a posting problem the engine recorded, and ignores anything else in its place', () => {
    const problem = {
      category: 'git_permission',
      message: 'Could not post: the token lacks pull-request write access',
    };
    expect(toReviewSummary({ ...base, status: 'completed', postingProblem: problem }).postingProblem).toEqual(problem);
    expect(toReviewSummary({ ...base, postingProblem: 'nope' })).not.toHaveProperty('postingProblem');
    expect(toReviewSummary(base)).not.toHaveProperty('postingProblem');
  });
});
