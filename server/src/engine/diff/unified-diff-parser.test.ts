import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from './unified-diff-parser.ts';

const gitDiff = `diff --git a/src/cart.ts b/src/cart.ts
index 3b18e51..a9c0f2d 100644
--- a/src/cart.ts
+++ b/src/cart.ts
@@ -10,5 +10,6 @@ export function total(cart: Cart) {
   const items = cart.items;
-  return items.reduce((sum, item) => sum + item.price, 0);
+  if (items.length === 0) return 0;
+  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
 }
 
 export function isEmpty(cart: Cart) {
@@ -40,3 +41,3 @@ export function clear(cart: Cart) {
 // removed lines that look like headers stay hunk lines:
--- a/legacy
+++ b/modern
diff --git a/src/new file.ts b/src/new file.ts
new file mode 100644
index 0000000..e69de29
--- /dev/null
+++ b/src/new file.ts
@@ -0,0 +1,2 @@
+export const created = true;
+export default created;
\\ No newline at end of file
diff --git a/src/gone.ts b/src/gone.ts
deleted file mode 100644
index 1111111..0000000
--- a/src/gone.ts
+++ /dev/null
@@ -1 +0,0 @@
-export const gone = 1;
diff --git a/src/old-name.ts b/src/new-name.ts
similarity index 90%
rename from src/old-name.ts
rename to src/new-name.ts
index 2222222..3333333 100644
--- a/src/old-name.ts
+++ b/src/new-name.ts
@@ -1 +1 @@
-export const name = 'old';
+export const name = 'new';
diff --git a/docs/a.md b/docs/b.md
similarity index 100%
rename from docs/a.md
rename to docs/b.md
diff --git a/assets/logo.png b/assets/logo.png
index 4444444..5555555 100644
Binary files a/assets/logo.png and b/assets/logo.png differ
diff --git a/assets/icon.png b/assets/icon.png
new file mode 100644
index 0000000..6666666
GIT binary patch
literal 12
TcmZ?wbhEHbRA5kG0096Z00IC2

literal 0
HcmV?d00001

diff --git a/bin/run b/bin/run
old mode 100644
new mode 100755
diff --git "a/docs/caf\\303\\251.md" "b/docs/caf\\303\\251.md"
index 7777777..8888888 100644
--- "a/docs/caf\\303\\251.md"
+++ "b/docs/caf\\303\\251.md"
@@ -1 +1 @@
-Cafe
+Café
`;

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(gitDiff);

  it('reads every file of a git diff in order, with its status and paths', () => {
    expect(files.map((file) => [file.path, file.status, file.previousPath, file.binary])).toEqual([
      ['src/cart.ts', 'modified', undefined, false],
      ['src/new file.ts', 'added', undefined, false],
      ['src/gone.ts', 'removed', undefined, false],
      ['src/new-name.ts', 'renamed', 'src/old-name.ts', false],
      ['docs/b.md', 'renamed', 'docs/a.md', false],
      ['assets/logo.png', 'modified', undefined, true],
      ['assets/icon.png', 'added', undefined, true],
      ['bin/run', 'modified', undefined, false],
      ['docs/café.md', 'modified', undefined, false],
    ]);
  });

  it('reads hunks by their line counts, keeping lines that look like file headers', () => {
    const cart = files[0]!;
    expect(cart.headerLines).toEqual([
      'diff --git a/src/cart.ts b/src/cart.ts',
      'index 3b18e51..a9c0f2d 100644',
      '--- a/src/cart.ts',
      '+++ b/src/cart.ts',
    ]);
    expect(
      cart.hunks.map(({ oldStart, oldLines, newStart, newLines }) => [oldStart, oldLines, newStart, newLines]),
    ).toEqual([
      [10, 5, 10, 6],
      [40, 3, 41, 3],
    ]);
    expect(cart.hunks[0]!.header).toBe('@@ -10,5 +10,6 @@ export function total(cart: Cart) {');
    expect(cart.hunks[0]!.lines).toHaveLength(7);
    expect(cart.hunks[1]!.lines).toEqual([
      ' // removed lines that look like headers stay hunk lines:',
      '--- a/legacy',
      '+++ b/modern',
    ]);
  });

  it('keeps "\\ No newline at end of file" and files without hunks', () => {
    expect(files[1]!.hunks[0]!.lines.at(-1)).toBe('\\ No newline at end of file');
    expect(files[4]!.hunks).toEqual([]);
    expect(files[7]!.headerLines).toEqual(['diff --git a/bin/run b/bin/run', 'old mode 100644', 'new mode 100755']);
  });

  it('accepts a pasted diff: prose around it, CRLF, context lines without their space', () => {
    const pasted = [
      'Here is the change we discussed:',
      '',
      '--- a/app.py\t2026-01-01 10:00:00.000000000 +0100',
      '+++ b/app.py\t2026-01-02 11:00:00.000000000 +0100',
      '@@ -1,4 +1,4 @@',
      ' import os',
      '',
      '-DEBUG = True',
      '+DEBUG = False',
      ' PORT = 8000',
      '--- lib.py',
      '+++ lib.py',
      '@@ -3 +3 @@',
      '-x = 1',
      '+x = 2',
      '',
      'Thanks!',
    ].join('\r\n');
    const parsed = parseUnifiedDiff(pasted);
    expect(parsed.map((file) => [file.path, file.status])).toEqual([
      ['app.py', 'modified'],
      ['lib.py', 'modified'],
    ]);
    expect(parsed[0]!.hunks[0]!.lines).toEqual([' import os', ' ', '-DEBUG = True', '+DEBUG = False', ' PORT = 8000']);
    expect(parsed[1]!.hunks[0]!.lines).toEqual(['-x = 1', '+x = 2']);
  });

  it('reads git show output (commit header first) and keeps a hunk cut short', () => {
    const show = [
      'commit 9d815b8d647db0fb1d2a73d6376b8b48d4660824',
      'Author: Jane Doe <jane@example.com>',
      '',
      '    Fix the total',
      '',
      'diff --git a/a.ts b/a.ts',
      '--- a/a.ts',
      '+++ b/a.ts',
      '@@ -1,5 +1,5 @@',
      ' one',
      '-two',
    ].join('\n');
    const [file] = parseUnifiedDiff(show);
    expect(file).toMatchObject({ path: 'a.ts', status: 'modified' });
    expect(file!.hunks[0]!.lines).toEqual([' one', '-two']);
  });

  it('returns no files for text without a diff', () => {
    expect(parseUnifiedDiff('just some words\n@@ not a hunk @@\n')).toEqual([]);
  });
});
