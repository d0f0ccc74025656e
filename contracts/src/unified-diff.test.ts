import { describe, expect, it } from 'vitest';
import { CreateReviewSchema } from './reviews.ts';
import { looksLikeUnifiedDiff, notAUnifiedDiffMessage } from './unified-diff.ts';

describe('looksLikeUnifiedDiff', () => {
  it('accepts git diffs, plain diff -u output, CRLF pastes and diffs after a commit message', () => {
    expect(looksLikeUnifiedDiff('diff --git a/x b/x\nindex 1..2\n')).toBe(true);
    expect(looksLikeUnifiedDiff('--- x.ts\n+++ x.ts\n@@ -1 +1 @@\n-a\n+b\n')).toBe(true);
    expect(looksLikeUnifiedDiff('--- a/x.ts\r\n+++ b/x.ts\r\n')).toBe(true);
    expect(looksLikeUnifiedDiff('Fix totals\n\nSigned-off-by: A\n---\ndiff --git a/x b/x\n')).toBe(true);
  });

  it('refuses text without a file header the engine could start from', () => {
    expect(looksLikeUnifiedDiff('please review my code')).toBe(false);
    expect(looksLikeUnifiedDiff('@@ -1 +1 @@\n-a\n+b\n')).toBe(false);
    expect(looksLikeUnifiedDiff('--- a/x\ncontext\n+++ b/x\n')).toBe(false);
    expect(looksLikeUnifiedDiff(' diff --git a/x b/x\n')).toBe(false);
  });

  it('is what CreateReviewSchema checks a pasted diff with, under diff', () => {
    const result = CreateReviewSchema.safeParse({ diff: 'hello', connectorId: 1 });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['diff'], message: notAUnifiedDiffMessage }),
    ]);
    expect(CreateReviewSchema.safeParse({ diff: 'diff --git a/x b/x\n', connectorId: 1 }).success).toBe(true);
  });
});
