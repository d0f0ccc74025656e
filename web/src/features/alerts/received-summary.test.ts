import { describe, expect, it } from 'vitest';
import { prettyBody, summarizeReceived } from './received-summary.ts';

const firing = JSON.stringify({
  type: 'alert.firing',
  data: {
    metric: 'fallback_rate',
    threshold: 0.8,
    observed: { value: 1, reviews: 3 },
    scope: { model: 'llama3.1:8b' },
  },
});

describe('what the demo receiver shows of a message', () => {
  it('says what fired, against which threshold, for which model and how many reviews', () => {
    expect(summarizeReceived('alert.firing', firing)).toBe(
      'Firing: Fallback rate 100% · threshold 80% · llama3.1:8b · 3 reviews',
    );
    expect(summarizeReceived('alert.resolved', firing.replace('alert.firing', 'alert.resolved'))).toMatch(
      /^Resolved: Fallback rate/,
    );
  });

  it('names a test message, and falls back to the type for anything it cannot read', () => {
    expect(summarizeReceived('webhook.test', '{}')).toBe('Test message from Settings → Alert endpoints');
    expect(summarizeReceived('alert.firing', 'not json')).toBe('alert.firing');
    expect(summarizeReceived('unknown', JSON.stringify({ data: { metric: 'made_up' } }))).toBe('unknown');
  });

  it('indents JSON and leaves anything else as it came', () => {
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody('plain')).toBe('plain');
  });
});
