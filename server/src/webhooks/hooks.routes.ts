import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HookReceiptSchema, SettingsIdParamsSchema } from '@reviewtrace/contracts';
import { errorResponses } from '../http/openapi.ts';
import type { HookIntake, HookProvider } from './hook-intake.service.ts';

/** GitHub caps deliveries at 25 MB; pull request payloads are tens of KB. Larger is a 413. */
export const HOOK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * The receivers GitHub and GitLab call: no JWT (the webhook's secret is the credential), and the
 * body kept as the exact bytes that arrived, because the signature is over them: this scope
 * replaces every body parser with one that parses nothing.
 */
export const hooksRoutes =
  (intake: HookIntake): FastifyPluginAsyncZod =>
  async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: HOOK_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );

    const receiver = (provider: HookProvider, header: string) =>
      app.post(
        `/hooks/${provider}/:id`,
        {
          schema: {
            tags: ['git webhooks'],
            summary: `Receiver for ${provider === 'github' ? 'GitHub' : 'GitLab'} deliveries (${header}; no JWT)`,
            security: [],
            params: SettingsIdParamsSchema,
            response: { 202: HookReceiptSchema, ...errorResponses },
          },
        },
        async (request, reply) => {
          const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const receipt = await intake.receive(provider, request.params.id, {
            rawBody,
            contentType: request.headers['content-type'],
            headers: request.headers,
          });
          return reply.status(202).send(receipt);
        },
      );
    receiver('github', 'X-Hub-Signature-256');
    receiver('gitlab', 'X-Gitlab-Token');
  };
