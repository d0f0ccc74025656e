import type { DiffFile, DiffHunk } from './diff-types.ts';

/** Text ends with a newline so pieces concatenate into a valid diff. */
export function renderHeader(file: DiffFile): string {
  return file.headerLines.length > 0 ? `${file.headerLines.join('\n')}\n` : '';
}

export function renderHunk(hunk: DiffHunk): string {
  return `${hunk.header}\n${hunk.lines.map((line) => `${line}\n`).join('')}`;
}

export function renderFile(file: DiffFile): string {
  return renderHeader(file) + file.hunks.map(renderHunk).join('');
}
