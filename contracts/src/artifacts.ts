import { z } from 'zod';
import { csvParam } from './events.ts';
import { ReviewDetailSchema, ReviewIdParamsSchema } from './reviews.ts';

export const artifactKinds = ['prompt', 'response', 'diff'] as const;
export type ArtifactKind = (typeof artifactKinds)[number];

/** Batch ids are ours (`batch-3`) or an engine's; never anything that could reach a file path. */
const batchIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'expected a batch id such as batch-3');
const csvOf = <T extends z.ZodType<string, string>>(item: T) => csvParam.pipe(z.array(item));

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

/** `GET /reviews/{id}/artifacts`: optionally only some kinds or batches (comma-separated). */
export const ArtifactListQuerySchema = z.object({
  kind: csvOf(z.enum(artifactKinds)).optional(),
  batch_id: csvOf(batchIdSchema).optional(),
});
export const ArtifactListSchema = z.object({ items: z.array(ArtifactItemSchema) });
export type ArtifactList = z.infer<typeof ArtifactListSchema>;

/** `PUT /reviews/{id}/artifacts/{kind}?batch_id=`: the raw body is the artifact. */
export const ArtifactUploadParamsSchema = ReviewIdParamsSchema.extend({ kind: z.enum(artifactKinds) });
export const ArtifactUploadQuerySchema = z.object({ batch_id: batchIdSchema.optional() });
/** The stored artifact (201); the signed `url` comes with the list, for roles that may view it. */
export const ArtifactUploadResponseSchema = ArtifactItemSchema.omit({ url: true });

/** `GET /api/v1/artifacts/{artifactId}/content?exp=&sig=`: the signed download link. */
export const ArtifactContentParamsSchema = z.object({ artifactId: z.uuid('expected an artifact id') });
export const ArtifactContentQuerySchema = z.object({
  exp: z
    .string()
    .regex(/^\d{1,12}$/, 'expected a unix time')
    .transform(Number)
    .optional(),
  sig: z.string().max(200).optional(),
});

/** One review comment as the summary download (`?format=json`) and the progress page show it. */
export const SummaryCommentSchema = z.object({
  filePath: z.string().nullable(),
  lineNumber: z.number().int().nullable(),
  severity: z.string().nullable(),
  category: z.string().nullable(),
  content: z.string(),
  suggestion: z.string().nullable(),
  /** Carried over, not made again, by a retry of failed batches: the review that made it. */
  carriedFrom: z.number().int().optional(),
});
export type SummaryComment = z.infer<typeof SummaryCommentSchema>;

/** `GET /reviews/{id}/summary?format=json`: the review as `GET /reviews/{id}` returns it, and its comments. */
export const SummaryDownloadSchema = z.object({
  review: ReviewDetailSchema,
  comments: z.array(SummaryCommentSchema),
});
export type SummaryDownload = z.infer<typeof SummaryDownloadSchema>;
