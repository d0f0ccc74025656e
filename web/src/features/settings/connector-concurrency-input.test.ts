import { describe, expect, it } from 'vitest';
import { concurrencyOf, concurrencyText, defaultConcurrencyText } from './connector-concurrency-input.ts';

describe('the connector form’s concurrency box', () => {
  it('reads empty as no limit and a whole number as the limit', () => {
    expect(concurrencyOf('')).toBeNull();
    expect(concurrencyOf(' 4 ')).toBe(4);
  });
  it('sends anything else as typed, for the API to explain', () => {
    expect(concurrencyOf('two')).toBe('two');
    expect(concurrencyOf('1.5')).toBe('1.5');
  });
  it('shows a stored limit, and Ollama’s default for a new Ollama connector', () => {
    expect(concurrencyText(null)).toBe('');
    expect(concurrencyText(3)).toBe('3');
    expect(defaultConcurrencyText('ollama')).toBe('2');
    expect(defaultConcurrencyText('openai')).toBe('');
  });
});
