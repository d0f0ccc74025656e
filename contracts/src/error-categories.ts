import { z } from 'zod';

/** One list of error categories, used by `errorCategory`, `log.code`, the server's tips and the UI. */
export const errorCategories = [
  'stream_stall',
  'auth',
  'invalid_json',
  'truncated_json',
  'rate_limit',
  'timeout',
  'network',
  'provider_error',
  'git_provider',
  'git_permission',
  'canceled',
  'worker_lost',
  'unknown',
] as const;
export type ErrorCategory = (typeof errorCategories)[number];
export const ErrorCategorySchema = z.enum(errorCategories);

export interface Tip {
  code: string;
  title: string;
  text: string;
}

export const TipSchema = z.object({ code: z.string(), title: z.string(), text: z.string() });

/** `text` is empty where there is nothing a user can do (a cancel is not a problem to fix). */
export const errorCategoryTips: Record<ErrorCategory, Tip> = {
  stream_stall: {
    code: 'stream_stall',
    title: 'No streaming chunks arrived',
    text: 'Your proxy may buffer streams; we retried without streaming. Allow streaming (e.g. `proxy_buffering off`) or switch the connector to non-streaming mode.',
  },
  auth: {
    code: 'auth',
    title: 'Token invalid or expired',
    text: 'Rotate the token in Settings → Connectors (or Git tokens).',
  },
  invalid_json: {
    code: 'invalid_json',
    title: 'Model output was unstructured',
    text: 'Reduce batch size or model verbosity; try a model that follows JSON instructions.',
  },
  truncated_json: {
    code: 'truncated_json',
    title: 'Model output was cut off',
    text: "Raise the model's output limit or reduce batch size.",
  },
  rate_limit: {
    code: 'rate_limit',
    title: 'Backed off due to rate limit',
    text: "Retry later or adjust the connector's concurrency/quota.",
  },
  timeout: {
    code: 'timeout',
    title: 'The model did not answer in time',
    text: 'Use a faster model, smaller batches, or raise the timeout.',
  },
  network: {
    code: 'network',
    title: 'Could not reach the provider',
    text: "Check the connector's base URL and that the server can reach it.",
  },
  provider_error: {
    code: 'provider_error',
    title: 'The provider answered with an error',
    text: "The provider (or a proxy in front of it) reached us but failed; server errors are retried. If it persists, check the provider's status and the connector's base URL and model.",
  },
  git_provider: {
    code: 'git_provider',
    title: 'Could not read the merge/pull request',
    text: "Check the repository token's scopes and the MR/PR URL.",
  },
  git_permission: {
    code: 'git_permission',
    title: 'Could not post: the token lacks pull-request write access',
    text: 'The review ran, but the git token can only read. Give it write access to pull/merge requests (GitHub: "Pull requests: Read and write"; GitLab: the `api` scope) in Settings → Git tokens.',
  },
  canceled: { code: 'canceled', title: 'Canceled by a user', text: '' },
  worker_lost: {
    code: 'worker_lost',
    title: 'The worker stopped during the review',
    text: 'Retry; if it repeats, check worker health.',
  },
  unknown: {
    code: 'unknown',
    title: 'Unexpected error',
    text: 'Download the log and contact support.',
  },
};

export function isErrorCategory(value: unknown): value is ErrorCategory {
  return typeof value === 'string' && (errorCategories as readonly string[]).includes(value);
}
