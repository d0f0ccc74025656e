import { describe, expect, it } from 'vitest';
import { latestReset, parseResetDuration, quotaResetFromHeaders, quotaResetText } from './quota-reset.ts';

describe('quota reset', () => {
  it('reads OpenAI reset durations', () => {
    expect(parseResetDuration('1s')).toBe(1_000);
    expect(parseResetDuration('6m0s')).toBe(360_000);
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetDuration('soon')).toBeUndefined();
    expect(parseResetDuration('')).toBeUndefined();
  });

  it('takes the later of the request and token resets', () => {
    const headers = new Headers({ 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-reset-tokens': '12m0s' });
    expect(quotaResetFromHeaders(headers)).toBe(720_000);
    expect(quotaResetFromHeaders(new Headers())).toBeUndefined();
    expect(latestReset(undefined, 3_000, 1_000)).toBe(3_000);
    expect(latestReset(undefined)).toBeUndefined();
  });

  it('says when, in UTC, and how long from now', () => {
    const now = Date.parse('2026-12-06T13:53:00Z');
    expect(quotaResetText(now, 12 * 60_000)).toBe('quota resets at 14:05 UTC (in 12 min)');
    expect(quotaResetText(now, 37_000)).toBe('quota resets at 13:53 UTC (in 37 s)');
    expect(quotaResetText(now, 5 * 3_600_000)).toBe('quota resets at 18:53 UTC (in 5 h)');
  });
});
