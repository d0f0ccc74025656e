import { describe, expect, it } from 'vitest';
import { toDiffSection } from '../../connectors/git/file-patch.ts';
import { commentableLines } from '../diff/commentable-lines.ts';
import type { ReviewComment } from '../pipeline-types.ts';
import { placeFindings } from './placement.ts';
import { summaryMarkdown } from './posting-markdown.ts';

const lines = commentableLines([
  {
    path: 'src/new.ts',
    previousPath: 'src/old.ts',
    status: 'renamed',
    binary: false,
    patch: toDiffSection({
      path: 'src/new.ts',
      previousPath: 'src/old.ts',
      status: 'renamed',
      hunks: '@@ -4,3 +4,3 @@\n keep();\n-before();\n+after();\n end();\n',
    }),
  },
]);
const finding = (filePath: string, lineNumber: number | null): ReviewComment => ({
  filePath,
  lineNumber,
  severity: 'warning',
  category: 'bug',
  content: `About ${filePath}:${lineNumber}`,
  suggestion: 'Fix it.',
});

describe('placeFindings', () => {
  it('puts findings on added and unchanged lines of the diff inline, with both sides of an unchanged one', () => {
    const { inline, moved } = placeFindings([finding('src/new.ts', 5), finding('src/new.ts', 4)], lines);
    expect(moved).toEqual([]);
    expect(inline.map((p) => p.comment)).toEqual([
      expect.objectContaining({ path: 'src/new.ts', previousPath: 'src/old.ts', line: 5 }),
      expect.objectContaining({ path: 'src/new.ts', line: 4, oldLine: 4 }),
    ]);
    expect(inline[0]!.comment).not.toHaveProperty('oldLine');
    expect(inline[0]!.comment.body).toContain('**warning · bug**');
  });

  it('moves findings without a line, outside the hunks, or in files without a diff, saying why', () => {
    const { inline, moved } = placeFindings(
      [finding('src/new.ts', null), finding('src/new.ts', 40), finding('README.md', 1)],
      lines,
    );
    expect(inline).toEqual([]);
    expect(moved.map((m) => m.reason)).toEqual([
      'no line given',
      'line 40 is not part of the diff',
      'the file has no diff to comment on',
    ]);
  });
});

describe('placeFindings with ranges', () => {
  const twoHunks = commentableLines([
    {
      path: 'src/app.ts',
      status: 'modified',
      binary: false,
      patch: toDiffSection({
        path: 'src/app.ts',
        status: 'modified',
        hunks: '@@ -1,2 +1,4 @@\n a();\n+b();\n+c();\n d();\n@@ -20,2 +21,2 @@\n x();\n-y();\n+z();\n',
      }),
    },
  ]);
  const ranged = (lineNumber: number, endLine: number): ReviewComment => ({
    ...finding('src/app.ts', lineNumber),
    endLine,
  });

  it('puts a range within one hunk on its last line, starting at its first', () => {
    const { inline } = placeFindings([ranged(2, 4)], twoHunks);
    expect(inline.map((p) => p.comment)).toEqual([
      expect.objectContaining({ path: 'src/app.ts', startLine: 2, line: 4, oldLine: 2 }),
    ]);
  });

  it('puts a range across hunks, or ending outside the diff, on its first line alone', () => {
    const { inline } = placeFindings([ranged(3, 22), ranged(2, 10)], twoHunks);
    expect(inline.map((p) => p.comment)).toEqual([
      expect.objectContaining({ line: 3 }),
      expect.objectContaining({ line: 2 }),
    ]);
    for (const placed of inline) expect(placed.comment).not.toHaveProperty('startLine');
  });
});

describe('summaryMarkdown', () => {
  it('lists the findings that are not on a line, by file, with the reason', () => {
    const text = summaryMarkdown({
      summary: 'Looks good.',
      inlineCount: 1,
      moved: [{ finding: finding('src/new.ts', 40), reason: 'line 40 is not part of the diff' }],
    });
    expect(text).toContain('Looks good.');
    expect(text).toContain('1 comment on the changed lines.');
    expect(text).toContain('#### Not on a line of the diff (1)');
    expect(text).toContain('- 🟠 L40 About src/new.ts:40 — _Fix it._ (line 40 is not part of the diff)');
  });
});
