import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EventSearchQuerySchema,
  EventSearchResponseSchema,
  EventsPageSchema,
  EventsQuerySchema,
  IngestRequestSchema,
  IngestResponseSchema,
  LogDownloadQuerySchema,
  ReviewIdParamsSchema,
} from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { EventsService } from './events.service.ts';
import { rateLimitFor, type RateLimits } from '../http/rate-limits.ts';

export const eventsRoutes =
  (deps: { events: EventsService; limits: RateLimits }): FastifyPluginAsyncZod =>
  async (app) => {
    const { events } = deps;

    app.get(
      '/reviews/:id/events',
      {
        schema: {
          tags: ['events'],
          summary: 'A window of the review’s events by seq (`after`, `before` or `tail`), optionally filtered',
          description:
            '`nextCursor` is the newest seq returned (poll with `after=nextCursor`). With `after`, `hasMore` says newer events exist beyond this page; with `before`/`tail`, that older ones exist.',
          params: ReviewIdParamsSchema,
          querystring: EventsQuerySchema,
          response: { 200: EventsPageSchema, ...errorResponses },
        },
      },
      (request) => events.window(authOf(request), request.params.id, request.query),
    );

    app.get(
      '/reviews/:id/events/search',
      {
        // It may read the whole log, as the download does, so it shares that limit.
        config: rateLimitFor(deps.limits, 'downloads'),
        schema: {
          tags: ['events'],
          summary: 'Search the review’s whole log for `q` (case-insensitive): the seqs of the matching lines',
          description:
            'Matches the line text a reader sees (message, batch id, level). Stops at `limit` matches: then `hasMore` is true and the search continues with `after=nextCursor`. `scannedThrough` is the last seq searched; events appended later are searched from there.',
          params: ReviewIdParamsSchema,
          querystring: EventSearchQuerySchema,
          response: { 200: EventSearchResponseSchema, ...errorResponses },
        },
      },
      (request) => events.search(authOf(request), request.params.id, request.query),
    );

    app.post(
      '/reviews/:id/events',
      {
        bodyLimit: 1024 * 1024,
        config: rateLimitFor(deps.limits, 'ingestion'),
        schema: {
          tags: ['events'],
          summary: 'Ingestion: append up to 1000 events (owner/super_admin); idempotent by `eventId`',
          params: ReviewIdParamsSchema,
          body: IngestRequestSchema,
          response: { 200: IngestResponseSchema, ...errorResponses },
        },
      },
      (request) => events.ingest(authOf(request), request.params.id, request.body.events),
    );

    app.get(
      '/reviews/:id/log',
      {
        config: rateLimitFor(deps.limits, 'downloads'),
        schema: {
          tags: ['events'],
          summary: 'The full log as a download (text or NDJSON), streamed; works mid-run',
          params: ReviewIdParamsSchema,
          querystring: LogDownloadQuerySchema,
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const format = request.query.format;
        const lines = await events.logLines(authOf(request), id, format);
        const extension = format === 'ndjson' ? 'ndjson' : 'txt';
        reply
          .type(format === 'ndjson' ? 'application/x-ndjson; charset=utf-8' : 'text/plain; charset=utf-8')
          .header('content-disposition', `attachment; filename="review-${id}-log.${extension}"`)
          .header('cache-control', 'no-store');
        // Streamed page by page: a million-event log never sits in memory.
        return reply.send(Readable.from(lines, { objectMode: false }));
      },
    );
  };
