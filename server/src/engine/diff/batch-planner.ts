import type { ChangedFile } from '../../connectors/git/git-types.ts';
import { diffFilesFromChanges } from './changed-files.ts';
import type { BatchPlan, DiffBatch, DiffFile, SkippedFile } from './diff-types.ts';
import { piecesOf, type DiffPiece } from './file-pieces.ts';
import { skipReasonOf } from './skip-rules.ts';
import { parseUnifiedDiff } from './unified-diff-parser.ts';

export interface BatchOptions {
  /** Tokens of diff text per model call (the connector's prompt budget minus instructions). */
  maxTokensPerBatch: number;
}

/** Smaller budgets leave no room for a file header and a few diff lines. */
export const minimumTokensPerBatch = 128;

/**
 * Leaves out files not worth reviewing (each returned with its reason) and packs the rest, in
 * input order, into batches of at most `maxTokensPerBatch` tokens: whole files where they fit,
 * a file's hunks split across batches where it does not.
 */
export function planBatches(files: readonly DiffFile[], options: BatchOptions): BatchPlan {
  const { maxTokensPerBatch } = options;
  if (!Number.isInteger(maxTokensPerBatch) || maxTokensPerBatch < minimumTokensPerBatch) {
    throw new RangeError(
      `maxTokensPerBatch must be a whole number ≥ ${minimumTokensPerBatch}, got ${maxTokensPerBatch}`,
    );
  }
  const skipped: SkippedFile[] = [];
  const pieces: DiffPiece[] = [];
  let reviewedFileCount = 0;
  for (const file of files) {
    const skip = skipReasonOf(file);
    if (skip) {
      skipped.push(skip);
      continue;
    }
    reviewedFileCount += 1;
    pieces.push(...piecesOf(file, maxTokensPerBatch));
  }
  const batches = pack(pieces, maxTokensPerBatch);
  const totalTokens = batches.reduce((sum, batch) => sum + batch.tokenEstimate, 0);
  return { batches, skipped, reviewedFileCount, totalTokens };
}

export function planBatchesFromDiff(diffText: string, options: BatchOptions): BatchPlan {
  return planBatches(parseUnifiedDiff(diffText), options);
}

export function planBatchesFromChanges(files: readonly ChangedFile[], options: BatchOptions): BatchPlan {
  return planBatches(diffFilesFromChanges(files), options);
}

function pack(pieces: DiffPiece[], maxTokens: number): DiffBatch[] {
  const groups: DiffPiece[][] = [];
  let group: DiffPiece[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    if (group.length > 0 && tokens + piece.tokens > maxTokens) {
      groups.push(group);
      group = [];
      tokens = 0;
    }
    group.push(piece);
    tokens += piece.tokens;
  }
  if (group.length > 0) groups.push(group);
  return groups.map((members, index) => {
    const files = [...new Set(members.map((piece) => piece.path))];
    return {
      batchId: `batch-${index + 1}`,
      files,
      fileCount: files.length,
      tokenEstimate: members.reduce((sum, piece) => sum + piece.tokens, 0),
      diff: members.map((piece) => piece.text).join(''),
    };
  });
}
