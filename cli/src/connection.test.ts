import { describe, expect, it } from 'vitest';
import { resolveConnection } from './connection.ts';

describe('resolveConnection', () => {
  it('takes flags over the environment and accepts the URL with or without /api/v1', () => {
    const env = { REVIEWTRACE_URL: 'https://rt.example.com/api/v1/', REVIEWTRACE_TOKEN: 'env-token' };
    expect(resolveConnection({}, env)).toMatchObject({
      apiRoot: 'https://rt.example.com/api/v1',
      token: 'env-token',
      tokenSource: 'REVIEWTRACE_TOKEN',
    });
    expect(resolveConnection({ url: 'http://10.0.0.1:3000/rt', token: 'flag' }, env)).toMatchObject({
      apiRoot: 'http://10.0.0.1:3000/rt/api/v1',
      tokenSource: '--token',
    });
  });

  it('defaults to the address `npm start` listens on', () => {
    expect(resolveConnection({}, { REVIEWTRACE_TOKEN: 't' }).apiRoot).toBe('http://127.0.0.1:3000/api/v1');
  });

  it('explains a missing token and a bad URL in one line', () => {
    expect(() => resolveConnection({}, {})).toThrow(/^not signed in: set REVIEWTRACE_TOKEN/);
    expect(() => resolveConnection({}, { REVIEWTRACE_URL: 'ftp://x', REVIEWTRACE_TOKEN: 't' })).toThrow(
      'REVIEWTRACE_URL is not an http(s) URL: ftp://x',
    );
  });
});
