import { describe, expect, it } from 'vitest';
import { formatEvaluationPeriod, formatWindow } from './alert-words.ts';

describe('alert wording', () => {
  it('says the evaluation period as people say it', () => {
    expect(formatEvaluationPeriod(60_000)).toBe('minute');
    expect(formatEvaluationPeriod(3_600_000)).toBe('hour');
    expect(formatEvaluationPeriod(300_000)).toBe('5 min');
    expect(formatEvaluationPeriod(30_000)).toBe('30 s');
    expect(formatEvaluationPeriod(1_500)).toBe('2 s');
  });

  it('says a window in its largest whole unit', () => {
    expect(formatWindow(15)).toBe('15 min');
    expect(formatWindow(120)).toBe('2 h');
    expect(formatWindow(1440)).toBe('1 day');
    expect(formatWindow(4320)).toBe('3 days');
  });
});
