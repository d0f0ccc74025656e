import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateGitWebhookSchema,
  DeletedResponseSchema,
  GitWebhookListSchema,
  GitWebhookSchema,
  GitWebhookSecretSchema,
  SettingsIdParamsSchema,
  UpdateGitWebhookSchema,
  WebhookDeliveriesQuerySchema,
  WebhookDeliveryPageSchema,
} from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { GitWebhooksService } from './git-webhooks.service.ts';

/** Owner settings: `/git-webhooks` and each webhook's delivery log. */
export const gitWebhooksRoutes =
  (webhooks: GitWebhooksService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['git webhooks'];
    const params = SettingsIdParamsSchema;

    app.get(
      '/git-webhooks',
      {
        schema: {
          tags,
          summary: 'Git webhooks of the org (owner; secrets masked)',
          response: { 200: GitWebhookListSchema, ...errorResponses },
        },
      },
      async (request) => ({ items: await webhooks.list(authOf(request)) }),
    );
    app.get(
      '/git-webhooks/:id',
      {
        schema: {
          tags,
          summary: 'One git webhook (owner)',
          params,
          response: { 200: GitWebhookSchema, ...errorResponses },
        },
      },
      (request) => webhooks.get(authOf(request), request.params.id),
    );
    app.post(
      '/git-webhooks',
      {
        schema: {
          tags,
          summary: 'Add a git webhook (owner); the answer holds its secret, shown this once',
          body: CreateGitWebhookSchema,
          response: { 201: GitWebhookSecretSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await webhooks.create(authOf(request), request.body)),
    );
    app.patch(
      '/git-webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Change a git webhook (owner)',
          params,
          body: UpdateGitWebhookSchema,
          response: { 200: GitWebhookSchema, ...errorResponses },
        },
      },
      (request) => webhooks.update(authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/git-webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Remove a git webhook and its delivery log (owner)',
          params,
          response: { 204: DeletedResponseSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        await webhooks.delete(authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/git-webhooks/:id/rotate-secret',
      {
        schema: {
          tags,
          summary: 'Replace the secret (owner); the old one stops working at once',
          params,
          response: { 200: GitWebhookSecretSchema, ...errorResponses },
        },
      },
      (request) => webhooks.rotateSecret(authOf(request), request.params.id),
    );
    app.get(
      '/git-webhooks/:id/deliveries',
      {
        schema: {
          tags,
          summary: 'Deliveries received, newest first, with the decision taken and why (owner)',
          params,
          querystring: WebhookDeliveriesQuerySchema,
          response: { 200: WebhookDeliveryPageSchema, ...errorResponses },
        },
      },
      (request) => webhooks.deliveries(authOf(request), request.params.id, request.query),
    );
  };
