import { describe, expect, it } from 'vitest';
import { lineMatcher, overlaps, searchPrefilter } from './log-search.ts';

describe('log search', () => {
  it('sees a needle reaching into template text from either side, or around it', () => {
    expect(overlaps('timeout', ' (')).toBe(false);
    expect(overlaps('fetched 3 files', ' (')).toBe(false);
    expect(overlaps('files (', ' (')).toBe(true);
    expect(overlaps('(stream', ' (')).toBe(true);
    expect(overlaps('files ', ' (')).toBe(true);
    expect(overlaps('all', 'model call ')).toBe(true);
    expect(overlaps('x streaming y', 'streaming')).toBe(true);
    expect(overlaps('qwen2.5-coder', 'model call ')).toBe(false);
  });

  it('prefilters only the types whose template text the needle cannot reach', () => {
    expect(searchPrefilter('qwen')?.verbatimTypes.map((t) => t.type)).toEqual(['log', 'model_call']);
    expect(searchPrefilter('Model call')?.verbatimTypes.map((t) => t.type)).toEqual(['log']);
    expect(searchPrefilter('x (y')?.verbatimTypes).toBeUndefined();
    // "INFO" is shown on lines that store no level at all.
    expect(searchPrefilter('NF')).toBeUndefined();
  });

  it('escapes LIKE wildcards and leaves non-ASCII letters to JavaScript', () => {
    expect(searchPrefilter('1%_"\\Äb')!.pattern).toBe('%1\\%\\_"\\\\_b%');
  });

  it('matches the message, the batch id or the level a reader sees, case-insensitively', () => {
    const matches = lineMatcher('BATCH 2 FAILED');
    const batch = { seq: 1, type: 'batch', time: '', level: null, batchId: 'batch-2', data: { status: 'failed' } };
    expect(matches(batch)).toBe(true);
    expect(lineMatcher('error')(batch)).toBe(true);
    expect(lineMatcher('ch-2')(batch)).toBe(true);
    expect(lineMatcher('success')({ ...batch, type: 'log', level: 'success', data: { message: 'ok' } })).toBe(false);
  });
});
