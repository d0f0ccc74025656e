import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  const box = new SecretBox('a-secrets-key-of-some-length');

  it('seals with a fresh IV each time and opens again', () => {
    const a = box.seal('sk-live-1234567890abcdef');
    const b = box.seal('sk-live-1234567890abcdef');
    expect(a).toMatch(/^enc:v1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('1234567890');
    expect(box.open(a)).toBe('sk-live-1234567890abcdef');
  });

  it('refuses a tampered or foreign ciphertext', () => {
    const sealed = box.seal('secret-value-here');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered)).toThrow();
    expect(() => new SecretBox('another-key-entirely').open(sealed)).toThrow();
  });

  it('reads plain values inserted by operators, and masks to the last four characters', () => {
    expect(box.open('plain-operator-token')).toBe('plain-operator-token');
    expect(box.mask(box.seal('sk-live-1234567890abcdef'))).toBe('••••cdef');
    expect(box.mask('short')).toBe('••••');
    expect(box.mask(null)).toBeNull();
  });
});
