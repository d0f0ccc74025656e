import { jsonrepair } from 'jsonrepair';
import { describe, expect, it } from 'vitest';
import { garbageAnswer, reviewFor, truncatedReviewJson, type SimulatedReview } from './review-answer.ts';

const prompt = [
  'Please review:',
  'diff --git a/api/orders.ts b/api/orders.ts',
  '--- a/api/orders.ts',
  '+++ b/api/orders.ts',
  '@@ -20,4 +20,5 @@ export function list() {',
  '   const rows = await db.select();',
  '-  return rows;',
  '+  for (const row of rows) await enrich(row);',
  '+  console.log(rows.length);',
  '   return rows;',
  'diff --git a/web/app.tsx b/web/app.tsx',
  'index 111..222 100644',
  '--- a/web/app.tsx',
  '+++ b/web/app.tsx',
  '@@ -1,1 +1,2 @@',
  ' export function App() {',
  "+  const secret = 'abc';",
].join('\n');

describe('the simulated review', () => {
  it('comments on added lines of the files in the diff', () => {
    const review = reviewFor(prompt);
    expect(review.fileSummaries.map((f) => f.filePath)).toEqual(['api/orders.ts', 'web/app.tsx']);
    const places = review.comments.map((c) => `${c.filePath}:${c.lineNumber}`);
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) expect(['api/orders.ts:21', 'api/orders.ts:22', 'web/app.tsx:2']).toContain(place);
    expect(review.comments.find((c) => c.filePath === 'web/app.tsx')).toMatchObject({
      severity: 'critical',
      category: 'security',
    });
    expect(review.summary).toContain('demo');
  });

  it('is the same for the same prompt', () => {
    expect(reviewFor(prompt)).toEqual(reviewFor(prompt));
  });

  it('says there is nothing to review when the prompt has no diff', () => {
    expect(reviewFor('hello')).toMatchObject({ fileSummaries: [], comments: [] });
  });

  it('can be cut off inside the last comment, and jsonrepair mends it', () => {
    const truncated = truncatedReviewJson(prompt);
    expect(() => JSON.parse(truncated)).toThrow();
    const repaired = JSON.parse(jsonrepair(truncated)) as SimulatedReview;
    const full = reviewFor(prompt);
    expect(repaired.comments).toHaveLength(full.comments.length);
    const last = repaired.comments.at(-1)!;
    expect(full.comments.at(-1)!.content.startsWith(last.content)).toBe(true);
    expect(last.content.length).toBeLessThan(full.comments.at(-1)!.content.length);
  });

  it('has a garbage variant without any JSON', () => {
    const answer = garbageAnswer(prompt);
    expect(answer).not.toMatch(/[{}[\]]/);
    expect(answer).toContain('api/orders.ts');
  });
});
