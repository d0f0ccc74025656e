import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import examples from '@octokit/webhooks-examples';
import type { WebhookEventMap, WebhookEventName } from '@octokit/webhooks-types';

/**
 * Real payload shapes for webhook tests: GitHub's own examples (@octokit/webhooks-examples) and a
 * GitLab `Merge Request Hook` as GitLab's webhook documentation shows it. Each call returns a fresh
 * copy, so a test may change it.
 */

export function githubExample<E extends WebhookEventName>(event: E, action?: string): WebhookEventMap[E] {
  const definition = examples.find((d) => d.name === event);
  const example = definition?.examples.find(
    (payload) => action === undefined || (payload as { action?: string }).action === action,
  );
  if (!example) throw new Error(`No GitHub example for ${event}${action ? ` ${action}` : ''}`);
  return structuredClone(example) as WebhookEventMap[E];
}

export interface GitLabMergeRequestHook {
  object_kind: 'merge_request';
  user: { username: string };
  project: { path_with_namespace: string; web_url: string };
  object_attributes: {
    iid: number;
    url: string;
    title: string;
    action: string;
    source_branch: string;
    draft: boolean;
    work_in_progress: boolean;
    oldrev?: string;
    last_commit: { id: string };
  };
  changes: Record<string, { previous: unknown; current: unknown }>;
}

const gitlabMergeRequest = readFileSync(new URL('./gitlab-merge-request-hook.json', import.meta.url), 'utf8');

export function gitlabMergeRequestHook(): GitLabMergeRequestHook {
  return JSON.parse(gitlabMergeRequest) as GitLabMergeRequestHook;
}

/** A fresh 40-character SHA per call, so each push looks like a new head. */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export interface HookSend {
  /** Defaults to a fresh id per call. */
  deliveryId?: string;
  /** The signature/token header: a value, or null to leave it out. Defaults to the right one. */
  credential?: string | null;
}

export interface HookAnswer {
  status: number;
  body: Record<string, unknown>;
}

let deliveries = 0;
const freshDeliveryId = () => `${Date.now().toString(16)}-${(deliveries++).toString(16)}-delivery`;

/**
 * Sends a delivery to a listening app over real HTTP, as GitHub does: JSON body, `X-GitHub-Event`,
 * `X-GitHub-Delivery`, and `X-Hub-Signature-256` computed over the exact bytes sent.
 */
export async function sendGitHub(
  baseUrl: string,
  hook: { id: number; secret: string },
  event: string,
  payload: unknown,
  options: HookSend = {},
): Promise<HookAnswer> {
  const body = JSON.stringify(payload);
  const signature =
    options.credential === undefined
      ? `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`
      : options.credential;
  return post(`${baseUrl}/api/v1/hooks/github/${hook.id}`, body, {
    'x-github-event': event,
    'x-github-delivery': options.deliveryId ?? freshDeliveryId(),
    'user-agent': 'GitHub-Hookshot/test',
    ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
  });
}

/** As GitLab does: `X-Gitlab-Event`, `X-Gitlab-Event-UUID`, and the secret itself in `X-Gitlab-Token`. */
export async function sendGitLab(
  baseUrl: string,
  hook: { id: number; secret: string },
  event: string,
  payload: unknown,
  options: HookSend = {},
): Promise<HookAnswer> {
  const token = options.credential === undefined ? hook.secret : options.credential;
  return post(`${baseUrl}/api/v1/hooks/gitlab/${hook.id}`, JSON.stringify(payload), {
    'x-gitlab-event': event,
    'x-gitlab-event-uuid': options.deliveryId ?? freshDeliveryId(),
    'x-gitlab-instance': 'https://gitlab.com',
    ...(token === null ? {} : { 'x-gitlab-token': token }),
  });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<HookAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
