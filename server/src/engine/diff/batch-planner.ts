import type { ChangedFile } from '../../connectors/git/git-types.ts';
import { diffFilesFromChanges } from './changed-files.ts';
import type { BatchPlan, CoveredFile, DiffBatch, DiffFile, SkippedFile } from './diff-types.ts';
import { piecesOf, type DiffPiece } from './file-pieces.ts';
import { coverageReasonOf, linesOfFile } from './file-coverage.ts';
import { skipReasonOf } from './skip-rules.ts';
import { parseUnifiedDiff } from './unified-diff-parser.ts';

export interface BatchOptions {
  /** Tokens of diff text per model call (the connector's prompt budget minus instructions). */
  maxTokensPerBatch: number;
  /**
   * Model calls one review may make (MAX_BATCHES_PER_REVIEW); the pieces beyond them are left out
   * and their files reported clipped or skipped "over budget". No limit when absent.
   */
  maxBatches?: number;
}

/** Smaller budgets leave no room for a file header and a few diff lines. */
export const minimumTokensPerBatch = 128;

/** A piece with the input file it came from, so coverage can tell which pieces of a file were read. */
interface OwnedPiece extends DiffPiece {
  fileIndex: number;
}

/**
 * Leaves out files not worth reviewing (each returned with its reason) and packs the rest, in
 * input order, into batches of at most `maxTokensPerBatch` tokens: whole files where they fit,
 * a file's hunks split across batches where it does not. Batches beyond `maxBatches` are dropped.
 * `coverage` says, for every input file, what of it the batches read.
 */
export function planBatches(files: readonly DiffFile[], options: BatchOptions): BatchPlan {
  const { maxTokensPerBatch, maxBatches } = options;
  if (!Number.isInteger(maxTokensPerBatch) || maxTokensPerBatch < minimumTokensPerBatch) {
    throw new RangeError(
      `maxTokensPerBatch must be a whole number ≥ ${minimumTokensPerBatch}, got ${maxTokensPerBatch}`,
    );
  }
  if (maxBatches !== undefined && (!Number.isInteger(maxBatches) || maxBatches < 1))
    throw new RangeError(`maxBatches must be a whole number ≥ 1, got ${maxBatches}`);
  const skipped: SkippedFile[] = [];
  const pieces: OwnedPiece[] = [];
  files.forEach((file, fileIndex) => {
    const skip = skipReasonOf(file);
    if (skip) skipped.push(skip);
    else pieces.push(...piecesOf(file, maxTokensPerBatch).map((piece) => ({ ...piece, fileIndex })));
  });
  const groups = pack(pieces, maxTokensPerBatch);
  const kept = maxBatches === undefined ? groups : groups.slice(0, maxBatches);
  const batches = kept.map(toBatch);
  const coverage = coverageOf(files, skipped, kept, groups.slice(kept.length));
  const reviewedFileCount = coverage.filter((file) => file.status !== 'skipped').length;
  const totalTokens = batches.reduce((sum, batch) => sum + batch.tokenEstimate, 0);
  return { batches, skipped, coverage, reviewedFileCount, totalTokens };
}

export function planBatchesFromDiff(diffText: string, options: BatchOptions): BatchPlan {
  return planBatches(parseUnifiedDiff(diffText), options);
}

export function planBatchesFromChanges(files: readonly ChangedFile[], options: BatchOptions): BatchPlan {
  return planBatches(diffFilesFromChanges(files), options);
}

function pack(pieces: OwnedPiece[], maxTokens: number): OwnedPiece[][] {
  const groups: OwnedPiece[][] = [];
  let group: OwnedPiece[] = [];
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
  return groups;
}

function toBatch(members: DiffPiece[], index: number): DiffBatch {
  const files = [...new Set(members.map((piece) => piece.path))];
  return {
    batchId: batchIdOf(index),
    files,
    fileCount: files.length,
    tokenEstimate: members.reduce((sum, piece) => sum + piece.tokens, 0),
    diff: members.map((piece) => piece.text).join(''),
  };
}

const batchIdOf = (index: number) => `batch-${index + 1}`;

function coverageOf(
  files: readonly DiffFile[],
  skipped: SkippedFile[],
  kept: OwnedPiece[][],
  dropped: OwnedPiece[][],
): CoveredFile[] {
  const skipOf = new Map(skipped.map((skip) => [skip.path, skip]));
  const read = files.map(() => ({ pieces: 0, lines: 0, batchId: undefined as string | undefined }));
  const left = files.map(() => ({ pieces: 0, hunks: [] as string[] }));
  kept.forEach((group, index) => {
    for (const piece of group) {
      const entry = read[piece.fileIndex]!;
      entry.pieces += 1;
      entry.lines += piece.changedLines;
      entry.batchId ??= batchIdOf(index);
    }
  });
  for (const piece of dropped.flat()) {
    left[piece.fileIndex]!.pieces += 1;
    left[piece.fileIndex]!.hunks.push(...piece.hunks);
  }
  return files.map((file, index): CoveredFile => {
    const { additions, deletions } = linesOfFile(file);
    const base = { path: file.path, additions, deletions };
    const skip = skipOf.get(file.path);
    if (skip)
      return { ...base, status: 'skipped', reason: coverageReasonOf(skip.reason), detail: skip.detail, linesRead: 0 };
    const { pieces, lines, batchId } = read[index]!;
    const leftOut = left[index]!;
    if (pieces === 0)
      return {
        ...base,
        status: 'skipped',
        reason: 'over budget',
        detail: 'the review reached its batch limit before this file',
        linesRead: 0,
      };
    const total = pieces + leftOut.pieces;
    const status = leftOut.pieces > 0 ? 'clipped' : total > 1 ? 'split' : 'reviewed';
    return {
      ...base,
      status,
      ...(batchId ? { batchId } : {}),
      ...(total > 1 ? { pieces: total } : {}),
      ...(leftOut.hunks.length > 0 ? { clippedHunks: leftOut.hunks } : {}),
      linesRead: lines,
    };
  });
}
