import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateExternalReviewSchema,
  ReviewDetailSchema,
  ReviewIdParamsSchema,
  ReviewListQuerySchema,
  ReviewListResponseSchema,
  ReviewSummarySchema,
} from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { ReviewsService } from './reviews.service.ts';

export const reviewsRoutes =
  (reviews: ReviewsService): FastifyPluginAsyncZod =>
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

    app.post(
      '/reviews',
      {
        schema: {
          tags: ['reviews'],
          summary: 'Create a review. `engine:"external"`: an external engine reports its progress through ingestion.',
          body: CreateExternalReviewSchema,
          response: { 201: ReviewSummarySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const review = await reviews.createExternal(authOf(request), request.body);
        return reply.status(201).send(review);
      },
    );
  };
