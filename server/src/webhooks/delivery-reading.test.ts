import { describe, expect, it } from 'vitest';
import { boundedExcerpt, MAX_EXCERPT_BYTES } from './delivery-reading.ts';

describe('boundedExcerpt', () => {
  it('keeps a small excerpt as it is', () => {
    const excerpt = { action: 'opened', number: 7, title: 'Fix it', changed: ['title'] };
    expect(boundedExcerpt(excerpt)).toBe(excerpt);
  });

  it('keeps only the short fields of one too large to store', () => {
    const bounded = boundedExcerpt({
      action: 'opened',
      number: 7,
      url: `https://github.com/${'a'.repeat(5000)}/pull/7`,
      changed: Array(500).fill('labels'),
    });
    expect(bounded).toEqual({ action: 'opened', number: 7, clipped: true });
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThan(MAX_EXCERPT_BYTES);
  });
});
