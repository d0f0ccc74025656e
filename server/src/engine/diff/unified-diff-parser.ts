import type { DiffFile, DiffHunk } from './diff-types.ts';
import { cleanPath, gitHeaderPaths } from './git-paths.ts';

const hunkHeaderPattern = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const binaryFilesPattern = /^Binary files (.+) and (.+) differ$/;

/** Header lines git writes between `diff --git` and the first hunk. */
const extendedHeaderPrefixes = [
  'old mode ',
  'new mode ',
  'new file mode ',
  'deleted file mode ',
  'similarity index ',
  'dissimilarity index ',
  'rename from ',
  'rename to ',
  'copy from ',
  'copy to ',
  'index ',
  'GIT binary patch',
  'Binary files ',
];

/**
 * Parses `git diff`/`git show`/`git format-patch` output and plain `diff -u` output into files and
 * hunks. Text around the diff (a pasted commit message, an email signature) is ignored; CRLF line
 * ends and context lines whose leading space an editor stripped are accepted.
 */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // A final newline leaves an empty last element that is not a line of the diff.
  if (lines.at(-1) === '') lines.pop();
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  let sawPathLines = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      current = newFile(line);
      files.push(current);
      sawPathLines = false;
      i += 1;
    } else if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      // Names the paths of the `diff --git` file in its header, or starts a plain `diff -u` file.
      if (!current || sawPathLines || current.hunks.length > 0) {
        current = newFile(undefined);
        files.push(current);
      }
      applyPathLines(current, line, lines[i + 1]!);
      sawPathLines = true;
      i += 2;
    } else if (current && hunkHeaderPattern.test(line)) {
      i = readHunk(current, lines, i);
    } else if (current && current.hunks.length === 0 && !sawPathLines && isExtendedHeader(line)) {
      applyExtendedHeader(current, line);
      i += 1;
    } else {
      i += 1;
    }
  }
  return files.filter((file) => file.path !== '');
}

function newFile(gitLine: string | undefined): DiffFile {
  const { oldPath, newPath } = gitLine ? gitHeaderPaths(gitLine) : {};
  const path = newPath ?? oldPath ?? '';
  return {
    path,
    previousPath: oldPath !== undefined && oldPath !== path ? oldPath : undefined,
    status: oldPath !== undefined && oldPath !== path ? 'renamed' : 'modified',
    binary: false,
    patchTooLarge: false,
    headerLines: gitLine ? [gitLine] : [],
    hunks: [],
  };
}

function applyPathLines(file: DiffFile, minus: string, plus: string): void {
  file.headerLines.push(minus, plus);
  const oldPath = cleanPath(minus.slice(4), 'a/');
  const newPath = cleanPath(plus.slice(4), 'b/');
  setPaths(file, oldPath, newPath);
}

function setPaths(file: DiffFile, oldPath: string | undefined, newPath: string | undefined): void {
  if (oldPath === undefined && newPath !== undefined) {
    file.path = newPath;
    file.previousPath = undefined;
    file.status = 'added';
  } else if (newPath === undefined && oldPath !== undefined) {
    file.path = oldPath;
    file.previousPath = undefined;
    file.status = 'removed';
  } else if (oldPath !== undefined && newPath !== undefined) {
    file.path = newPath;
    if (oldPath !== newPath) {
      file.previousPath = oldPath;
      // A copy keeps its `added` status; anything else with two paths is a rename.
      if (file.status !== 'added') file.status = 'renamed';
    }
  }
}

function isExtendedHeader(line: string): boolean {
  return extendedHeaderPrefixes.some((prefix) => line.startsWith(prefix));
}

function applyExtendedHeader(file: DiffFile, line: string): void {
  file.headerLines.push(line);
  if (line.startsWith('new file mode ')) file.status = 'added';
  else if (line.startsWith('deleted file mode ')) file.status = 'removed';
  else if (line.startsWith('rename from ')) {
    file.previousPath = cleanPath(line.slice('rename from '.length), '');
    file.status = 'renamed';
  } else if (line.startsWith('rename to ')) file.path = cleanPath(line.slice('rename to '.length), '') ?? file.path;
  else if (line.startsWith('copy from ')) {
    file.previousPath = cleanPath(line.slice('copy from '.length), '');
    file.status = 'added';
  } else if (line.startsWith('copy to ')) file.path = cleanPath(line.slice('copy to '.length), '') ?? file.path;
  else if (line.startsWith('GIT binary patch')) file.binary = true;
  else if (line.startsWith('Binary files ')) {
    file.binary = true;
    const match = binaryFilesPattern.exec(line);
    if (match && file.path === '') setPaths(file, cleanPath(match[1]!, 'a/'), cleanPath(match[2]!, 'b/'));
  }
}

/**
 * Reads one hunk by its line counts, so a removed line that reads "--- x" stays a hunk line.
 * A hunk cut short (a truncated paste) keeps the lines it has.
 */
function readHunk(file: DiffFile, lines: string[], start: number): number {
  const match = hunkHeaderPattern.exec(lines[start]!)!;
  const hunk: DiffHunk = {
    header: lines[start]!,
    oldStart: Number(match[1]),
    oldLines: match[2] === undefined ? 1 : Number(match[2]),
    newStart: Number(match[3]),
    newLines: match[4] === undefined ? 1 : Number(match[4]),
    lines: [],
  };
  let oldLeft = hunk.oldLines;
  let newLeft = hunk.newLines;
  let i = start + 1;
  while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
    const line = lines[i]!;
    const kind = line === '' ? ' ' : line[0];
    if (kind === '\\') {
      hunk.lines.push(line);
    } else if (kind === ' ' && oldLeft > 0 && newLeft > 0) {
      hunk.lines.push(line === '' ? ' ' : line);
      oldLeft -= 1;
      newLeft -= 1;
    } else if (kind === '-' && oldLeft > 0) {
      hunk.lines.push(line);
      oldLeft -= 1;
    } else if (kind === '+' && newLeft > 0) {
      hunk.lines.push(line);
      newLeft -= 1;
    } else {
      break;
    }
    i += 1;
  }
  // "\ No newline at end of file" follows the hunk's last line.
  if (lines[i]?.startsWith('\\')) {
    hunk.lines.push(lines[i]!);
    i += 1;
  }
  file.hunks.push(hunk);
  return i;
}
