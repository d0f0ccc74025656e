import { describe, expect, it } from 'vitest';
import { httpUrl, isHttpUrl } from './urls.ts';

describe('httpUrl', () => {
  it.each([
    'https://github.com/acme/app/pull/1',
    'http://gitlab.internal:8080/team/app/-/merge_requests/2',
    'HTTPS://EXAMPLE.COM/x',
  ])('accepts %s', (url) => {
    expect(httpUrl.safeParse(url).success).toBe(true);
    expect(isHttpUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'javascript://example.com/%0aalert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://example.com/x',
    '/relative/path',
    'not a url',
    `https://example.com/${'a'.repeat(2000)}`,
  ])('refuses %s', (url) => {
    expect(httpUrl.safeParse(url).success).toBe(false);
    expect(isHttpUrl(url)).toBe(false);
  });

  it('says what it expects', () => {
    expect(httpUrl.safeParse('javascript:alert(1)').error?.issues[0]?.message).toBe('expected an http(s) URL');
  });

  it('treats non-strings as not URLs', () => {
    expect(isHttpUrl(undefined)).toBe(false);
    expect(isHttpUrl(42)).toBe(false);
  });
});
