import { jsonrepair } from 'jsonrepair';
import { findJsonStart, scanJson } from './json-scan.ts';
import { rawExcerpt } from './raw-excerpt.ts';
import type { ReviewResult } from './review-output-schema.ts';
import { validateReview, type Validated } from './review-validation.ts';

export interface ParsedModelOutput {
  outcome: 'ok' | 'repaired' | 'failed';
  /** Where the JSON came from and how it was read, e.g. `fenced_block`, `outer_object+jsonrepair`. */
  strategy?: string;
  result?: ReviewResult;
  droppedComments: number;
  why?: string;
  /** Head and tail of the raw output (≤ 1500 characters) when it needed repair or could not be read. */
  rawExcerpt?: string;
  category?: 'invalid_json' | 'truncated_json';
}

interface Candidate {
  source: 'fenced_block' | 'whole_text' | 'outer_object';
  text: string;
  truncated: boolean;
  lastCompleteNested: number | undefined;
  /** Index in the raw output just after this candidate. */
  endIndex: number;
}

const maxOuterCandidates = 5;

interface Attempt {
  validated: Validated;
  how: 'json' | 'jsonrepair' | 'jsonrepair_cut';
  /** Comments lost because the reply stopped in the middle of them. */
  cutOff: number;
}

/**
 * Reads the review JSON out of a model's reply: from a ```json block or the outermost object,
 * parsed strictly, else repaired (jsonrepair; a reply cut off mid-comment is cut back to its last
 * complete comment first), then validated comment by comment.
 */
export function parseModelOutput(raw: string): ParsedModelOutput {
  if (raw.trim() === '') return failed(raw, 'invalid_json', 'Empty model output');
  const candidates = candidatesOf(raw);
  if (candidates.length === 0) return failed(raw, 'invalid_json', 'No JSON object found in the model output');
  let wrongShape = false;
  for (const candidate of candidates) {
    const attempt = attemptCandidate(candidate);
    if (attempt === 'wrong_shape') wrongShape = true;
    else if (attempt) return succeeded(raw, candidate, attempt);
  }
  if (candidates.some((candidate) => candidate.truncated)) {
    return failed(raw, 'truncated_json', 'Truncated JSON unrecoverable');
  }
  return wrongShape
    ? failed(raw, 'invalid_json', 'JSON did not match the review schema (no summary, fileSummaries or comments)')
    : failed(raw, 'invalid_json', 'Invalid JSON that jsonrepair could not fix');
}

function candidatesOf(raw: string): Candidate[] {
  const candidates: Candidate[] = [];
  // A fenced block is only where the JSON starts: brackets, not the closing fence, say where it
  // ends (a suggestion may contain a fence of its own).
  for (const fence of raw.matchAll(/```[ \t]*(?:json5?|jsonc)?[ \t]*\r?\n/gi)) {
    const candidate = candidateAt(raw, fence.index + fence[0].length, 'fenced_block');
    if (candidate) candidates.push(candidate);
  }
  // The outermost object; if that is not the review (a code sample in the prose), the next ones.
  let from = 0;
  for (let count = 0; count < maxOuterCandidates; count++) {
    const outer = candidateAt(raw, from, 'outer_object');
    if (!outer) break;
    candidates.push(outer.text === raw.trim() ? { ...outer, source: 'whole_text' } : outer);
    from = outer.endIndex;
  }
  return candidates.filter(
    (candidate, index) => candidates.findIndex((other) => other.text === candidate.text) === index,
  );
}

function candidateAt(raw: string, from: number, source: Candidate['source']): Candidate | undefined {
  const start = findJsonStart(raw, from);
  if (start === undefined) return undefined;
  const scan = scanJson(raw, start);
  // A reply cut off inside a fenced block has no closing fence to strip, but one may follow a cut string.
  const text = scan.end !== undefined ? raw.slice(start, scan.end) : raw.slice(start).replace(/\s*```\s*$/, '');
  const lastCompleteNested = scan.lastCompleteNested === undefined ? undefined : scan.lastCompleteNested - start;
  return { source, text, truncated: scan.truncated, lastCompleteNested, endIndex: scan.end ?? raw.length };
}

/** 'wrong_shape': valid JSON, but not a review; undefined: not JSON even after repair. */
function attemptCandidate(candidate: Candidate): Attempt | 'wrong_shape' | undefined {
  const strict = parseJson(candidate.text);
  if (strict.ok) {
    const review = validateReview(strict.value);
    return review ? { validated: review, how: 'json', cutOff: 0 } : 'wrong_shape';
  }

  const full = repaired(candidate.text);
  // Cut back to the last complete comment rather than keep a half-written one.
  const cut =
    candidate.truncated && candidate.lastCompleteNested !== undefined
      ? repaired(candidate.text.slice(0, candidate.lastCompleteNested))
      : undefined;
  if (cut && hasContent(cut)) {
    const summary = cut.result.summary || full?.result.summary || '';
    return {
      validated: { ...cut, result: { ...cut.result, summary } },
      how: 'jsonrepair_cut',
      cutOff: Math.max(0, (full?.commentEntries ?? 0) - cut.commentEntries),
    };
  }
  return full && hasContent(full) ? { validated: full, how: 'jsonrepair', cutOff: 0 } : undefined;
}

function repaired(text: string): Validated | undefined {
  let fixed: string;
  try {
    fixed = jsonrepair(text);
  } catch {
    return undefined;
  }
  const parsed = parseJson(fixed);
  return parsed.ok ? validateReview(parsed.value) : undefined;
}

/** A repair that recovered only empty keys recovered nothing. */
function hasContent(validated: Validated): boolean {
  const { result, commentEntries } = validated;
  return result.summary !== '' || result.fileSummaries.length > 0 || commentEntries > 0;
}

function succeeded(raw: string, candidate: Candidate, attempt: Attempt): ParsedModelOutput {
  const { result } = attempt.validated;
  const invalid = attempt.validated.droppedComments;
  const droppedComments = invalid + attempt.cutOff;
  const drops = [
    invalid > 0 ? `Dropped ${plural(invalid, 'invalid comment')}` : undefined,
    attempt.cutOff > 0 ? `Dropped ${plural(attempt.cutOff, 'comment')} cut off mid-way` : undefined,
  ].filter((part) => part !== undefined);
  if (attempt.how === 'json') {
    return { outcome: 'ok', strategy: candidate.source, result, droppedComments, why: drops.join('. ') || undefined };
  }
  const repair = candidate.truncated
    ? 'Output was cut off; closed the JSON after the last complete value'
    : 'Repaired malformed JSON';
  return {
    outcome: 'repaired',
    strategy: `${candidate.source}+${attempt.how}`,
    result,
    droppedComments,
    why: [repair, ...drops].join('. '),
    rawExcerpt: rawExcerpt(raw),
  };
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function failed(raw: string, category: 'invalid_json' | 'truncated_json', why: string): ParsedModelOutput {
  return { outcome: 'failed', droppedComments: 0, why, rawExcerpt: rawExcerpt(raw), category };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
