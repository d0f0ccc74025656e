import { describe, expect, it } from 'vitest';
import { toDiffSection } from '../../connectors/git/file-patch.ts';
import type { ChangedFile } from '../../connectors/git/git-types.ts';
import { commentableLines } from './commentable-lines.ts';

const modified = (path: string, hunks: string): ChangedFile => ({
  path,
  status: 'modified',
  patch: toDiffSection({ path, status: 'modified', hunks }),
  binary: false,
});

describe('commentableLines', () => {
  it('maps added and context lines of every hunk to their new-side numbers, with the old side of context', () => {
    const lines = commentableLines([
      modified(
        'src/a.ts',
        [
          '@@ -10,4 +10,5 @@ function a() {',
          ' const x = 1;',
          '-const y = 2;',
          '+const y = 3;',
          '+const z = 4;',
          ' return x;',
          ' }',
          '@@ -40,2 +41,2 @@',
          '-old();',
          '+fresh();',
          ' end();',
          '',
        ].join('\n'),
      ),
    ]);
    const a = lines.get('src/a.ts')!.lines;
    expect([...a.keys()]).toEqual([10, 11, 12, 13, 14, 41, 42]);
    expect(a.get(10)).toEqual({ kind: 'context', oldLine: 10, hunk: 0 });
    expect(a.get(11)).toEqual({ kind: 'added', hunk: 0 });
    expect(a.get(13)).toEqual({ kind: 'context', oldLine: 12, hunk: 0 });
    expect(a.get(42)).toEqual({ kind: 'context', oldLine: 41, hunk: 1 });
    // Between the hunks (15–40) the diff shows nothing.
    expect(a.has(20)).toBe(false);
  });

  it('has no lines for binary, removed and too-large files', () => {
    const lines = commentableLines([
      { path: 'logo.png', status: 'modified', patch: '', binary: true },
      { path: 'big.json', status: 'modified', patch: '', binary: false, patchTooLarge: true },
      {
        path: 'gone.ts',
        status: 'removed',
        patch: toDiffSection({ path: 'gone.ts', status: 'removed', hunks: '@@ -1 +0,0 @@\n-x\n' }),
        binary: false,
      },
    ]);
    expect(lines.size).toBe(0);
  });

  it('keys a renamed file by its new path', () => {
    const renamed: ChangedFile = {
      path: 'src/new.ts',
      previousPath: 'src/old.ts',
      status: 'renamed',
      patch: toDiffSection({
        path: 'src/new.ts',
        previousPath: 'src/old.ts',
        status: 'renamed',
        hunks: '@@ -1 +1 @@\n-a\n+b\n',
      }),
      binary: false,
    };
    const file = commentableLines([renamed]).get('src/new.ts');
    expect(file?.previousPath).toBe('src/old.ts');
    expect(file?.lines.get(1)).toEqual({ kind: 'added', hunk: 0 });
  });
});
