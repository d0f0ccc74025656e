/** One line of a hunk as the Files tab shows it, with its numbers on each side. */
export interface DiffLine {
  kind: 'add' | 'del' | 'ctx' | 'note';
  oldNo: number | null;
  newNo: number | null;
  /** The line without its `+`/`-`/` ` prefix. */
  text: string;
}

export interface DiffHunkView {
  header: string;
  lines: DiffLine[];
}

export interface DiffFileView {
  path: string;
  hunks: DiffHunkView[];
}

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Reads a unified diff (git's, or `---`/`+++` pairs) into files and hunks. A hunk ends when its
 * counted lines are used up, so a removed line that reads `--- x` is not taken for a file header.
 */
export function parseDiff(text: string): DiffFileView[] {
  const files: DiffFileView[] = [];
  const lines = text.split('\n');
  let file: DiffFileView | undefined;
  let hunk: DiffHunkView | undefined;
  let oldNo = 0;
  let newNo = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.replace(/\r$/, '');
    const inHunk = hunk !== undefined && (oldLeft > 0 || newLeft > 0);
    if (inHunk) {
      const sign = line[0];
      if (sign === '+') {
        hunk!.lines.push({ kind: 'add', oldNo: null, newNo, text: line.slice(1) });
        newNo += 1;
        newLeft -= 1;
        continue;
      }
      if (sign === '-') {
        hunk!.lines.push({ kind: 'del', oldNo, newNo: null, text: line.slice(1) });
        oldNo += 1;
        oldLeft -= 1;
        continue;
      }
      if (sign === ' ' || line === '') {
        hunk!.lines.push({ kind: 'ctx', oldNo, newNo, text: line.slice(1) });
        oldNo += 1;
        newNo += 1;
        oldLeft -= 1;
        newLeft -= 1;
        continue;
      }
    }
    if (line.startsWith('\\') && hunk) {
      hunk.lines.push({ kind: 'note', oldNo: null, newNo: null, text: line });
      continue;
    }
    if (line.startsWith('diff --git ')) {
      file = { path: gitPath(line), hunks: [] };
      files.push(file);
      hunk = undefined;
      continue;
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      const oldPath = stripPrefix(line.slice(4));
      const newPath = stripPrefix(lines[i + 1]!.slice(4));
      const path = newPath === '/dev/null' ? oldPath : newPath;
      if (!file || file.hunks.length > 0) {
        file = { path, hunks: [] };
        files.push(file);
      } else file.path = path;
      hunk = undefined;
      i += 1;
      continue;
    }
    const match = hunkHeader.exec(line);
    if (match && file) {
      oldNo = Number(match[1]);
      newNo = Number(match[3]);
      oldLeft = match[2] === undefined ? 1 : Number(match[2]);
      newLeft = match[4] === undefined ? 1 : Number(match[4]);
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
    }
  }
  return files;
}

/** `diff --git a/x b/y` → `y` (paths with spaces keep them). */
function gitPath(line: string): string {
  const rest = line.slice('diff --git '.length);
  const split = rest.indexOf(' b/');
  return split >= 0 ? rest.slice(split + 3) : rest;
}

function stripPrefix(path: string): string {
  const clean = path.split('\t')[0]!;
  return clean.startsWith('a/') || clean.startsWith('b/') ? clean.slice(2) : clean;
}
