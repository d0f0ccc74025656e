import { describe, expect, it } from 'vitest';
import { AllowListError, allows, parseAllowList } from './allow-list.ts';

const target = (hostname: string, address: string, port: number) => ({ hostname, address, port });

describe('OUTBOUND_ALLOW entries', () => {
  const entries = parseAllowList('127.0.0.1:11434, 10.20.0.0/16,gitlab.internal,[::1]:8080,fd00::/8,192.168.1.7');

  it('lets an IP:port through on that port only', () => {
    expect(entries.some((e) => allows(e, target('localhost', '127.0.0.1', 11434)))).toBe(true);
    expect(entries.some((e) => allows(e, target('localhost', '127.0.0.1', 5432)))).toBe(false);
  });

  it('matches CIDR ranges on the resolved address, v4 and v6', () => {
    expect(entries.some((e) => allows(e, target('ci.corp', '10.20.3.4', 443)))).toBe(true);
    expect(entries.some((e) => allows(e, target('ci.corp', '10.21.0.1', 443)))).toBe(false);
    expect(entries.some((e) => allows(e, target('v6.corp', 'fd12::1', 443)))).toBe(true);
  });

  it('judges an IPv4-mapped IPv6 address as the IPv4 it carries', () => {
    expect(entries.some((e) => allows(e, target('x', '::ffff:10.20.0.9', 80)))).toBe(true);
  });

  it('matches host names exactly, whatever their case, and [v6]:port', () => {
    expect(entries.some((e) => allows(e, target('GitLab.Internal', '10.9.9.9', 443)))).toBe(true);
    expect(entries.some((e) => allows(e, target('evil.gitlab.internal', '10.9.9.9', 443)))).toBe(false);
    expect(entries.some((e) => allows(e, target('[::1]', '::1', 8080)))).toBe(true);
    expect(entries.some((e) => allows(e, target('[::1]', '::1', 8081)))).toBe(false);
  });

  it('treats a bare IP as its own /32', () => {
    expect(entries.some((e) => allows(e, target('x', '192.168.1.7', 1)))).toBe(true);
    expect(entries.some((e) => allows(e, target('x', '192.168.1.8', 1)))).toBe(false);
  });

  it('is empty when unset', () => {
    expect(parseAllowList(undefined)).toEqual([]);
    expect(parseAllowList(' , ')).toEqual([]);
  });

  it.each(['10.0.0.0/99', 'host:0', 'host:70000', '*.corp', 'http://x', 'a b'])('refuses %j', (entry) => {
    expect(() => parseAllowList(entry)).toThrow(AllowListError);
  });
});
