import { describe, expect, it } from 'vitest';
import { parseModelOutput } from './model-output.ts';
import { maxRawExcerptLength, rawExcerpt } from './raw-excerpt.ts';

const review = {
  summary: 'Adds **idempotency keys** to webhooks.',
  fileSummaries: [{ filePath: 'src/webhooks.ts', summary: 'Stores keys before processing.' }],
  comments: [
    {
      filePath: 'src/webhooks.ts',
      lineNumber: 42,
      severity: 'critical',
      category: 'correctness',
      content: 'The key is stored after the side effect; a retry runs it twice.',
      suggestion: 'Insert the key first, inside the same transaction.',
    },
    {
      filePath: 'src/webhooks.ts',
      lineNumber: 57,
      severity: 'info',
      category: 'style',
      content: 'Name the magic 3600.',
      suggestion: null,
    },
  ],
};
const json = JSON.stringify(review, null, 2);

describe('parseModelOutput', () => {
  it('reads a ```json fenced block', () => {
    const parsed = parseModelOutput(`Here is my review.\n\n\`\`\`json\n${json}\n\`\`\`\n`);
    expect(parsed).toEqual({
      outcome: 'ok',
      strategy: 'fenced_block',
      result: review,
      droppedComments: 0,
      why: undefined,
    });
  });

  it('reads bare JSON, and JSON with prose around it', () => {
    expect(parseModelOutput(json)).toMatchObject({ outcome: 'ok', strategy: 'whole_text', result: review });
    const wrapped = parseModelOutput(`Sure! {curly} words first.\n${json}\nLet me know if you need more.`);
    expect(wrapped).toMatchObject({ outcome: 'ok', strategy: 'outer_object', result: review });
  });

  it('repairs malformed JSON (trailing commas, single quotes, comments)', () => {
    const sloppy = `{'summary': 'Looks fine', // overall\n 'comments': [{'filePath': 'a.ts', 'lineNumber': '7', 'content': 'Typo',},],}`;
    const parsed = parseModelOutput(sloppy);
    expect(parsed).toMatchObject({
      outcome: 'repaired',
      strategy: 'whole_text+jsonrepair',
      why: 'Repaired malformed JSON',
      droppedComments: 0,
    });
    expect(parsed.result?.comments).toEqual([
      { filePath: 'a.ts', lineNumber: 7, severity: 'info', category: null, content: 'Typo', suggestion: null },
    ]);
    expect(parsed.rawExcerpt).toBe(sloppy);
  });

  it('recovers a reply cut off mid-comment, keeping the complete comments', () => {
    const cut = json.slice(0, json.indexOf('Name the magic'));
    const parsed = parseModelOutput(`\`\`\`json\n${cut}`);
    expect(parsed.outcome).toBe('repaired');
    expect(parsed.strategy).toBe('fenced_block+jsonrepair_cut');
    expect(parsed.result?.summary).toBe(review.summary);
    expect(parsed.result?.fileSummaries).toEqual(review.fileSummaries);
    expect(parsed.result?.comments).toEqual([review.comments[0]]);
    expect(parsed.droppedComments).toBe(1);
    expect(parsed.why).toBe(
      'Output was cut off; closed the JSON after the last complete value. Dropped 1 comment cut off mid-way',
    );
  });

  it('keeps a summary cut off before any comment', () => {
    const parsed = parseModelOutput('{"summary": "The change adds retries to the S3 upl');
    expect(parsed).toMatchObject({ outcome: 'repaired', strategy: 'whole_text+jsonrepair' });
    expect(parsed.result).toEqual({
      summary: 'The change adds retries to the S3 upl',
      fileSummaries: [],
      comments: [],
    });
  });

  it('drops invalid comments one by one, coercing what it can', () => {
    const comments = [
      { filePath: 'a.ts', lineNumber: '12', severity: 'High', content: 'Coerced' },
      { file: 'b.ts', line: 'L3-L9', message: 'Aliased keys', severity: 'warn' },
      { filePath: 'c.ts', content: 'File-level comment' },
      { filePath: 'd.ts', lineNumber: 'twelve', content: 'Bad line number' },
      { filePath: 'e.ts', lineNumber: 5 },
      { lineNumber: 5, content: 'No file' },
      { filePath: 'f.ts', lineNumber: 5, severity: 'apocalyptic', content: 'Unknown severity' },
      'just a string',
    ];
    const parsed = parseModelOutput(JSON.stringify({ summary: 'S', comments }));
    expect(parsed.outcome).toBe('ok');
    expect(parsed.droppedComments).toBe(5);
    expect(parsed.why).toBe('Dropped 5 invalid comments');
    expect(parsed.result?.comments).toEqual([
      { filePath: 'a.ts', lineNumber: 12, severity: 'critical', category: null, content: 'Coerced', suggestion: null },
      {
        filePath: 'b.ts',
        lineNumber: 3,
        endLine: 9,
        severity: 'warning',
        category: null,
        content: 'Aliased keys',
        suggestion: null,
      },
      {
        filePath: 'c.ts',
        lineNumber: null,
        severity: 'info',
        category: null,
        content: 'File-level comment',
        suggestion: null,
      },
    ]);
  });

  it('looks past an object in the prose that is not the review', () => {
    const raw = `Config used: {"temperature": 0.2}\n\nReview:\n${json}`;
    expect(parseModelOutput(raw)).toMatchObject({ outcome: 'ok', strategy: 'outer_object', result: review });
  });

  it('accepts missing optional fields and a bare array of comments', () => {
    expect(parseModelOutput('{"comments": []}')).toMatchObject({
      outcome: 'ok',
      result: { summary: '', fileSummaries: [], comments: [] },
    });
    const array = parseModelOutput('[{"filePath": "a.ts", "lineNumber": 1, "content": "Hi"}]');
    expect(array).toMatchObject({
      outcome: 'ok',
      result: { summary: '', comments: [{ filePath: 'a.ts', content: 'Hi' }] },
    });
  });

  it.each([
    ['', 'invalid_json', 'Empty model output'],
    ['I could not review this diff, sorry.', 'invalid_json', 'No JSON object found in the model output'],
    [
      '{"verdict": "approve"}',
      'invalid_json',
      'JSON did not match the review schema (no summary, fileSummaries or comments)',
    ],
    ['```json\n{"', 'truncated_json', 'Truncated JSON unrecoverable'],
    ['{"summary": "', 'truncated_json', 'Truncated JSON unrecoverable'],
  ])('fails on %j as %s', (raw, category, why) => {
    const parsed = parseModelOutput(raw);
    expect(parsed).toEqual({ outcome: 'failed', droppedComments: 0, why, category, rawExcerpt: raw });
  });

  it('gives a long failed output as a head…tail excerpt within 1500 characters', () => {
    const raw = `{"summary": "${'long text '.repeat(500)}`;
    const parsed = parseModelOutput(raw.replace('{"summary": "', 'no json here: '));
    expect(parsed.rawExcerpt!.length).toBeLessThanOrEqual(1500);
    expect(parsed.rawExcerpt!.startsWith('no json here: long text')).toBe(true);
    expect(parsed.rawExcerpt).toContain('\n…\n');
  });
});

describe('rawExcerpt', () => {
  it('returns short text whole and cuts long text to head…tail within the limit', () => {
    expect(rawExcerpt('short')).toBe('short');
    const long = `${'a'.repeat(1000)}${'b'.repeat(1000)}`;
    const excerpt = rawExcerpt(long);
    expect(excerpt).toHaveLength(maxRawExcerptLength);
    expect(excerpt.startsWith('a'.repeat(748))).toBe(true);
    expect(excerpt.endsWith('b'.repeat(748))).toBe(true);
  });

  it('never splits a surrogate pair at either cut', () => {
    for (let shift = 0; shift < 4; shift++) {
      const excerpt = rawExcerpt(`${'x'.repeat(shift)}${'😀'.repeat(1200)}`);
      expect(excerpt.length).toBeLessThanOrEqual(maxRawExcerptLength);
      expect(excerpt).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(excerpt.endsWith('😀')).toBe(true);
    }
  });
});
