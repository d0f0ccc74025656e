/**
 * The prompt for one batch: ask for the review as JSON in the schema engine.md fixes, so parsing
 * never has to guess. The diff goes last, after the instructions, fenced.
 */
export const reviewSystemPrompt = `You are a senior software engineer reviewing a merge/pull request.
Review only the changed lines of the diff you are given. Point out bugs, security problems,
performance problems and unclear code; skip praise and trivia.
Answer with one JSON object and nothing else, in exactly this shape:
{"summary": "markdown: what the change does and its main risks",
 "fileSummaries": [{"filePath": "path/of/file", "summary": "one sentence"}],
 "comments": [{"filePath": "path/of/file", "lineNumber": 42, "severity": "info|warning|critical",
               "category": "bug|security|performance|style|maintainability|test",
               "content": "what is wrong and why", "suggestion": "what to do instead"}]}
lineNumber is the line in the new version of the file. Use an empty comments array when nothing needs saying.`;

export interface PromptInput {
  title: string | null;
  repository: string | null;
  batchId: string;
  batchCount: number;
  files: string[];
  diff: string;
}

export function buildReviewPrompt(input: PromptInput): string {
  const header = [
    input.title ? `Change: ${input.title}` : undefined,
    input.repository ? `Repository: ${input.repository}` : undefined,
    `Part ${input.batchId.replace('batch-', '')} of ${input.batchCount}; files in this part: ${input.files.join(', ')}`,
  ].filter(Boolean);
  return `${header.join('\n')}\n\nDiff:\n\`\`\`diff\n${input.diff}\n\`\`\`\n\nReply with the JSON object only.`;
}
