import { z } from 'zod';
import { clip, type DeliveryReading } from './delivery-reading.ts';

/** The `pull_request` actions that mean "there is new code to review". */
const reviewActions = new Set(['opened', 'reopened', 'synchronize', 'ready_for_review']);

/**
 * The fields of a `pull_request` payload we read. The delivery is signed, so it is GitHub's, but
 * its shape is still checked: a payload we cannot read is ignored with a reason, never a 500.
 * github-delivery.test.ts proves against @octokit/webhooks-types that GitHub's documented payloads fit.
 */
export const PullRequestPayloadSchema = z.object({
  action: z.string(),
  number: z.number().int(),
  pull_request: z.object({
    html_url: z.string(),
    title: z.string(),
    draft: z.boolean().optional(),
    head: z.object({ sha: z.string(), ref: z.string() }),
  }),
  repository: z.object({ full_name: z.string() }),
  sender: z.object({ login: z.string() }).optional(),
});

const ActionSchema = z.object({ action: z.string().optional() }).passthrough();

export function readGitHubDelivery(event: string, payload: unknown): DeliveryReading {
  if (event === 'ping') {
    return {
      event,
      action: null,
      repository: null,
      number: null,
      headSha: null,
      excerpt: null,
      verdict: { kind: 'ping' },
    };
  }
  const action = ActionSchema.safeParse(payload).data?.action ?? null;
  const base = { event, action, repository: null, number: null, headSha: null, excerpt: null };
  if (event !== 'pull_request') return { ...base, verdict: { kind: 'ignore', reason: `ignored: event ${event}` } };

  const parsed = PullRequestPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    return { ...base, verdict: { kind: 'ignore', reason: 'ignored: pull_request payload not understood' } };
  }
  const body = parsed.data;
  const pr = body.pull_request;
  const reading = {
    event,
    action: body.action,
    repository: body.repository.full_name,
    number: body.number,
    headSha: pr.head.sha,
    excerpt: {
      action: body.action,
      repository: body.repository.full_name,
      number: body.number,
      url: pr.html_url,
      title: clip(pr.title),
      draft: pr.draft ?? false,
      headRef: clip(pr.head.ref),
      headSha: pr.head.sha,
      sender: body.sender?.login ?? null,
    },
  };
  if (!reviewActions.has(body.action)) {
    return { ...reading, verdict: { kind: 'ignore', reason: `ignored: pull_request ${body.action}` } };
  }
  return {
    ...reading,
    verdict: {
      kind: 'review',
      pullRequest: {
        provider: 'github',
        url: pr.html_url,
        repository: body.repository.full_name,
        number: body.number,
        headSha: pr.head.sha,
        title: pr.title,
        branch: pr.head.ref,
        draft: pr.draft ?? false,
      },
    },
  };
}
