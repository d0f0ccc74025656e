import { describe, expect, it } from 'vitest';
import { gitlabMergeRequestHook } from '../testing/webhook-payloads.ts';
import { readGitLabDelivery } from './gitlab-delivery.ts';

describe('readGitLabDelivery', () => {
  it('reads repository, MR number and head from a Merge Request Hook', () => {
    expect(readGitLabDelivery('Merge Request Hook', gitlabMergeRequestHook())).toMatchObject({
      action: 'open',
      repository: 'gitlabhq/gitlab-test',
      number: 1,
      headSha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      verdict: { kind: 'review', pullRequest: { provider: 'gitlab', draft: false } },
    });
  });

  it('treats the legacy work_in_progress flag as a draft', () => {
    const payload = gitlabMergeRequestHook() as unknown as { object_attributes: Record<string, unknown> };
    delete payload.object_attributes['draft'];
    payload.object_attributes['work_in_progress'] = true;
    expect(readGitLabDelivery('Merge Request Hook', payload).verdict).toMatchObject({
      kind: 'review',
      pullRequest: { draft: true },
    });
  });

  it('ignores a payload it cannot read', () => {
    expect(readGitLabDelivery('Merge Request Hook', { object_kind: 'merge_request' }).verdict).toEqual({
      kind: 'ignore',
      reason: 'ignored: merge request payload not understood',
    });
  });
});
