import { applyPasses, type RedactionPass, type TracedRedaction } from './redaction-trace.ts';

/** A pattern whose matches become `[redacted:<name>]` unless it says otherwise. */
type PatternSpec = Omit<RedactionPass, 'replace'> & { replace?: RedactionPass['replace'] };

const tokenCharacter = /[A-Za-z0-9_-]/;

/**
 * Removes secrets from text before it is stored anywhere (events, file logs). Patterns cover the
 * credentials this product handles: AI provider keys, git tokens, bearer/Authorization values,
 * private keys and connection strings with passwords. Each match keeps a short hint of its kind.
 * `continues` and `closes` say how a match that reaches the end of the text would go on; the
 * streaming redactor masks a match too long to hold to its real end with them.
 */
const patternSpecs: PatternSpec[] = [
  {
    name: 'private-key',
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    closes: /-----END [A-Z ]*PRIVATE KEY-----/,
  },
  { name: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|ant-)?[A-Za-z0-9_-]{16,}/g, continues: tokenCharacter },
  {
    name: 'github-token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
    continues: /[A-Za-z0-9_]/,
  },
  { name: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{16,}/g, continues: tokenCharacter },
  { name: 'google-key', pattern: /\bAIza[0-9A-Za-z_-]{30,}/g, continues: tokenCharacter },
  { name: 'aws-key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, continues: /[0-9A-Z]/ },
  {
    name: 'authorization',
    pattern:
      /\b(authorization|x-api-key|api-key|private-token|x-goog-api-key)(["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;]+/gi,
    replace: (_m, [header, sep]) => `${header}${sep}[redacted]`,
    continues: /[^\s"',;]/,
  },
  {
    name: 'bearer',
    pattern: /\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
    replace: () => 'Bearer [redacted]',
    continues: /[A-Za-z0-9._~+/=-]/,
  },
  {
    name: 'url-password',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi,
    replace: (_m, [head, _pw, at]) => `${head}[redacted]${at}`,
  },
];

const patterns: RedactionPass[] = patternSpecs.map((spec) => ({
  ...spec,
  replace: spec.replace ?? (() => `[redacted:${spec.name}]`),
}));

/** One cheap scan first: most log lines hold nothing secret and skip the nine replace passes. */
const mayHoldSecret =
  /sk-|gh[pousr]_|github_pat_|glpat-|AIza|AKIA|ASIA|authorization|api-key|x-api-key|private-token|bearer|:\/\/[^\s:/@]+:[^\s@/]+@|PRIVATE KEY/i;

/** PostgreSQL text and jsonb cannot hold NUL: a model's or engine's stray control byte must not fail a write. */
const nul = literalPass('nul', '\u0000', '\uFFFD');

/**
 * Makes text safe to store: secrets masked, and NUL replaced by U+FFFD. Does what `redactTraced`
 * does without the bookkeeping, since every event string goes through here.
 */
export function redactText(raw: string, extraSecrets: readonly string[] = []): string {
  const text = raw.includes('\u0000') ? raw.replaceAll('\u0000', '\uFFFD') : raw;
  if (extraSecrets.length === 0 && !mayHoldSecret.test(text)) return text;
  let out = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  for (const { pattern, replace } of patterns) {
    out = out.replace(pattern, (match: string, ...rest: unknown[]) => replace(match, rest.slice(0, -2) as string[]));
  }
  return out;
}

/**
 * `redactText`, with a record of what each pass replaced (see `redaction-trace.ts`): the same
 * passes in the same order, so its text is always `redactText`'s.
 */
export function redactTraced(raw: string, extraSecrets: readonly string[] = []): TracedRedaction {
  const secrets = extraSecrets.filter((secret) => secret.length >= 6);
  // NUL and U+FFFD look alike to the scan, so it can run before the NUL pass.
  const mayHold = extraSecrets.length > 0 || mayHoldSecret.test(raw);
  const passes = [nul, ...secrets.map((secret) => literalPass('org-secret', secret, '[redacted]'))];
  return applyPasses(raw, mayHold ? [...passes, ...patterns] : passes);
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

/** Every occurrence of `literal`, left to right (as `split(literal).join(replacement)` would). */
function literalPass(name: string, literal: string, replacement: string): RedactionPass {
  return {
    name,
    pattern: new RegExp(literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), 'g'),
    replace: () => replacement,
  };
}
