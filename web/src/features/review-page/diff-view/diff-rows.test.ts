import { describe, expect, it } from 'vitest';
import type { FileCoverage, SummaryComment } from '@reviewtrace/contracts';
import { parseDiff } from './diff-parse.ts';
import { diffRows, type DiffRow } from './diff-rows.ts';

const DIFF = `diff --git a/src/cart.ts b/src/cart.ts
index 3b18e51..a9c2f1e 100644
--- a/src/cart.ts
+++ b/src/cart.ts
@@ -1,3 +1,4 @@ export function total() {
 export function total(items: Item[]) {
-  return items.reduce((sum, i) => sum + i.price, 0);
+  let sum = 0;
+  for (const item of items) sum += item.price * item.qty;
 }
--- a/notes.md
+++ b/notes.md
@@ -10,2 +10,2 @@
--- not a header: a removed line
+--- an added line
diff --git a/package-lock.json b/package-lock.json
--- a/package-lock.json
+++ b/package-lock.json
@@ -1 +1 @@
-"1.0.0"
+"1.0.1"
`;

const comment = (filePath: string | null, lineNumber: number | null, content: string): SummaryComment => ({
  filePath,
  lineNumber,
  content,
  severity: 'warning',
  category: 'bug',
  suggestion: null,
});

const describeRow = (row: DiffRow) => {
  switch (row.kind) {
    case 'file':
      return `file ${row.path}${row.inDiff ? '' : ' (not in diff)'}`;
    case 'hunk':
      return `hunk ${row.header}${row.leftOut ? ' (left out)' : ''}`;
    case 'line':
      return `${row.line.kind} ${row.line.oldNo ?? '-'}/${row.line.newNo ?? '-'} ${row.line.text}`;
    case 'comments':
      return `comments${row.outside ? ' outside' : ''}: ${row.comments.map((c) => c.content).join(', ')}`;
    case 'not-read':
      return `not read: ${row.coverage.reason}`;
  }
};

describe('the Files view of a diff', () => {
  it('reads files, hunks and both sides’ line numbers, not taking a removed `--- x` line for a header', () => {
    const files = parseDiff(DIFF);
    expect(files.map((f) => f.path)).toEqual(['src/cart.ts', 'notes.md', 'package-lock.json']);
    expect(files[1]!.hunks[0]!.lines).toEqual([
      { kind: 'del', oldNo: 10, newNo: null, text: '-- not a header: a removed line' },
      { kind: 'add', oldNo: null, newNo: 10, text: '--- an added line' },
    ]);
  });

  it('puts each comment under the line it is about, and keeps those it cannot place', () => {
    const coverage: FileCoverage[] = [
      { path: 'src/cart.ts', status: 'reviewed', batchId: 'batch-1', additions: 2, deletions: 1 },
      { path: 'package-lock.json', status: 'skipped', reason: 'lockfile', additions: 1, deletions: 1 },
    ];
    const rows = diffRows(parseDiff(DIFF), coverage, [
      comment('src/cart.ts', 3, 'qty may be undefined'),
      comment('src/cart.ts', 3, 'name the accumulator'),
      comment('src/cart.ts', 40, 'outside the hunk'),
      comment('src/gone.ts', 1, 'file not in the diff'),
      comment(null, null, 'overall'),
    ]);
    expect(rows.map(describeRow)).toEqual([
      'file src/cart.ts',
      'comments outside: outside the hunk',
      'hunk @@ -1,3 +1,4 @@ export function total() {',
      'ctx 1/1 export function total(items: Item[]) {',
      'del 2/-   return items.reduce((sum, i) => sum + i.price, 0);',
      'add -/2   let sum = 0;',
      'add -/3   for (const item of items) sum += item.price * item.qty;',
      'comments: qty may be undefined, name the accumulator',
      'ctx 3/4 }',
      'file notes.md',
      'hunk @@ -10,2 +10,2 @@',
      'del 10/- -- not a header: a removed line',
      'add -/10 --- an added line',
      'file package-lock.json',
      'not read: lockfile',
      'file src/gone.ts (not in diff)',
      'comments outside: file not in the diff',
      'comments outside: overall',
    ]);
  });

  it('marks the hunks a clipped file left out', () => {
    const rows = diffRows(
      parseDiff(DIFF),
      [
        {
          path: 'notes.md',
          status: 'clipped',
          clippedHunks: ['@@ -10,2 +10,2 @@'],
          additions: 1,
          deletions: 1,
        },
      ],
      [],
    );
    expect(rows.filter((row) => row.kind === 'hunk').map(describeRow)).toEqual([
      'hunk @@ -1,3 +1,4 @@ export function total() {',
      'hunk @@ -10,2 +10,2 @@ (left out)',
      'hunk @@ -1 +1 @@',
    ]);
  });
});
