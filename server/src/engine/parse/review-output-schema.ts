import { z } from 'zod';

/**
 * What we ask the model for:
 * {"summary": "markdown", "fileSummaries": [{"filePath", "summary"}],
 *  "comments": [{"filePath", "lineNumber", "severity": "info|warning|critical", "category", "content", "suggestion"}]}
 * Validation is lenient where models commonly drift (a line number as "42", severity "High",
 * `file` for `filePath`) and strict where a comment would be useless (no file, no text).
 */
export const severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof severities)[number];

const severityAliases: Record<string, Severity> = {
  info: 'info',
  information: 'info',
  note: 'info',
  nit: 'info',
  minor: 'info',
  low: 'info',
  suggestion: 'info',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  moderate: 'warning',
  major: 'warning',
  critical: 'critical',
  error: 'critical',
  high: 'critical',
  severe: 'critical',
  blocker: 'critical',
};

/** Keys models use instead of ours; ours win when both are present. */
const commentKeyAliases: Record<string, keyof ReviewComment> = {
  file: 'filePath',
  path: 'filePath',
  file_path: 'filePath',
  filename: 'filePath',
  line: 'lineNumber',
  line_number: 'lineNumber',
  end_line: 'endLine',
  lineEnd: 'endLine',
  line_end: 'endLine',
  message: 'content',
  comment: 'content',
  body: 'content',
  text: 'content',
  type: 'category',
};

const optionalText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null),
  z.string().nullable(),
);

/** 42, "42", "L42", "42-45" (the first line; the last is `endLine`); null or absent for a file-level comment. */
const lineNumber = z.preprocess((value) => {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') {
    const match = /^\s*L?(\d+)\s*(?:[-–:,].*)?$/i.exec(value);
    return match ? Number(match[1]) : value;
  }
  return value;
}, z.number().int().positive().nullable());

/** The last line of a range: `endLine`, or the end of a "42-45" / "L42-L45" line number. */
const endLine = z.preprocess((value) => {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return /^\s*L?(\d+)\s*$/i.test(value) ? Number(value.replace(/\D/g, '')) : null;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}, z.number().int().positive().nullable());

/** "42-45" → 45: a range written in the line number itself. */
function rangeEndOf(line: unknown): number | undefined {
  if (typeof line !== 'string') return undefined;
  const match = /^\s*L?\d+\s*[-–]\s*L?(\d+)\s*$/i.exec(line);
  return match ? Number(match[1]) : undefined;
}

const severity = z.preprocess(
  (value) =>
    value === undefined || value === null
      ? 'info'
      : typeof value === 'string'
        ? severityAliases[value.trim().toLowerCase()]
        : value,
  z.enum(severities),
);

export const ReviewCommentSchema = z.preprocess(
  (value) => withRangeEnd(withAliases(value)),
  z.object({
    filePath: z.string().trim().min(1),
    lineNumber,
    endLine: endLine.optional(),
    severity,
    category: optionalText,
    content: z.string().trim().min(1),
    suggestion: optionalText,
  }),
);
export interface ReviewComment {
  filePath: string;
  lineNumber: number | null;
  /** The last line when the finding covers a range (lineNumber..endLine). */
  endLine?: number | null | undefined;
  severity: Severity;
  category: string | null;
  content: string;
  suggestion: string | null;
}

export const FileSummarySchema = z.preprocess(
  (value) => withAliases(value),
  z.object({ filePath: z.string().trim().min(1), summary: z.string().trim().min(1) }),
);
export interface FileSummary {
  filePath: string;
  summary: string;
}

export interface ReviewResult {
  summary: string;
  fileSummaries: FileSummary[];
  comments: ReviewComment[];
}

function withRangeEnd(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const end = record['endLine'] === undefined ? rangeEndOf(record['lineNumber']) : undefined;
  return end === undefined ? record : { ...record, endLine: end };
}

function withAliases(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const record: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [alias, key] of Object.entries(commentKeyAliases)) {
    if (record[key] === undefined && record[alias] !== undefined) record[key] = record[alias];
  }
  return record;
}
