/**
 * Removes secrets from text before it is stored anywhere (events, file logs). Patterns cover the
 * credentials this product handles: AI provider keys, git tokens, bearer/Authorization values,
 * private keys and connection strings with passwords. Each match keeps a short hint of its kind.
 */
const patterns: { name: string; pattern: RegExp; replace?: (match: string, ...groups: string[]) => string }[] = [
  { name: 'private-key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g },
  { name: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|ant-)?[A-Za-z0-9_-]{16,}/g },
  { name: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { name: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{16,}/g },
  { name: 'google-key', pattern: /\bAIza[0-9A-Za-z_-]{30,}/g },
  { name: 'aws-key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  {
    name: 'authorization',
    pattern:
      /\b(authorization|x-api-key|api-key|private-token|x-goog-api-key)(["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;]+/gi,
    replace: (_m, header: string, sep: string) => `${header}${sep}[redacted]`,
  },
  { name: 'bearer', pattern: /\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, replace: () => 'Bearer [redacted]' },
  {
    name: 'url-password',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi,
    replace: (_m, head: string, _pw: string, at: string) => `${head}[redacted]${at}`,
  },
];

/** One cheap scan first: most log lines hold nothing secret and skip the nine replace passes. */
const mayHoldSecret =
  /sk-|gh[pousr]_|github_pat_|glpat-|AIza|AKIA|ASIA|authorization|api-key|x-api-key|private-token|bearer|:\/\/[^\s:/@]+:[^\s@/]+@|PRIVATE KEY/i;

/**
 * Makes text safe to store: secrets masked, and NUL (which PostgreSQL text and jsonb cannot hold)
 * replaced by U+FFFD, so a model's or engine's stray control byte never fails a write.
 */
export function redactText(raw: string, extraSecrets: readonly string[] = []): string {
  const text = raw.includes('\u0000') ? raw.replaceAll('\u0000', '\uFFFD') : raw;
  if (extraSecrets.length === 0 && !mayHoldSecret.test(text)) return text;
  let out = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  for (const { name, pattern, replace } of patterns) {
    out = out.replace(pattern, (...args: string[]) =>
      replace ? replace(...(args as [string, ...string[]])) : `[redacted:${name}]`,
    );
  }
  return out;
}

/** Redacts every string inside a JSON value (event payloads). */
export function redactDeep<T>(value: T, extraSecrets: readonly string[] = []): T {
  if (typeof value === 'string') return redactText(value, extraSecrets) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, extraSecrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, extraSecrets)])) as T;
  }
  return value;
}
