/**
 * Whether pasted text can be reviewed as a diff: the engine's parser (server/src/engine/diff) starts
 * a file at a `diff --git` line or at a `---` line directly followed by a `+++` line, and ignores
 * everything else — so text with neither would "succeed" as a review of nothing.
 */
const fileStartPattern = /^diff --git |^--- [^\r\n]*\r?\n\+\+\+ /m;

export const notAUnifiedDiffMessage =
  'this is not a unified diff (expected lines starting with `diff --git` or `---`/`+++`)';

export function looksLikeUnifiedDiff(text: string): boolean {
  return fileStartPattern.test(text);
}
