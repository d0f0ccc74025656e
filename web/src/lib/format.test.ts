import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatOffset, formatRelative, timeZoneLabel } from './format.ts';

describe('human formats', () => {
  it('durations read like a person would say them', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(340)).toBe('340 ms');
    expect(formatDuration(4_250)).toBe('4.3 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(62_000)).toBe('1m 02s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
  });

  it('log offsets count from the review start and never go negative', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    expect(formatOffset('2026-01-01T00:00:42.900Z', start)).toBe('+00:42');
    expect(formatOffset('2026-01-01T01:02:03Z', start)).toBe('+1:02:03');
    expect(formatOffset('2025-12-31T23:59:59Z', start)).toBe('+00:00');
  });

  it('relative times and sizes', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatRelative('2026-01-01T11:59:58Z', now)).toBe('just now');
    expect(formatRelative(null, now)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(340 * 1024)).toBe('340 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});

describe('the time zone the log shows absolute times in', () => {
  it('says plain "UTC" for UTC, not "UTC (GMT+0)"', () => {
    expect(timeZoneLabel('UTC')).toBe('UTC');
    expect(timeZoneLabel('Etc/UTC')).toBe('UTC');
  });

  it('gives other zones their offset at that moment', () => {
    expect(timeZoneLabel('Europe/Berlin', new Date('2026-01-15T12:00:00Z'))).toBe('Europe/Berlin (GMT+1)');
    expect(timeZoneLabel('Europe/Berlin', new Date('2026-07-15T12:00:00Z'))).toBe('Europe/Berlin (GMT+2)');
  });
});
