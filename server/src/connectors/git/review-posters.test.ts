import { afterEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../testing/engine-failure.ts';
import { asGitLabDiff } from '../../testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHubPull } from '../../testing/fake-git/fake-github.ts';
import { startFakeGitLab } from '../../testing/fake-git/fake-gitlab.ts';
import { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import { openReviewPoster } from './open-review-poster.ts';
import type { PostingTarget } from './posting-types.ts';

/** The fake hosts listen on loopback: the embedded default policy. */
const outbound = OutboundPolicy.open();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const head = 'd'.repeat(40);
/** Two hunks: new lines 1–4 and 20–22. */
const hunks = ['@@ -1,3 +1,4 @@', ' a', '+b', '+c', ' d', '@@ -18,3 +20,3 @@', ' x', '-y', '+z', ' w'].join('\n');
const pull: FakeGitHubPull = {
  owner: 'acme',
  repo: 'web',
  number: 5,
  title: 'Two hunks',
  author: { login: 'praman', name: null },
  headRef: 'two-hunks',
  headSha: head,
  files: [{ filename: 'src/a.ts', status: 'modified', additions: 3, deletions: 1, changes: 4, patch: hunks }],
};

async function github(options: { readOnly?: boolean | 'not-found' } = {}) {
  const server = await startFakeGitHub({ token: 'ghp_valid', pulls: [pull], ...options });
  servers.push(server);
  const target: PostingTarget = {
    ref: { provider: 'github', repository: 'acme/web', number: 5, host: new URL(server.origin).host },
    token: { provider: 'github', providerUrl: server.apiUrl, token: 'ghp_valid' },
    webUrl: `${server.origin}/acme/web/pull/5`,
    headSha: head,
  };
  return { server, poster: openReviewPoster(target, { outbound }) };
}

describe('the GitHub poster', () => {
  it('posts a multi-line comment with start_line and start_side when the range is in one hunk', async () => {
    const { server, poster } = await github();
    const answer = await poster.postOne({ path: 'src/a.ts', startLine: 1, line: 3, body: 'Range' });
    expect(answer).toEqual({ posted: true, url: expect.stringMatching(/\/acme\/web\/pull\/5#discussion_r\d+$/) });
    expect(server.posted.comments).toEqual([
      expect.objectContaining({ path: 'src/a.ts', line: 3, side: 'RIGHT', start_line: 1, start_side: 'RIGHT' }),
    ]);
    expect(server.posted.comments[0]!.commit_id).toBe(head);
  });

  it('reports a range across hunks or a line outside the diff as refused, in its own words', async () => {
    const { server, poster } = await github();
    for (const comment of [
      { path: 'src/a.ts', startLine: 3, line: 21, body: 'Across hunks' },
      { path: 'src/a.ts', line: 10, body: 'Between hunks' },
    ]) {
      expect(await poster.postOne(comment)).toEqual({
        posted: false,
        error: 'GitHub refused the position (422): the line is not part of its diff',
      });
    }
    expect(await poster.postAll!('Summary', [{ path: 'src/a.ts', line: 10, body: 'x' }])).toEqual({
      rejected: 'GitHub refused the position (422): the line is not part of its diff',
    });
    expect(server.posted).toEqual({ reviews: [], comments: [] });
  });

  it('says the token lacks write access when GitHub refuses the write (403)', async () => {
    const { poster } = await github({ readOnly: true });
    const failure = await failureOf(poster.postSummary('Summary'));
    expect(failure).toMatchObject({ category: 'git_permission', httpStatus: 403 });
    expect(failure.message).toBe(
      'Could not post: the token lacks pull-request write access (GitHub answered 403 for acme/web#5)',
    );
    // A token that can read but not write may also get 404 on the write.
    const hidden = await github({ readOnly: 'not-found' });
    const answer = hidden.poster.postAll!('Summary', [{ path: 'src/a.ts', line: 2, body: 'x' }]);
    expect(await failureOf(answer)).toMatchObject({ category: 'git_permission', httpStatus: 404 });
  });
});

describe('the GitLab poster', () => {
  const mergeRequest = {
    project: 'group/app',
    iid: 9,
    title: 'Two hunks',
    author: { username: 'jb', name: 'J B' },
    sourceBranch: 'two-hunks',
    sha: head,
    diffs: [asGitLabDiff({ path: 'src/a.ts', hunks: `${hunks}\n` })],
  };
  async function gitlab(options: { readOnly?: boolean; reviewedHead?: string } = {}) {
    const server = await startFakeGitLab({ token: 'glpat-valid', mergeRequests: [mergeRequest], ...options });
    servers.push(server);
    const target: PostingTarget = {
      ref: { provider: 'gitlab', repository: 'group/app', number: 9, host: new URL(server.origin).host },
      token: { provider: 'gitlab', providerUrl: server.origin, token: 'glpat-valid' },
      webUrl: `${server.origin}/group/app/-/merge_requests/9`,
      headSha: head,
      diffRefs: { baseSha: 'b'.repeat(40), startSha: 'b'.repeat(40), headSha: options.reviewedHead ?? head },
    };
    return { server, poster: openReviewPoster(target, { outbound }) };
  }

  it('positions an added line by its new side and an unchanged one by both, and refuses a stale head', async () => {
    const { server, poster } = await gitlab();
    expect(await poster.postOne({ path: 'src/a.ts', line: 21, body: 'Added' })).toMatchObject({ posted: true });
    expect(await poster.postOne({ path: 'src/a.ts', line: 20, oldLine: 18, body: 'Unchanged' })).toMatchObject({
      posted: true,
    });
    // Without its old side GitLab cannot find an unchanged line's line_code.
    expect(await poster.postOne({ path: 'src/a.ts', line: 20, body: 'Half a position' })).toEqual({
      posted: false,
      error: 'GitLab refused the position (400): the line is not part of its diff',
    });
    expect(server.discussions.map((d) => [d.position['new_line'], d.position['old_line']])).toEqual([
      ['21', undefined],
      ['20', '18'],
    ]);

    // A review of an older head: its positions no longer match the MR's diff_refs.
    const stale = await gitlab({ reviewedHead: 'e'.repeat(40) });
    expect(await stale.poster.postOne({ path: 'src/a.ts', line: 21, body: 'Added' })).toMatchObject({ posted: false });
  });

  it('says the token lacks write access on 403 insufficient_scope', async () => {
    const { poster } = await gitlab({ readOnly: true });
    const failure = await failureOf(poster.postOne({ path: 'src/a.ts', line: 21, body: 'Added' }));
    expect(failure).toMatchObject({ category: 'git_permission', httpStatus: 403 });
  });
});
