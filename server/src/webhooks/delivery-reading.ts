/**
 * What a receiver read from one verified delivery, whichever the provider: the fields the delivery
 * log shows, a small excerpt of the payload, and what the delivery asks for.
 */
export interface DeliveryReading {
  event: string;
  action: string | null;
  repository: string | null;
  number: number | null;
  headSha: string | null;
  /** The fields the decision read (title clipped): never headers, tokens or the whole payload. */
  excerpt: Record<string, unknown> | null;
  verdict: DeliveryVerdict;
}

export type DeliveryVerdict =
  /** A pull/merge request opened or given new commits: review it (unless the webhook's settings say no). */
  | { kind: 'review'; pullRequest: PullRequestChange }
  /** GitHub's ping when a webhook is added: proves the URL and secret, starts nothing. */
  | { kind: 'ping' }
  /** An event or action this webhook does not act on. */
  | { kind: 'ignore'; reason: string }
  /** A handled event that carries nothing to review (a GitLab update that only edits the title). */
  | { kind: 'skip'; reason: string };

export interface PullRequestChange {
  provider: 'github' | 'gitlab';
  url: string;
  repository: string;
  number: number;
  headSha: string;
  title: string;
  branch: string | null;
  draft: boolean;
}

export const EXCERPT_TITLE_CHARS = 200;
export const clip = (text: string, chars = EXCERPT_TITLE_CHARS) =>
  text.length > chars ? `${text.slice(0, chars - 1)}…` : text;

/** Header values as the delivery log stores them: one value, bounded, or null. */
export function headerValue(value: string | string[] | undefined, maxChars = 200): string | null {
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined || one === '') return null;
  return one.slice(0, maxChars);
}

/** webhook_deliveries.payload_excerpt's CHECK allows 4096 bytes; stay well inside it. */
export const MAX_EXCERPT_BYTES = 3072;

/**
 * The excerpt as stored: unchanged when small (it always is for real payloads: the free-text
 * fields are clipped), else only its short fields, so an odd payload is logged, never a 500.
 */
export function boundedExcerpt(excerpt: Record<string, unknown> | null): Record<string, unknown> | null {
  if (excerpt === null || Buffer.byteLength(JSON.stringify(excerpt)) <= MAX_EXCERPT_BYTES) return excerpt;
  const isShort = (value: unknown) =>
    value === null ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    (typeof value === 'string' && value.length <= 100);
  const kept = Object.fromEntries(Object.entries(excerpt).filter(([, value]) => isShort(value)));
  return { ...kept, clipped: true };
}
