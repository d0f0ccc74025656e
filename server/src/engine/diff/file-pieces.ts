import { renderFile, renderHeader, renderHunk } from './diff-render.ts';
import type { DiffFile } from './diff-types.ts';
import { splitHunkByLines, type CountedText } from './hunk-splitter.ts';
import { countTokens } from './token-count.ts';
import { changedLinesInHunkText, linesOfFile } from './file-coverage.ts';

/** A file, or a part of one, ready to pack: its own header followed by whole hunks. */
export interface DiffPiece extends CountedText {
  path: string;
  /** The `@@` headers of the hunks (or hunk parts) in this piece: what coverage names when it is left out. */
  hunks: string[];
  /** `+`/`-` lines in this piece. */
  changedLines: number;
}

/** Below this the header of a long path leaves no room for diff lines; such parts may exceed the budget. */
const minimumRoomForHunks = 32;

/**
 * The file as one piece when it fits `maxTokens`; otherwise split by hunks, each piece repeating
 * the file header so the model always knows which file it reads, and hunks too big on their own
 * split by lines.
 */
export function piecesOf(file: DiffFile, maxTokens: number): DiffPiece[] {
  const whole = renderFile(file);
  const wholeTokens = countTokens(whole);
  if (wholeTokens <= maxTokens) {
    const { additions, deletions } = linesOfFile(file);
    return [
      {
        path: file.path,
        text: whole,
        tokens: wholeTokens,
        hunks: file.hunks.map((hunk) => hunk.header),
        changedLines: additions + deletions,
      },
    ];
  }

  const header = renderHeader(file);
  const headerTokens = countTokens(header);
  const room = Math.max(maxTokens - headerTokens, minimumRoomForHunks);
  const units = file.hunks.flatMap((hunk): CountedText[] => {
    const text = renderHunk(hunk);
    const tokens = countTokens(text);
    return tokens <= room ? [{ text, tokens }] : splitHunkByLines(hunk, room);
  });

  const pieces: DiffPiece[] = [];
  let texts: string[] = [];
  let tokens = 0;
  const flush = () => {
    pieces.push({
      path: file.path,
      text: header + texts.join(''),
      tokens: headerTokens + tokens,
      hunks: texts.map((text) => text.slice(0, text.indexOf('\n'))),
      changedLines: texts.reduce((sum, text) => sum + changedLinesInHunkText(text), 0),
    });
    texts = [];
    tokens = 0;
  };
  for (const unit of units) {
    if (texts.length > 0 && tokens + unit.tokens > room) flush();
    texts.push(unit.text);
    tokens += unit.tokens;
  }
  if (texts.length > 0) flush();
  return pieces;
}
