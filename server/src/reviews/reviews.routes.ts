import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CancelResponseSchema,
  CreateReviewSchema,
  RetryBodySchema,
  RetryHeadersSchema,
  RetryResponseSchema,
  ReviewDetailSchema,
  ReviewIdParamsSchema,
  ReviewListQuerySchema,
  ReviewListResponseSchema,
  ReviewSummarySchema,
  SummaryDownloadQuerySchema,
  type SummaryDownload,
} from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { ReviewsService } from './reviews.service.ts';
import type { ReviewCommands } from './review-commands.service.ts';
import { summaryMarkdown } from './summary-download.ts';
import { rateLimitFor, type RateLimits } from '../http/rate-limits.ts';

export const reviewsRoutes =
  (reviews: ReviewsService, commands: ReviewCommands, limits: RateLimits): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/reviews',
      {
        schema: {
          tags: ['reviews'],
          summary: 'List reviews with filters, search, sort and pagination',
          querystring: ReviewListQuerySchema,
          response: { 200: ReviewListResponseSchema, ...errorResponses },
        },
      },
      (request) => reviews.list(authOf(request), request.query),
    );

    app.get(
      '/reviews/:id',
      {
        schema: {
          tags: ['reviews'],
          summary: 'One review with its batches, milestones and result (derived from its events)',
          params: ReviewIdParamsSchema,
          response: { 200: ReviewDetailSchema, ...errorResponses },
        },
      },
      (request) => reviews.detail(authOf(request), request.params.id),
    );

    app.get(
      '/reviews/:id/summary',
      {
        config: rateLimitFor(limits, 'downloads'),
        schema: {
          tags: ['reviews'],
          summary: 'The final summary and comments as a download (markdown or JSON)',
          params: ReviewIdParamsSchema,
          querystring: SummaryDownloadQuerySchema,
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { review: detail, comments } = await reviews.summaryDownload(authOf(request), id);
        const json = request.query.format === 'json';
        reply.header('content-disposition', `attachment; filename="review-${id}-summary.${json ? 'json' : 'md'}"`);
        if (json) {
          const body: SummaryDownload = { review: detail, comments };
          return reply.type('application/json; charset=utf-8').send(JSON.stringify(body, null, 2));
        }
        return reply.type('text/markdown; charset=utf-8').send(summaryMarkdown(detail, comments));
      },
    );

    app.post(
      '/reviews',
      {
        schema: {
          tags: ['reviews'],
          summary:
            'Create a review: `prMrUrl` or a pasted `diff` with a `connectorId` (queued for the built-in engine), or `engine:"external"` (progress arrives through ingestion).',
          body: CreateReviewSchema,
          response: { 201: ReviewSummarySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const body = request.body;
        const review =
          body.engine === 'external'
            ? await reviews.createExternal(auth, { ...body, engine: 'external' })
            : await commands.createForEngine(auth, body);
        return reply.status(201).send(review);
      },
    );

    app.post(
      '/reviews/:id/cancel',
      {
        schema: {
          tags: ['reviews'],
          summary: 'Cancel a queued or running review (409 otherwise); a running engine stops within 5 s',
          params: ReviewIdParamsSchema,
          response: { 202: CancelResponseSchema, 409: errorResponses[404], ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(202).send({ review: await commands.cancel(authOf(request), request.params.id) }),
    );

    app.post(
      '/reviews/:id/retry',
      {
        schema: {
          tags: ['reviews'],
          summary:
            'Retry a failed or canceled review as a new linked review (409 otherwise); `{"only":"failed_batches"}` re-runs only the failed batches of a partial review and carries the rest over. Honours Idempotency-Key',
          params: ReviewIdParamsSchema,
          headers: RetryHeadersSchema,
          body: RetryBodySchema,
          response: { 202: RetryResponseSchema, 409: errorResponses[404], ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(202).send({
          review: await commands.retry(
            authOf(request),
            request.params.id,
            request.headers['idempotency-key'],
            request.body,
          ),
        }),
    );
  };
