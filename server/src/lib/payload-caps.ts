/**
 * Bounds what one event may hold, so a runaway log line cannot bloat every window, stream frame
 * and download that includes it. Long strings are cut on a character boundary and say so, and the
 * payload is flagged `truncated: true`; the full content belongs in an artifact.
 */
export const MAX_STRING_CHARS = 16_000;

export function capPayload(data: Record<string, unknown>, maxChars = MAX_STRING_CHARS): Record<string, unknown> {
  let truncated = false;
  const cap = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value.length <= maxChars) return value;
      // Never split a surrogate pair: drop a lone high surrogate left at the cut.
      const cut = value.slice(0, maxChars);
      const kept = /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
      truncated = true;
      return `${kept}… [truncated: ${value.length - kept.length} more characters]`;
    }
    if (Array.isArray(value)) return value.map(cap);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cap(v)]));
    return value;
  };
  const capped = cap(data) as Record<string, unknown>;
  return truncated ? { ...capped, truncated: true } : capped;
}
