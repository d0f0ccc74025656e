import { describe, expect, it } from 'vitest';
import type { ReviewStartedBy } from '@reviewtrace/contracts';
import { coverageLine, startedByText } from './pull-request-facts.ts';

const a = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const e = 'e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3';

describe('coverageLine', () => {
  it('names the commits since the earlier review and the review that covered them', () => {
    expect(coverageLine({ baseSha: null, headSha: e, sinceSha: a, earlierReviewId: 790, newCommits: 2 })).toEqual({
      text: 'Reviews a1b2c3d..e4f5a6b (2 new commits) — the earlier review #790 covered up to a1b2c3d',
      earlierReviewId: 790,
    });
    expect(
      coverageLine({ baseSha: null, headSha: e, sinceSha: a, earlierReviewId: 790, newCommits: 1 })?.text,
    ).toContain('(1 new commit)');
  });

  it('says when a force-push made it review the whole pull request', () => {
    expect(
      coverageLine({
        baseSha: null,
        headSha: e,
        sinceSha: null,
        earlierReviewId: 790,
        newCommits: null,
        fallback: 'force_push',
      }),
    ).toEqual({
      text: "Reviews the whole pull request (a force-push replaced the earlier review's commits)",
      earlierReviewId: null,
    });
  });

  it('says a first review covers the whole pull request, and nothing without coverage', () => {
    expect(
      coverageLine({ baseSha: null, headSha: e, sinceSha: null, earlierReviewId: null, newCommits: null })?.text,
    ).toBe('Reviews the whole pull request at e4f5a6b');
    expect(coverageLine(null)).toBeNull();
  });
});

describe('startedByText', () => {
  const base: ReviewStartedBy = {
    webhookId: 3,
    deliveryRowId: 41,
    provider: 'github',
    event: 'pull_request',
    action: 'synchronize',
    repository: 'acme/app',
    number: 42,
    headSha: a,
  };

  it('says what the delivery was', () => {
    expect(startedByText(base)).toBe('Started by a push to acme/app#42 (a1b2c3d)');
    expect(startedByText({ ...base, action: 'opened' })).toBe('Started when acme/app#42 was opened (a1b2c3d)');
    expect(startedByText({ ...base, action: 'reopened' })).toBe('Started when acme/app#42 was reopened (a1b2c3d)');
    expect(startedByText({ ...base, action: 'ready_for_review' })).toBe(
      'Started when acme/app#42 was marked ready for review (a1b2c3d)',
    );
  });

  it('writes GitLab merge requests with ! and copes with what a pruned delivery no longer tells', () => {
    expect(startedByText({ ...base, provider: 'gitlab', action: 'update', repository: 'group/app', number: 5 })).toBe(
      'Started by a push to group/app!5 (a1b2c3d)',
    );
    expect(startedByText({ ...base, action: null, number: null, headSha: null })).toBe(
      'Started by a webhook delivery for acme/app',
    );
  });
});
