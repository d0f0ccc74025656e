import type { FakeGitHubFile } from './fake-github.ts';
import type { FakeGitLabDiff } from './fake-gitlab.ts';

/** A small text change to serve from the fakes: one hunk replacing a line. */
export interface FakeTextChange {
  path: string;
  hunks: string;
}

/** `count` distinct files (src/module-001.ts …), each with its own one-hunk diff. */
export function numberedChanges(count: number): FakeTextChange[] {
  return Array.from({ length: count }, (_, index) => {
    const n = String(index + 1).padStart(3, '0');
    return {
      path: `src/module-${n}.ts`,
      hunks: [
        `@@ -1,3 +1,3 @@ export const module${n} = {`,
        ` export const id = '${n}';`,
        `-export const limit = 10;`,
        `+export const limit = ${index + 11};`,
        ` export default id;`,
        '',
      ].join('\n'),
    };
  });
}

export function asGitHubFile(change: FakeTextChange): FakeGitHubFile {
  // GitHub's `patch` has no final newline.
  const patch = change.hunks.replace(/\n$/, '');
  return { filename: change.path, status: 'modified', additions: 1, deletions: 1, changes: 2, patch };
}

export function asGitLabDiff(change: FakeTextChange): FakeGitLabDiff {
  return {
    old_path: change.path,
    new_path: change.path,
    a_mode: '100644',
    b_mode: '100644',
    new_file: false,
    renamed_file: false,
    deleted_file: false,
    diff: change.hunks,
  };
}
