import type { ChangedFile } from '../../connectors/git/git-types.ts';
import type { DiffFile } from './diff-types.ts';
import { parseUnifiedDiff } from './unified-diff-parser.ts';

/**
 * Provider files as parsed diff files. The provider's path and status are authoritative; the
 * patch (a `diff --git` section) supplies header lines and hunks.
 */
export function diffFilesFromChanges(files: readonly ChangedFile[]): DiffFile[] {
  return files.map((file) => {
    const parsed = file.binary || file.patch === '' ? undefined : parseUnifiedDiff(file.patch)[0];
    return {
      path: file.path,
      previousPath: file.previousPath,
      status: file.status,
      binary: file.binary || (parsed?.binary ?? false),
      patchTooLarge: file.patchTooLarge ?? false,
      ...(file.lineCounts ? { lineCounts: file.lineCounts } : {}),
      headerLines: parsed?.headerLines ?? [`diff --git a/${file.previousPath ?? file.path} b/${file.path}`],
      hunks: parsed?.hunks ?? [],
    };
  });
}
