import { diffFilesOf, type DiffFile } from './prompt-diff.ts';

/** The review a model is asked for (engine.md); the simulator fills it from the diff in the prompt. */
export interface SimulatedReview {
  summary: string;
  fileSummaries: { filePath: string; summary: string }[];
  comments: {
    filePath: string;
    lineNumber: number;
    severity: 'info' | 'warning' | 'critical';
    category: string;
    content: string;
    suggestion: string;
  }[];
}

type Comment = SimulatedReview['comments'][number];
type Finding = Omit<Comment, 'filePath' | 'lineNumber'>;

const demoNote = '_Simulated review by the Reviewtrace demo AI provider._';

/** Picks what a reviewer might say about one added line; the same line always gets the same finding. */
function findingFor(text: string, seed: number, testFile: boolean): Finding {
  // Backticks inside the quoted code would end the inline code span of the markdown.
  const code = text.trim().slice(0, 80).replaceAll('`', "'");
  if (/password|secret|token|api[_-]?key/i.test(text)) {
    return {
      severity: 'critical',
      category: 'security',
      content: `This line handles a credential (\`${code}\`). Make sure it is never logged or returned to clients.`,
      suggestion: 'Read the value from configuration and redact it in logs and error messages.',
    };
  }
  if (/console\.(log|debug)|print\(/.test(text)) {
    return {
      severity: 'info',
      category: 'style',
      content: `Debug output left in the change: \`${code}\`.`,
      suggestion: 'Remove it or use the structured logger at debug level.',
    };
  }
  if (/catch|except|rescue/.test(text)) {
    return {
      severity: 'warning',
      category: 'bug',
      content: `The error caught here may be swallowed (\`${code}\`); callers would not learn that the operation failed.`,
      suggestion: 'Rethrow with context, or return a typed error the caller has to handle.',
    };
  }
  if (/for\s*\(|\.forEach\(|\.map\(|while\s*\(/.test(text)) {
    return {
      severity: 'warning',
      category: 'performance',
      content: `This loop (\`${code}\`) may run a query or request per item on large inputs.`,
      suggestion: 'Batch the work, or bound the input size explicitly.',
    };
  }
  const generic: Finding[] = [
    {
      severity: 'info',
      category: 'maintainability',
      content: `Consider a short comment on why \`${code}\` is needed; the intent is not obvious from the diff.`,
      suggestion: 'Add a one-line comment that states the invariant this line keeps.',
    },
    {
      severity: 'warning',
      category: 'bug',
      content: `\`${code}\` assumes the value is always present; an empty or missing input would fail here.`,
      suggestion: 'Handle the empty case explicitly and add a test for it.',
    },
    testFile
      ? {
          severity: 'info',
          category: 'testing',
          content: `\`${code}\` checks the outcome only loosely; a regression could still pass.`,
          suggestion: 'Assert the exact expected value so a failure shows a useful diff.',
        }
      : {
          severity: 'info',
          category: 'testing',
          content: `No test in this change covers \`${code}\`.`,
          suggestion: 'Add a focused unit test for the new behaviour.',
        },
  ];
  return generic[seed % generic.length]!;
}

function hashOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash;
}

function commentsFor(file: DiffFile): Comment[] {
  // Lines worth a remark: not blank, not an import, not a lone bracket.
  const candidates = file.addedLines.filter(
    (line) => /[A-Za-z]{3}/.test(line.text) && !/^\s*(import|export \{)/.test(line.text),
  );
  if (candidates.length === 0) return [];
  const seed = hashOf(file.path);
  // One or two comments per file, at lines spread over its additions.
  const picks = candidates.length > 6 ? [seed % candidates.length, (seed >>> 8) % candidates.length] : [0];
  const testFile = /(^|[/.])(test|tests|spec|__tests__)([/.]|$)/.test(file.path);
  const lines = [...new Set(picks)].sort((a, b) => a - b).map((index) => candidates[index]!);
  return lines.map((line) => ({
    filePath: file.path,
    lineNumber: line.lineNumber,
    ...findingFor(line.text, hashOf(file.path + line.lineNumber), testFile),
  }));
}

export function reviewFor(prompt: string): SimulatedReview {
  const files = diffFilesOf(prompt);
  if (files.length === 0) {
    return {
      summary: `No diff was found in the prompt, so there is nothing to review.\n\n${demoNote}`,
      fileSummaries: [],
      comments: [],
    };
  }
  const comments = files.flatMap(commentsFor);
  const critical = comments.filter((c) => c.severity === 'critical').length;
  const verdict =
    critical > 0
      ? `**${critical} critical issue${critical === 1 ? '' : 's'}** should be fixed before merging.`
      : 'No blocking issues; a few suggestions below.';
  const summary = [
    `## Summary`,
    '',
    `This change touches ${files.length} file${files.length === 1 ? '' : 's'} ` +
      `(+${sum(files, (f) => f.added)} / -${sum(files, (f) => f.removed)} lines). ${verdict}`,
    '',
    ...files.slice(0, 8).map((f) => `- \`${f.path}\`: +${f.added} / -${f.removed}`),
    '',
    demoNote,
  ].join('\n');
  const fileSummaries = files.map((f) => ({
    filePath: f.path,
    summary:
      f.added === 0
        ? `Removes ${f.removed} line${f.removed === 1 ? '' : 's'}; nothing new to review.`
        : `Adds ${f.added} and removes ${f.removed} line${f.removed === 1 ? '' : 's'}; ${
            comments.some((c) => c.filePath === f.path) ? 'see the comments below.' : 'looks fine.'
          }`,
  }));
  return { summary, fileSummaries, comments };
}

function sum(files: DiffFile[], of: (file: DiffFile) => number): number {
  return files.reduce((total, file) => total + of(file), 0);
}

export function reviewJson(prompt: string, options: { strayLine?: number } = {}): string {
  const review = reviewFor(prompt);
  const first = diffFilesOf(prompt)[0];
  if (options.strayLine !== undefined && first) {
    review.comments.push({
      filePath: first.path,
      lineNumber: options.strayLine,
      severity: 'info',
      category: 'maintainability',
      content: `Line ${options.strayLine} of this file deserves a second look.`,
      suggestion: 'Check it against the change.',
    });
  }
  return JSON.stringify(review, null, 2);
}

/**
 * The review JSON cut off in the middle of a string near its end (inside the last comment when
 * there is one), the way a model stops at its output limit: invalid JSON that `jsonrepair` can mend.
 */
export function truncatedReviewJson(prompt: string): string {
  const json = reviewJson(prompt);
  const marker = json.lastIndexOf('"content": "');
  const start = marker >= 0 ? marker + '"content": "'.length : json.indexOf('"summary": "') + '"summary": "'.length;
  const end = json.indexOf('"', start);
  return json.slice(0, start + Math.max(1, Math.floor((end - start) / 2)));
}

/** What a model that ignores the JSON instruction writes. */
export function garbageAnswer(prompt: string): string {
  const paths = diffFilesOf(prompt).map((f) => f.path);
  const subject = paths.length > 0 ? paths.slice(0, 3).join(', ') : 'the code';
  return (
    `Sure! I had a look at ${subject}. Overall the change seems reasonable and the intent is clear. ` +
    'A few thoughts: naming could be more consistent, some error handling might deserve a second look, ' +
    'and it would be good to add tests where behaviour changed. Let me know if you want me to go deeper ' +
    'into any particular part. (Simulated answer by the Reviewtrace demo AI provider.)'
  );
}
