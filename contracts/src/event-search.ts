import { z } from 'zod';
import { eventFilterFields, seqParam } from './events.ts';

export const EVENT_SEARCH_MAX_LIMIT = 5000;

/**
 * `GET /reviews/{id}/events/search`: a case-insensitive substring search over the whole log of one
 * review, for text the log panel has not loaded. It matches what a reader sees: the line's message
 * (`eventMessage`), its batch id and its level.
 */
export const EventSearchQuerySchema = z.object({
  q: z
    .string()
    .min(1, 'expected text to search for')
    .max(200)
    // Stored text never holds a NUL byte (it is replaced on ingestion), and PostgreSQL refuses one.
    .refine((q) => !q.includes('\u0000'), 'must not contain a NUL character'),
  after: seqParam.optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(EVENT_SEARCH_MAX_LIMIT))
    .default(1000),
  ...eventFilterFields,
});
export type EventSearchQuery = z.infer<typeof EventSearchQuerySchema>;

export const EventSearchResponseSchema = z.object({
  /** Seqs of the matching events, ascending. */
  matches: z.array(z.number().int()),
  /** The limit was reached before the end of the log: continue with `after=nextCursor`. */
  hasMore: z.boolean(),
  /** Where to continue (`after`) when `hasMore`; null when the search reached the end. */
  nextCursor: z.number().int().nullable(),
  /** Every event with a seq up to this one (and after `after`) was searched. */
  scannedThrough: z.number().int(),
});
export type EventSearchResponse = z.infer<typeof EventSearchResponseSchema>;
