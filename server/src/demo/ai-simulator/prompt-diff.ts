/** The parts of a unified diff the simulator needs to write comments that point at real lines. */
export interface DiffFile {
  path: string;
  added: number;
  removed: number;
  /** Added lines with their line number in the new file, in diff order. */
  addedLines: { lineNumber: number; text: string }[];
}

const fileHeader = /^diff --git a\/(.+?) b\/(.+)$/;
const hunkHeader = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Finds every `diff --git a/… b/…` section in a prompt (prompts may wrap diffs in fences or prose). */
export function diffFilesOf(prompt: string): DiffFile[] {
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  let newLine = 0;
  let inHunk = false;
  for (const line of prompt.split('\n')) {
    const header = fileHeader.exec(line);
    if (header) {
      current = { path: header[2]!.trim(), added: 0, removed: 0, addedLines: [] };
      files.push(current);
      inHunk = false;
      continue;
    }
    if (!current) continue;
    const hunk = hunkHeader.exec(line);
    if (hunk) {
      newLine = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+')) {
      current.added += 1;
      current.addedLines.push({ lineNumber: newLine, text: line.slice(1) });
      newLine += 1;
    } else if (line.startsWith('-')) {
      current.removed += 1;
    } else if (line.startsWith(' ') || line === '') {
      newLine += 1;
    } else if (!line.startsWith('\\')) {
      // Anything else (a closing fence, prose) ends the hunk; "\ No newline at end of file" does not.
      inHunk = false;
    }
  }
  return files;
}
