/** The `parse` event's rawExcerpt limit (contracts: ParseDataSchema). */
export const maxRawExcerptLength = 1500;

const separator = '\n…\n';

/**
 * The model output for a log line: whole when short, otherwise its head and tail (the tail shows
 * where a cut-off reply stopped). Lengths are UTF-16 code units, as the event schema counts them,
 * and a cut never separates the two halves of a surrogate pair (emoji, rare CJK).
 */
export function rawExcerpt(raw: string, maxLength = maxRawExcerptLength): string {
  if (raw.length <= maxLength) return raw;
  const room = maxLength - separator.length;
  let head = raw.slice(0, Math.ceil(room / 2));
  let tail = raw.slice(raw.length - Math.floor(room / 2));
  if (isHighSurrogate(head.charCodeAt(head.length - 1))) head = head.slice(0, -1);
  if (isLowSurrogate(tail.charCodeAt(0))) tail = tail.slice(1);
  return head + separator + tail;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
