import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ReviewIdParamsSchema, ReviewListQuerySchema, ReviewStreamQuerySchema } from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { rateLimitFor, type RateLimits } from '../http/rate-limits.ts';
import { streamReview, type ReviewStreamDeps } from './review-stream.ts';
import { streamReviewList, type ListStreamDeps } from './list-stream.ts';

const sseDescription =
  'Server-Sent Events (`text/event-stream`). Not JSON: frames are `id:`/`event:`/`data:` lines; see the API contract. ' +
  'The session is re-checked every 60 s and at the token’s `exp`: when it has lapsed (expired, access lost) the ' +
  'stream ends with `event: error`, `data: {"code":"unauthorized","message":"…"}` (no `id`): sign in again, do not ' +
  'reconnect. After 1 h a stream ends without an error frame: reconnect with `Last-Event-ID`.';

/** The live transports: Server-Sent Events of one review and of the org's list. */
export const liveRoutes =
  // Each stream names what it needs; the route only hands it on.
  (deps: ReviewStreamDeps & ListStreamDeps & { limits: RateLimits }): FastifyPluginAsyncZod =>
    async (app) => {
      app.get(
        '/reviews/stream',
        {
          config: rateLimitFor(deps.limits, 'streams'),
          schema: {
            tags: ['events'],
            summary: 'Live list changes in the caller’s org: `event: review` with a ReviewSummary',
            description: sseDescription,
            querystring: ReviewListQuerySchema,
          },
        },
        (request, reply) => streamReviewList(deps, authOf(request), request.query, request, reply),
      );

      app.get(
        '/reviews/:id/stream',
        {
          config: rateLimitFor(deps.limits, 'streams'),
          schema: {
            tags: ['events'],
            summary: 'Live events of one review; resume with `Last-Event-ID` or `?after=`',
            description: sseDescription,
            params: ReviewIdParamsSchema,
            querystring: ReviewStreamQuerySchema,
          },
        },
        (request, reply) => streamReview(deps, authOf(request), request.params.id, request, reply),
      );
    };
