import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ArtifactContentParamsSchema,
  ArtifactContentQuerySchema,
  ArtifactListQuerySchema,
  ArtifactListSchema,
  ArtifactUploadParamsSchema,
  ArtifactUploadQuerySchema,
  ArtifactUploadResponseSchema,
  ReviewIdParamsSchema,
} from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import { badRequest } from '../http/errors.ts';
import { DEFAULT_MAX_UPLOAD_BYTES, downloadName, type ArtifactsService } from './artifacts.service.ts';
import { rateLimitFor, type RateLimits } from '../http/rate-limits.ts';

/** Artifact routes that need a signed-in caller (registered in the authenticated scope). */
export const artifactsRoutes =
  (artifacts: ArtifactsService, limits: RateLimits): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/reviews/:id/artifacts',
      {
        schema: {
          tags: ['artifacts'],
          summary: 'Artifacts of a review with previews; `url` (signed, 300 s) only for owners and super_admins',
          params: ReviewIdParamsSchema,
          querystring: ArtifactListQuerySchema,
          response: { 200: ArtifactListSchema, ...errorResponses },
        },
      },
      async (request) => ({
        items: await artifacts.list(authOf(request), request.params.id, {
          kinds: request.query.kind,
          batchIds: request.query.batch_id,
        }),
      }),
    );

    // Uploads stream straight to the store: any content type, never parsed or buffered.
    await app.register(async (upload) => {
      upload.removeAllContentTypeParsers();
      upload.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      upload.withTypeProvider<ZodTypeProvider>().put(
        '/reviews/:id/artifacts/:kind',
        {
          // Enforced while streaming (ArtifactsService: the upload limit and the org's quota).
          bodyLimit: DEFAULT_MAX_UPLOAD_BYTES,
          config: rateLimitFor(limits, 'ingestion'),
          schema: {
            tags: ['artifacts'],
            summary:
              'Upload an artifact (owner, external engines): the raw body is stored as sent, with its Content-Type',
            params: ArtifactUploadParamsSchema,
            querystring: ArtifactUploadQuerySchema,
            response: { 201: ArtifactUploadResponseSchema, ...errorResponses },
          },
        },
        async (request, reply) => {
          // Fastify parses no body at all for a request without one (no Content-Length, no chunks).
          if (!(request.body instanceof Readable)) {
            throw badRequest('Send the artifact as the request body', [{ field: 'body', message: 'no body was sent' }]);
          }
          const declared = request.headers['content-length'];
          const created = await artifacts.upload(authOf(request), request.params.id, request.params.kind, {
            batchId: request.query.batch_id,
            body: request.body,
            contentType: request.headers['content-type'] ?? 'application/octet-stream',
            declaredBytes: declared && /^\d+$/.test(declared) ? Number(declared) : undefined,
          });
          return reply.status(201).send(created);
        },
      );
    });
  };

/** The signed download: outside the authenticated scope (the signature is the authorization). */
export const artifactContentRoutes =
  (artifacts: ArtifactsService, limits: RateLimits): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/artifacts/:artifactId/content',
      {
        config: rateLimitFor(limits, 'downloads'),
        schema: {
          tags: ['artifacts'],
          summary:
            'Download an artifact through a signed link (403 when expired or tampered, 404 when its content is gone)',
          params: ArtifactContentParamsSchema,
          querystring: ArtifactContentQuerySchema,
        },
      },
      async (request, reply) => {
        const { row, body } = await artifacts.open(request.params.artifactId, request.query.exp, request.query.sig);
        const name = downloadName(row);
        return reply
          .type(row.contentType)
          .header('content-length', String(row.sizeBytes))
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'private, no-store')
          .send(body);
      },
    );
  };
