import type { DiffHunk } from './diff-types.ts';
import { countTokens, truncateToTokens } from './token-count.ts';

/** Diff text with its token count, the unit the batcher packs. */
export interface CountedText {
  text: string;
  tokens: number;
}

const truncationMarker = ' […line truncated to fit the batch]';

/**
 * Splits a hunk too big for one batch into consecutive hunks of at most `maxTokens` each, with
 * headers rewritten to their own line numbers so comments still point at the right lines. A line
 * that alone exceeds the budget (minified code, embedded data) is truncated: the last resort.
 */
export function splitHunkByLines(hunk: DiffHunk, maxTokens: number): CountedText[] {
  const heading = hunk.header.replace(/^@@ [^@]* @@/, '');
  const noNewlineLine = hunk.lines.find((line) => line.startsWith('\\'));
  // Room for the widest header a part can get, and for a "\ No newline" line that cannot start a part.
  const widestHeader = headerFor(
    hunk.oldStart + hunk.oldLines,
    hunk.oldLines,
    hunk.newStart + hunk.newLines,
    hunk.newLines,
    heading,
  );
  const reserve = countTokens(widestHeader) + (noNewlineLine ? countTokens(`${noNewlineLine}\n`) : 0);
  const lineRoom = Math.max(maxTokens - reserve, 1);

  const parts: CountedText[] = [];
  let part = emptyPart(hunk.oldStart, hunk.newStart);
  let nextOld = hunk.oldStart;
  let nextNew = hunk.newStart;
  for (const original of hunk.lines) {
    let line = original;
    let tokens = countTokens(`${line}\n`);
    if (tokens > lineRoom) ({ line, tokens } = truncateLine(line, lineRoom));
    if (part.lines.length > 0 && part.tokens + tokens > lineRoom && !line.startsWith('\\')) {
      parts.push(render(part, heading));
      part = emptyPart(nextOld, nextNew);
    }
    part.lines.push(line);
    part.tokens += tokens;
    if (line.startsWith(' ') || line.startsWith('-')) {
      part.oldCount += 1;
      nextOld += 1;
    }
    if (line.startsWith(' ') || line.startsWith('+')) {
      part.newCount += 1;
      nextNew += 1;
    }
  }
  if (part.lines.length > 0) parts.push(render(part, heading));
  return parts;
}

interface Part {
  oldStart: number;
  newStart: number;
  oldCount: number;
  newCount: number;
  lines: string[];
  tokens: number;
}

const emptyPart = (oldStart: number, newStart: number): Part => ({
  oldStart,
  newStart,
  oldCount: 0,
  newCount: 0,
  lines: [],
  tokens: 0,
});

function render(part: Part, heading: string): CountedText {
  // Like git, a side with no lines names the line before the change.
  const oldStart = part.oldCount === 0 ? Math.max(part.oldStart - 1, 0) : part.oldStart;
  const newStart = part.newCount === 0 ? Math.max(part.newStart - 1, 0) : part.newStart;
  const header = headerFor(oldStart, part.oldCount, newStart, part.newCount, heading);
  const body = part.lines.map((line) => `${line}\n`).join('');
  return { text: header + body, tokens: countTokens(header) + part.tokens };
}

function headerFor(oldStart: number, oldCount: number, newStart: number, newCount: number, heading: string): string {
  return `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@${heading}\n`;
}

function truncateLine(line: string, maxTokens: number): CountedText & { line: string } {
  const markerTokens = countTokens(`${truncationMarker}\n`);
  for (let keep = maxTokens - markerTokens; ; keep -= 1) {
    // Keep the +/-/space prefix even when nothing else fits.
    const kept = truncateToTokens(line, Math.max(keep, 1));
    const text = `${kept.length > 0 ? kept : line[0]}${truncationMarker}`;
    const tokens = countTokens(`${text}\n`);
    if (tokens <= maxTokens || keep <= 1) return { line: text, text, tokens };
  }
}
