import { z } from 'zod';

/** `GET /reviews/{id}/artifacts` items: previews for everyone who may read the review. */
export const ArtifactItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  batchId: z.string().nullable(),
  sizeBytes: z.number(),
  contentType: z.string(),
  previewHead: z.string(),
  previewTail: z.string(),
  createdAt: z.string(),
  url: z.string().optional().describe('Signed and short-lived; present only for roles that may view full artifacts'),
});
export type ArtifactItem = z.infer<typeof ArtifactItemSchema>;

/** One review comment as the summary download (`?format=json`) and the progress page show it. */
export const SummaryCommentSchema = z.object({
  filePath: z.string().nullable(),
  lineNumber: z.number().int().nullable(),
  severity: z.string().nullable(),
  category: z.string().nullable(),
  content: z.string(),
  suggestion: z.string().nullable(),
});
export type SummaryComment = z.infer<typeof SummaryCommentSchema>;
