import type { ChangedFile } from './git-types.ts';

/** One file as the providers describe it: paths, status and the bare hunks (text from the first `@@`). */
export interface ProviderFileDiff {
  path: string;
  previousPath?: string;
  status: ChangedFile['status'];
  hunks: string;
  /** File modes, when the provider tells them (GitLab does, GitHub does not). */
  oldMode?: string;
  newMode?: string;
}

/**
 * The file as a `diff --git` section, the shape `git diff` prints, so the diff parser reads
 * provider changes and pasted diffs the same way. Mode lines are written only when known.
 */
export function toDiffSection(file: ProviderFileDiff): string {
  const oldPath = file.previousPath ?? file.path;
  const lines = [`diff --git a/${oldPath} b/${file.path}`];
  if (file.status === 'added' && file.newMode) lines.push(`new file mode ${file.newMode}`);
  if (file.status === 'removed' && file.oldMode) lines.push(`deleted file mode ${file.oldMode}`);
  if (file.status !== 'added' && file.status !== 'removed' && file.oldMode && file.newMode) {
    if (file.oldMode !== file.newMode) lines.push(`old mode ${file.oldMode}`, `new mode ${file.newMode}`);
  }
  if (file.status === 'renamed' && oldPath !== file.path)
    lines.push(`rename from ${oldPath}`, `rename to ${file.path}`);
  // Like git, a change without hunks (a pure rename or mode change) has no ---/+++ lines.
  if (file.hunks.trim() !== '') {
    lines.push(file.status === 'added' ? '--- /dev/null' : `--- a/${oldPath}`);
    lines.push(file.status === 'removed' ? '+++ /dev/null' : `+++ b/${file.path}`);
    lines.push(file.hunks.endsWith('\n') ? file.hunks.slice(0, -1) : file.hunks);
  }
  return `${lines.join('\n')}\n`;
}
