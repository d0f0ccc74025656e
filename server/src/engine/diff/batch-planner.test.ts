import { describe, expect, it } from 'vitest';
import type { ChangedFile } from '../../connectors/git/git-types.ts';
import { planBatches, planBatchesFromChanges, planBatchesFromDiff } from './batch-planner.ts';
import { countTokens } from './token-count.ts';
import { parseUnifiedDiff } from './unified-diff-parser.ts';

/** A modified file with `hunkCount` hunks of `linesPerHunk` changed lines each. */
function fileDiff(path: string, hunkCount: number, linesPerHunk: number): string {
  const header = `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n`;
  const hunks = Array.from({ length: hunkCount }, (_, h) => {
    const start = 1 + h * 100;
    const lines = Array.from({ length: linesPerHunk }, (_, l) => `+  const value${h}_${l} = compute(${l}, "${path}");`);
    return `@@ -${start},1 +${start},${linesPerHunk + 1} @@ function block${h}() {\n ${'//'} context\n${lines.join('\n')}\n`;
  });
  return header + hunks.join('');
}

const diffOf = (...parts: string[]) => parts.join('');

describe('planBatches', () => {
  it('packs small files together in input order with ids batch-1…N', () => {
    const diff = diffOf(...Array.from({ length: 12 }, (_, i) => fileDiff(`src/file-${i}.ts`, 1, 20)));
    const plan = planBatchesFromDiff(diff, { maxTokensPerBatch: 1500 });
    expect(plan.batches.length).toBeGreaterThan(1);
    expect(plan.batches.map((batch) => batch.batchId)).toEqual(plan.batches.map((_, i) => `batch-${i + 1}`));
    expect(plan.batches.flatMap((batch) => batch.files)).toEqual(
      Array.from({ length: 12 }, (_, i) => `src/file-${i}.ts`),
    );
    expect(plan.reviewedFileCount).toBe(12);
    for (const batch of plan.batches) {
      expect(batch.fileCount).toBe(batch.files.length);
      expect(batch.tokenEstimate).toBe(countTokens(batch.diff));
      expect(batch.tokenEstimate).toBeLessThanOrEqual(1500);
    }
    // Nothing lost or reordered: the batches together are the original diff.
    expect(plan.batches.map((batch) => batch.diff).join('')).toBe(diff);
    expect(plan.totalTokens).toBe(plan.batches.reduce((sum, batch) => sum + batch.tokenEstimate, 0));
  });

  it('splits a file bigger than the budget by hunks, each piece keeping the file header', () => {
    const plan = planBatchesFromDiff(fileDiff('src/big.ts', 6, 40), { maxTokensPerBatch: 1200 });
    expect(plan.batches.length).toBeGreaterThan(1);
    const parsedPieces = plan.batches.flatMap((batch) => parseUnifiedDiff(batch.diff));
    expect(parsedPieces.every((piece) => piece.path === 'src/big.ts' && piece.headerLines.length === 4)).toBe(true);
    expect(parsedPieces.flatMap((piece) => piece.hunks.map((hunk) => hunk.oldStart))).toEqual([
      1, 101, 201, 301, 401, 501,
    ]);
    for (const batch of plan.batches) expect(countTokens(batch.diff)).toBeLessThanOrEqual(1200);
  });

  it('splits a hunk bigger than the budget by lines, with headers for each part’s own lines', () => {
    const plan = planBatchesFromDiff(fileDiff('src/huge.ts', 1, 400), { maxTokensPerBatch: 800 });
    expect(plan.batches.length).toBeGreaterThan(3);
    const hunks = plan.batches.flatMap((batch) => parseUnifiedDiff(batch.diff).flatMap((file) => file.hunks));
    let nextNew = 1;
    for (const hunk of hunks) {
      expect(hunk.newStart).toBe(nextNew);
      expect(hunk.header).toMatch(/@@ function block0\(\) \{$/);
      const added = hunk.lines.filter((line) => !line.startsWith('-')).length;
      expect(hunk.newLines).toBe(added);
      nextNew += added;
    }
    expect(nextNew).toBe(402);
    expect(hunks.flatMap((hunk) => hunk.lines)).toEqual(
      parseUnifiedDiff(fileDiff('src/huge.ts', 1, 400))[0]!.hunks[0]!.lines,
    );
    for (const batch of plan.batches) expect(countTokens(batch.diff)).toBeLessThanOrEqual(800);
  });

  it('truncates a single line bigger than the budget as a last resort', () => {
    // Long enough to exceed the budget, short enough not to be skipped as minified.
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const diff = `--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n-old\n+${words}\n`;
    expect(countTokens(words)).toBeGreaterThan(300);
    const plan = planBatchesFromDiff(diff, { maxTokensPerBatch: 300 });
    const lines = plan.batches.flatMap((batch) => parseUnifiedDiff(batch.diff)[0]!.hunks.flatMap((hunk) => hunk.lines));
    expect(lines[0]).toBe('-old');
    expect(lines[1]).toMatch(/^\+word0 word1 .* \[…line truncated to fit the batch\]$/);
    for (const batch of plan.batches) expect(countTokens(batch.diff)).toBeLessThanOrEqual(300);
  });

  it('leaves out binary, lock and generated files with reasons, and batches the rest', () => {
    const diff = [
      fileDiff('src/app.ts', 1, 3),
      'diff --git a/package-lock.json b/package-lock.json\n--- a/package-lock.json\n+++ b/package-lock.json\n@@ -1 +1 @@\n-a\n+b\n',
      'diff --git a/logo.png b/logo.png\nBinary files a/logo.png and b/logo.png differ\n',
      fileDiff('dist/app.js', 1, 3),
      fileDiff('src/util.ts', 1, 3),
    ].join('');
    const plan = planBatchesFromDiff(diff, { maxTokensPerBatch: 6000 });
    expect(plan.skipped.map((skip) => [skip.path, skip.reason])).toEqual([
      ['package-lock.json', 'lock_file'],
      ['logo.png', 'binary'],
      ['dist/app.js', 'build_output'],
    ]);
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]).toMatchObject({ batchId: 'batch-1', files: ['src/app.ts', 'src/util.ts'], fileCount: 2 });
  });

  it('batches provider files (ChangedFile[]) the same way', () => {
    const files: ChangedFile[] = [
      { path: 'src/a.ts', status: 'modified', binary: false, patch: fileDiff('src/a.ts', 1, 2) },
      { path: 'img/b.png', status: 'added', binary: true, patch: '' },
      { path: 'huge.json', status: 'modified', binary: false, patch: '', patchTooLarge: true },
      {
        path: 'src/c.ts',
        previousPath: 'src/old-c.ts',
        status: 'renamed',
        binary: false,
        patch: 'diff --git a/src/old-c.ts b/src/c.ts\nrename from src/old-c.ts\nrename to src/c.ts\n',
      },
    ];
    const plan = planBatchesFromChanges(files, { maxTokensPerBatch: 6000 });
    expect(plan.batches.map((batch) => batch.files)).toEqual([['src/a.ts']]);
    expect(plan.skipped.map((skip) => skip.reason)).toEqual(['binary', 'too_large', 'no_changes']);
  });

  it('returns no batches for an empty diff and rejects a budget too small to hold a header', () => {
    expect(planBatches([], { maxTokensPerBatch: 6000 })).toEqual({
      batches: [],
      skipped: [],
      coverage: [],
      reviewedFileCount: 0,
      totalTokens: 0,
    });
    expect(() => planBatches([], { maxTokensPerBatch: 10 })).toThrow(RangeError);
  });
});
