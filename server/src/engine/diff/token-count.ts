import { countTokens as countO200k, decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * o200k (GPT-4o and later) token counts: an estimate for other models' tokenizers, but a
 * consistent one. Diffs may contain text like `<|endoftext|>` (tokenizer code, prompts), which
 * must count as ordinary text instead of throwing.
 */
const asOrdinaryText = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  return countO200k(text, asOrdinaryText);
}

/** The longest prefix of `text` within `maxTokens`, without a half-decoded character at the end. */
export function truncateToTokens(text: string, maxTokens: number): string {
  const tokens = encode(text, asOrdinaryText);
  if (tokens.length <= maxTokens) return text;
  return decode(tokens.slice(0, Math.max(0, maxTokens))).replace(/\uFFFD+$/, '');
}
