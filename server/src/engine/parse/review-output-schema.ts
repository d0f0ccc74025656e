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

/** 42, "42", "L42", "42-45" (the first line); null or absent for a file-level comment. */
const lineNumber = z.preprocess((value) => {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') {
    const match = /^\s*L?(\d+)\s*(?:[-–:,].*)?$/i.exec(value);
    return match ? Number(match[1]) : value;
  }
  return value;
}, z.number().int().positive().nullable());

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
  (value) => withAliases(value),
  z.object({
    filePath: z.string().trim().min(1),
    lineNumber,
    severity,
    category: optionalText,
    content: z.string().trim().min(1),
    suggestion: optionalText,
  }),
);
export interface ReviewComment {
  filePath: string;
  lineNumber: number | null;
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

function withAliases(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const record: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [alias, key] of Object.entries(commentKeyAliases)) {
    if (record[key] === undefined && record[alias] !== undefined) record[key] = record[alias];
  }
  return record;
}
