import { describe, expect, it } from 'vitest';
import { UrlSigner } from './url-signing.ts';

describe('UrlSigner', () => {
  const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

  it('accepts its own link until it expires (default 300 s), then says expired', () => {
    let now = 1_800_000_000_000;
    const signer = new UrlSigner('a-server-secret-of-some-length', () => now);
    const { exp, sig } = signer.sign(id, 7);
    expect(exp).toBe(1_800_000_300);
    expect(signer.verify(id, 7, exp, sig)).toBe('ok');
    now += 301_000;
    expect(signer.verify(id, 7, exp, sig)).toBe('expired');
  });

  it('binds the link to the artifact, the org, the expiry and the key', () => {
    const signer = new UrlSigner('a-server-secret-of-some-length');
    const { exp, sig } = signer.sign(id, 7);
    expect(signer.verify(id, 8, exp, sig)).toBe('invalid');
    expect(signer.verify('3f2504e0-4f89-41d3-9a0c-0305e82c3302', 7, exp, sig)).toBe('invalid');
    expect(signer.verify(id, 7, exp + 1, sig)).toBe('invalid');
    expect(new UrlSigner('another-secret-entirely-here').verify(id, 7, exp, sig)).toBe('invalid');
    expect(signer.verify(id, 7, exp, 'short')).toBe('invalid');
  });
});
