/** Previews of at most `limit` characters from each end, cut on character (code point) boundaries. */
export const PREVIEW_CHARS = 500;

export function previewsOf(text: string, limit = PREVIEW_CHARS): { previewHead: string; previewTail: string } {
  const chars = Array.from(text);
  if (chars.length <= limit) return { previewHead: text, previewTail: '' };
  return { previewHead: chars.slice(0, limit).join(''), previewTail: chars.slice(-limit).join('') };
}
