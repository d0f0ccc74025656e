import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { PullRequestEvent } from '@octokit/webhooks-types';
import { githubExample } from '../testing/webhook-payloads.ts';
import type { PullRequestPayloadSchema } from './github-delivery.ts';
import { readGitHubDelivery } from './github-delivery.ts';

describe('readGitHubDelivery', () => {
  it("reads the fields of every pull_request payload GitHub's types describe", () => {
    expectTypeOf<PullRequestEvent>().toExtend<z.input<typeof PullRequestPayloadSchema>>();
  });

  it('asks for a review of an opened pull request, with its URL, head and draft flag', () => {
    const payload = githubExample('pull_request', 'opened');
    const reading = readGitHubDelivery('pull_request', payload);
    expect(reading).toMatchObject({
      event: 'pull_request',
      action: 'opened',
      repository: payload.repository.full_name,
      number: payload.number,
      headSha: payload.pull_request.head.sha,
      verdict: {
        kind: 'review',
        pullRequest: { provider: 'github', url: payload.pull_request.html_url, draft: false },
      },
    });
  });

  it('ignores other actions and events with the reason, and a payload it cannot read', () => {
    expect(readGitHubDelivery('pull_request', githubExample('pull_request', 'closed')).verdict).toEqual({
      kind: 'ignore',
      reason: 'ignored: pull_request closed',
    });
    expect(readGitHubDelivery('issues', githubExample('issues', 'opened')).verdict).toEqual({
      kind: 'ignore',
      reason: 'ignored: event issues',
    });
    expect(readGitHubDelivery('pull_request', { action: 'opened' }).verdict).toEqual({
      kind: 'ignore',
      reason: 'ignored: pull_request payload not understood',
    });
    expect(readGitHubDelivery('ping', githubExample('ping')).verdict).toEqual({ kind: 'ping' });
  });
});
