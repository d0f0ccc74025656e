import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { postingPanelModel } from './posting-panel.ts';

let seq = 0;
const posting = (data: Record<string, unknown>): ReviewEvent => ({
  seq: ++seq,
  reviewId: 1,
  type: 'posting',
  time: '2026-01-01T00:00:00.000Z',
  level: 'info',
  batchId: null,
  data,
});

describe('postingPanelModel', () => {
  it('groups findings by outcome under the provider, with links and reasons', () => {
    const model = postingPanelModel(
      [
        { ...posting({}), type: 'log', data: { message: 'not posting' } },
        posting({ path: 'src/a.ts', line: 2, outcome: 'posted', url: 'https://gh/p/1#discussion_r1' }),
        posting({
          path: 'src/b.ts',
          line: 40,
          outcome: 'moved',
          url: 'https://gh/p/1#r9',
          error: 'line 40 is not part of the diff',
        }),
        posting({ path: 'src/c.ts', line: null, outcome: 'moved', url: 'https://gh/p/1#r9', error: 'no line given' }),
        posting({ path: null, line: null, outcome: 'posted', url: 'https://gh/p/1#r9' }),
      ],
      'github',
    )!;
    expect(model.title).toBe('Posted to GitHub');
    expect(model.headline).toBe('1 on its line · 2 moved into the summary');
    expect(model.summary).toMatchObject({ place: 'Summary', url: 'https://gh/p/1#r9' });
    expect(model.groups.map((g) => [g.heading, g.items.map((i) => i.place)])).toEqual([
      ['On their lines', ['src/a.ts:2']],
      ['Moved into the summary', ['src/b.ts:40', 'src/c.ts (no line)']],
    ]);
    expect(model.groups[1]!.items[0]!.reason).toBe('line 40 is not part of the diff');
  });

  it('counts what was not posted and keeps the error', () => {
    const model = postingPanelModel(
      [
        posting({ path: 'src/a.ts', line: 2, outcome: 'failed', error: 'Could not post: 403' }),
        posting({ path: null, line: null, outcome: 'failed', error: 'Could not post: 403' }),
        posting({ path: 'src/z.ts', line: 1, outcome: 'exploded' }),
      ],
      'gitlab',
    )!;
    expect(model.title).toBe('Posted to GitLab');
    expect(model.headline).toBe('0 on their lines · 0 moved into the summary · 1 not posted');
    expect(model.summary).toMatchObject({ outcome: 'failed', reason: 'Could not post: 403' });
    expect(model.groups).toEqual([
      expect.objectContaining({ heading: 'Not posted', items: [expect.objectContaining({ place: 'src/a.ts:2' })] }),
    ]);
  });

  it('is null when nothing was posted, and names the pull/merge request when the provider is unknown', () => {
    expect(postingPanelModel([], 'github')).toBeNull();
    expect(postingPanelModel([posting({ path: null, outcome: 'posted' })], null)?.title).toBe(
      'Posted to the pull/merge request',
    );
  });
});
