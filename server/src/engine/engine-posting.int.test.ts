import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewListResponse, ReviewSummary } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { asGitHubFile, asGitLabDiff, numberedChanges } from '../testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubPull } from '../testing/fake-git/fake-github.ts';
import { startFakeGitLab, type FakeGitLab, type FakeGitLabMergeRequest } from '../testing/fake-git/fake-gitlab.ts';
import { openSse } from '../testing/sse-client.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const HEAD = 'c0ffee1234567890c0ffee1234567890c0ffee12';
const githubToken = 'ghp_postingTokenValue0000000000000001';
const gitlabToken = 'glpat-postingtoken00000000001';

/** Three files, one hunk each (lines 1–3; line 2 added): the simulator comments on each line 2. */
const files = numberedChanges(3);
const pull = (number: number, extra: Partial<FakeGitHubPull> = {}): FakeGitHubPull => ({
  owner: 'acme',
  repo: 'web',
  number,
  title: `Limits ${number}`,
  author: { login: 'praman', name: 'Priya Raman' },
  headRef: 'praman/limits',
  headSha: HEAD,
  files: files.map(asGitHubFile),
  ...extra,
});
const mergeRequest = (iid: number, extra: Partial<FakeGitLabMergeRequest> = {}): FakeGitLabMergeRequest => ({
  project: 'platform/inventory',
  iid,
  title: `Tune ${iid}`,
  author: { username: 'jbecker', name: 'Jonas Becker' },
  sourceBranch: 'jb/tune',
  sha: HEAD,
  diffs: files.map(asGitLabDiff),
  ...extra,
});
/** The host's diff moved on after the review read it: module-002 no longer shows its lines. */
const withoutSecondPatch = <T>(items: T[], drop: (item: T) => T) =>
  items.map((item, i) => (i === 1 ? drop(item) : item));

describe(`posting reviews back as inline comments on ${testDatabaseKind}`, { timeout: 90_000 }, () => {
  let h: EngineHarness;
  let github: FakeGitHub;
  let readOnlyGitHub: FakeGitHub;
  let gitlab: FakeGitLab;
  let readOnlyGitLab: FakeGitLab;

  beforeAll(async () => {
    h = await startEngineHarness();
    h.startEngine();
    github = await startFakeGitHub({
      token: githubToken,
      pulls: [
        pull(1),
        pull(2, { diffOnPost: withoutSecondPatch(files.map(asGitHubFile), (f) => ({ ...f, patch: undefined })) }),
        pull(3),
      ],
    });
    readOnlyGitHub = await startFakeGitHub({ token: githubToken, pulls: [pull(1)], readOnly: true });
    gitlab = await startFakeGitLab({
      token: gitlabToken,
      mergeRequests: [
        mergeRequest(1),
        mergeRequest(2, { diffsOnPost: withoutSecondPatch(files.map(asGitLabDiff), (d) => ({ ...d, diff: '' })) }),
      ],
    });
    readOnlyGitLab = await startFakeGitLab({ token: gitlabToken, mergeRequests: [mergeRequest(1)], readOnly: true });
    for (const [provider, server, token] of [
      ['github', github, githubToken],
      ['github', readOnlyGitHub, githubToken],
      ['gitlab', gitlab, gitlabToken],
      ['gitlab', readOnlyGitLab, gitlabToken],
    ] as const) {
      const providerUrl = 'apiUrl' in server ? server.apiUrl : server.origin;
      const created = await h.api('POST', '/integration-tokens', { provider, name: providerUrl, providerUrl, token });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    await h.close();
    for (const server of [github, readOnlyGitHub, gitlab, readOnlyGitLab]) await server.close();
  });

  /** A connector that posts back; `strayLine` makes the model also point at that line of the first file. */
  const postingConnector = async (options: { strayLine?: number; chunkDelayMs?: number } = {}) => {
    const id = await h.connector('ollama', 'healthy', options);
    expect((await h.api('PATCH', `/connectors/${id}`, { postComments: true })).status).toBe(200);
    return id;
  };
  const review = async (prMrUrl: string, connectorId: number) => {
    const created = await h.api('POST', '/reviews', { prMrUrl, connectorId });
    expect(created.status).toBe(201);
    const id = (created.json as ReviewSummary).id;
    return { id, detail: await h.finished(id) };
  };
  const postingEvents = async (id: number) =>
    ((await h.api('GET', `/reviews/${id}/events?type=posting&limit=200`)).json as EventsPage).events.map((e) => e.data);
  /** Writes that answer on the PR (commit statuses, which a canceled run also ends, are counted elsewhere). */
  const posts = (server: { requests: { method: string; rawPath: string }[] }) =>
    server.requests.filter((r) => r.method === 'POST' && !r.rawPath.includes('/statuses/'));

  it('GitHub: one review on the reviewed head with a comment per finding; a line outside the diff goes to the summary', async () => {
    const { id, detail } = await review(`${github.origin}/acme/web/pull/1`, await postingConnector({ strayLine: 40 }));
    expect(detail.status).toBe('success');
    const reviews = github.posted.reviews.filter((r) => r.pull === 1);
    expect(reviews).toHaveLength(1);
    const [posted] = reviews;
    expect(posted).toMatchObject({ commit_id: HEAD, event: 'COMMENT' });
    expect(posted!.comments.map((c) => `${c.path}:${c.line}:${c.side}`).sort()).toEqual([
      'src/module-001.ts:2:RIGHT',
      'src/module-002.ts:2:RIGHT',
      'src/module-003.ts:2:RIGHT',
    ]);
    expect(posted!.body).toContain('Not on a line of the diff (1)');
    expect(posted!.body).toMatch(/L40 .*line 40 is not part of the diff/);
    expect(detail.result?.commentsUrl).toBe(`${github.origin}/acme/web/pull/1#pullrequestreview-${posted!.id}`);
    // No separate issue comment: the summary is the review's body.
    expect(github.requests.filter((r) => r.rawPath.includes('/issues/'))).toEqual([]);

    const events = await postingEvents(id);
    // Each inline comment links to itself, as GitHub lists the review's comments.
    expect(events.filter((e) => e['outcome'] === 'posted' && e['path'] !== null).map((e) => e['url'])).toEqual(
      posted!.comments.map((c) => `${github.origin}/acme/web/pull/1#discussion_r${c.id}`),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        path: 'src/module-001.ts',
        line: 40,
        outcome: 'moved',
        url: detail.result?.commentsUrl,
      }),
    );
    expect(events.at(-1)).toMatchObject({ path: null, outcome: 'posted', url: detail.result?.commentsUrl });
  });

  it('GitHub: when the review is refused (422), posts the comments one by one and moves the refused one to the summary', async () => {
    const { id, detail } = await review(`${github.origin}/acme/web/pull/2`, await postingConnector());
    expect(detail.status).toBe('success');
    const single = github.posted.comments.filter((c) => c.pull === 2);
    expect(single.map((c) => `${c.path}:${c.line}:${c.commit_id}`).sort()).toEqual([
      `src/module-001.ts:2:${HEAD}`,
      `src/module-003.ts:2:${HEAD}`,
    ]);
    const reviews = github.posted.reviews.filter((r) => r.pull === 2);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.comments).toEqual([]);
    expect(reviews[0]!.body).toContain('src/module-002.ts');
    expect(reviews[0]!.body).toContain('2 comments on the changed lines');

    const events = await postingEvents(id);
    expect(events).toContainEqual(
      expect.objectContaining({
        path: 'src/module-002.ts',
        line: 2,
        outcome: 'moved',
        error: expect.stringMatching(/GitHub refused the position \(422\)/),
      }),
    );
    const postedOnLines = events.filter((e) => e['outcome'] === 'posted' && e['path'] !== null);
    expect(postedOnLines.map((e) => e['url'])).toEqual(
      single.map((c) => `${github.origin}/acme/web/pull/2#discussion_r${c.id}`),
    );
    expect(detail.result?.commentsUrl).toBe(`${github.origin}/acme/web/pull/2#pullrequestreview-${reviews[0]!.id}`);
  });

  it('GitHub: a read-only token leaves the review successful with a posting problem on the page and the list', async () => {
    const { id, detail } = await review(`${readOnlyGitHub.origin}/acme/web/pull/1`, await postingConnector());
    expect(detail.status).toBe('success');
    expect(readOnlyGitHub.posted.reviews).toEqual([]);
    expect(posts(readOnlyGitHub)).toHaveLength(1);
    const problem = {
      category: 'git_permission',
      message: 'Could not post: the token lacks pull-request write access',
    };
    expect(detail.postingProblem).toEqual(problem);
    expect(detail.result?.commentsUrl).toBeNull();
    const list = (await h.api('GET', `/reviews?q=%23${id}`)).json as ReviewListResponse;
    expect(list.items[0]).toMatchObject({ id, postingProblem: problem });

    const events = await postingEvents(id);
    expect(events.every((e) => e['outcome'] === 'failed')).toBe(true);
    expect(events.at(-1)).toMatchObject({ path: null, error: expect.stringMatching(/403/) });
    const logs = (await h.api('GET', `/reviews/${id}/events?type=log&limit=200`)).json as EventsPage;
    expect(logs.events).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        data: expect.objectContaining({
          code: 'git_permission',
          message: expect.stringMatching(
            /^Could not post: the token lacks pull-request write access \(GitHub answered 403/,
          ),
        }),
      }),
    );
  });

  it('GitLab: a discussion per finding positioned on the diff_refs, an unchanged line with both sides, then the summary note', async () => {
    // Line 3 is an unchanged (context) line of each hunk: its position needs old_line as well.
    const { id, detail } = await review(
      `${gitlab.origin}/platform/inventory/-/merge_requests/1`,
      await postingConnector({ strayLine: 3 }),
    );
    expect(detail.status).toBe('success');
    const discussions = gitlab.discussions.filter((d) => d.iid === 1);
    expect(discussions).toHaveLength(4);
    for (const { position } of discussions) {
      expect(position).toMatchObject({
        position_type: 'text',
        base_sha: 'b'.repeat(40),
        start_sha: 'b'.repeat(40),
        head_sha: HEAD,
      });
    }
    expect(
      discussions.map((d) => `${d.position['new_path']}:${d.position['new_line']}:${d.position['old_line']}`),
    ).toEqual(
      expect.arrayContaining([
        'src/module-001.ts:2:undefined',
        'src/module-001.ts:3:3',
        'src/module-002.ts:2:undefined',
        'src/module-003.ts:2:undefined',
      ]),
    );
    const notes = gitlab.requests.filter((r) => r.method === 'POST' && r.rawPath.endsWith('/merge_requests/1/notes'));
    expect(notes).toHaveLength(1);
    expect(JSON.parse(notes[0]!.body).body).toContain('4 comments on the changed lines');
    expect(detail.result?.commentsUrl).toBe(`${gitlab.origin}/platform/inventory/-/merge_requests/1#note_4242`);
    const events = await postingEvents(id);
    expect(events.filter((e) => e['outcome'] === 'posted')).toHaveLength(5);
    expect(events).toContainEqual(
      expect.objectContaining({
        path: 'src/module-001.ts',
        line: 3,
        url: `${gitlab.origin}/platform/inventory/-/merge_requests/1#note_${discussions.find((d) => d.position['new_line'] === '3')!.noteId}`,
      }),
    );
  });

  it('GitLab: a position refused with 400 moves that finding into the summary note, the others stay on their lines', async () => {
    const { id, detail } = await review(
      `${gitlab.origin}/platform/inventory/-/merge_requests/2`,
      await postingConnector(),
    );
    expect(detail.status).toBe('success');
    expect(gitlab.discussions.filter((d) => d.iid === 2).map((d) => d.position['new_path'])).toEqual([
      'src/module-001.ts',
      'src/module-003.ts',
    ]);
    const note = gitlab.requests.find((r) => r.method === 'POST' && r.rawPath.endsWith('/merge_requests/2/notes'));
    expect(JSON.parse(note!.body).body).toMatch(/Not on a line of the diff \(1\)[\s\S]*src\/module-002\.ts/);
    expect(await postingEvents(id)).toContainEqual(
      expect.objectContaining({
        path: 'src/module-002.ts',
        outcome: 'moved',
        error: expect.stringMatching(/GitLab refused the position \(400\)/),
      }),
    );
  });

  it('GitLab: a read_api token (403 insufficient_scope) leaves the review successful with the posting problem', async () => {
    const { detail } = await review(
      `${readOnlyGitLab.origin}/platform/inventory/-/merge_requests/1`,
      await postingConnector(),
    );
    expect(detail).toMatchObject({ status: 'success', postingProblem: { category: 'git_permission' } });
    expect(readOnlyGitLab.discussions).toEqual([]);
    expect(posts(readOnlyGitLab)).toHaveLength(1);
  });

  it('a review canceled while the model answers posts nothing', async () => {
    const before = posts(github).length;
    const connectorId = await postingConnector({ chunkDelayMs: 80 });
    const created = await h.api('POST', '/reviews', { prMrUrl: `${github.origin}/acme/web/pull/3`, connectorId });
    const id = (created.json as ReviewSummary).id;
    const sse = await openSse(`${h.baseUrl}/reviews/${id}/stream`, { authorization: `Bearer ${h.owner.token}` });
    await sse.until((f) => f.event === 'model_call');
    sse.close();
    expect((await h.api('POST', `/reviews/${id}/cancel`)).status).toBe(202);
    expect(await h.finished(id)).toMatchObject({ status: 'canceled' });
    expect(posts(github).length).toBe(before);
    expect(await postingEvents(id)).toEqual([]);
  });
});
