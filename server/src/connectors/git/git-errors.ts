import { EngineError } from '../../errors/engine-error.ts';
import { outboundRefusalIn } from '../../outbound/outbound-refused.ts';
import { excerpt, safeCode } from '../ai/provider-errors.ts';
import type { PullRequestRef } from './git-types.ts';

/** What a message needs to say which request failed, and where. */
export interface ProviderCall {
  label: 'GitHub' | 'GitLab';
  /** owner/repo#5 or group/project!5, the way each provider writes it. */
  subject: string;
  host: string;
  apiUrl: string;
}

const scopeHints: Record<ProviderCall['label'], string> = {
  GitHub: 'a classic token needs `repo` for private repositories; a fine-grained one "Pull requests: read"',
  GitLab: 'the token needs the `read_api` scope and at least Reporter access',
};

export function providerCall(ref: PullRequestRef, apiUrl: string): ProviderCall {
  return ref.provider === 'github'
    ? { label: 'GitHub', subject: `${ref.repository}#${ref.number}`, host: ref.host, apiUrl }
    : { label: 'GitLab', subject: `${ref.repository}!${ref.number}`, host: ref.host, apiUrl };
}

export function missingTokenError(ref: PullRequestRef): EngineError {
  return new EngineError(
    'git_provider',
    `No ${ref.provider === 'github' ? 'GitHub' : 'GitLab'} token for ${ref.host} — add one in Settings → Git tokens`,
  );
}

export function canceledError(call: ProviderCall, cause: unknown): EngineError {
  return new EngineError('canceled', `Canceled while reading ${call.subject} from ${call.label}`, { cause });
}

/**
 * An HTTP answer other than success, as a message a user can act on. Review logs are read by every
 * member, and a token's provider URL may name any host: the message says the status and the host's
 * error code (an identifier, see safeCode), never the words of its body (`providerDetail` keeps
 * those for places only an owner sees).
 */
export function httpStatusError(
  call: ProviderCall,
  status: number,
  body: { code?: unknown; detail?: string },
  options: { cause: unknown; rateLimited?: boolean; retryAfterMs?: number },
): EngineError {
  const { cause, retryAfterMs } = options;
  const providerDetail = excerpt(body.detail);
  const base = { cause, httpStatus: status, retryAfterMs, ...(providerDetail ? { providerDetail } : {}) };
  const code = safeCode(body.code);
  if (status === 401) {
    return new EngineError(
      'git_provider',
      `Token rejected by ${call.label} on ${call.host} (401) — rotate it in Settings → Git tokens`,
      base,
    );
  }
  if (status === 429 || options.rateLimited) {
    return new EngineError(
      'git_provider',
      `${call.label} rate limit reached on ${call.host} (${status}) while reading ${call.subject}; retry later`,
      base,
    );
  }
  if (status === 403) {
    return new EngineError(
      'git_provider',
      `${call.label} refused access to ${call.subject} (403${code ? `: ${code}` : ''}) — ${scopeHints[call.label]}`,
      base,
    );
  }
  if (status === 404) {
    return new EngineError(
      'git_provider',
      `${call.subject} not found on ${call.host} (404), or the token cannot see it (scopes: ${scopeHints[call.label]})`,
      base,
    );
  }
  return new EngineError(
    'git_provider',
    `${call.label} answered ${status} for ${call.subject}${code ? `: ${code}` : ''}`,
    base,
  );
}

/**
 * A provider's HTTP answer that was an error: its status error, with the wait the provider asks for
 * (Retry-After, X-RateLimit-Reset) when it is a rate limit. `headers` are keyed in lower case.
 */
export function answeredError(
  call: ProviderCall,
  answer: { status: number; headers: Record<string, string | undefined>; body: { code?: unknown; detail?: string } },
  cause: unknown,
  rateLimited = answer.status === 429,
): EngineError {
  return httpStatusError(call, answer.status, answer.body, {
    cause,
    rateLimited,
    retryAfterMs: rateLimited ? retryAfterMsFrom(answer.headers) : undefined,
  });
}

export function unreachableError(call: ProviderCall, cause: unknown): EngineError {
  const refusal = outboundRefusalIn(cause);
  if (refusal) return new EngineError('network', `${call.label} at ${call.apiUrl}: ${refusal.message}`, { cause });
  return new EngineError(
    'git_provider',
    `Could not reach ${call.label} at ${call.apiUrl}: ${describeCause(cause)} — check the token's provider URL and that the server can reach it`,
    { cause },
  );
}

/** fetch() hides the useful part (ECONNREFUSED, ENOTFOUND, certificate errors) in `cause`. */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause;
  if (inner instanceof Error && inner.message && inner.message !== error.message) {
    return `${error.message} (${inner.message})`;
  }
  return error.message;
}

/** Retry-After is seconds or an HTTP date; GitHub's x-ratelimit-reset is epoch seconds. */
export function retryAfterMsFrom(headers: Record<string, string | undefined>, now = Date.now()): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers['x-ratelimit-reset'] ?? NaN);
  return Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) : undefined;
}
