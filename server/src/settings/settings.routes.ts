import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ConnectorListSchema,
  ConnectorSchema,
  ConnectorTestResultSchema,
  CreateConnectorSchema,
  CreateIntegrationTokenSchema,
  DeletedResponseSchema,
  IntegrationTokenListSchema,
  IntegrationTokenSchema,
  SettingsIdParamsSchema,
  UpdateConnectorSchema,
  UpdateIntegrationTokenSchema,
} from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { SettingsService } from './settings.service.ts';
import { rateLimitFor, type RateLimits } from '../http/rate-limits.ts';

export const settingsRoutes =
  (settings: SettingsService, limits: RateLimits): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['settings'];
    const idParams = SettingsIdParamsSchema;

    app.get(
      '/connectors',
      {
        schema: {
          tags,
          summary: 'AI connectors of the org (keys masked)',
          response: { 200: ConnectorListSchema, ...errorResponses },
        },
      },
      async (request) => ({
        items: await settings.listConnectors(authOf(request)),
      }),
    );
    app.get(
      '/connectors/:id',
      {
        schema: {
          tags,
          summary: 'One connector',
          params: idParams,
          response: { 200: ConnectorSchema, ...errorResponses },
        },
      },
      (request) => settings.getConnector(authOf(request), request.params.id),
    );
    app.post(
      '/connectors',
      {
        schema: {
          tags,
          summary: 'Add a connector (owner); the API key is stored encrypted',
          body: CreateConnectorSchema,
          response: { 201: ConnectorSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await settings.createConnector(authOf(request), request.body)),
    );
    app.patch(
      '/connectors/:id',
      {
        schema: {
          tags,
          summary: 'Change a connector (owner); `apiKey` rotates, null removes',
          params: idParams,
          body: UpdateConnectorSchema,
          response: { 200: ConnectorSchema, ...errorResponses },
        },
      },
      (request) => settings.updateConnector(authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/connectors/:id',
      {
        schema: {
          tags,
          summary: 'Remove a connector (owner)',
          params: idParams,
          response: { 204: DeletedResponseSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        await settings.deleteConnector(authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/connectors/:id/test',
      {
        config: rateLimitFor(limits, 'connectorTests'),
        schema: {
          tags,
          summary: 'Check that the connector is reachable and its key accepted (owner)',
          params: idParams,
          response: { 200: ConnectorTestResultSchema, ...errorResponses },
        },
      },
      (request) => settings.testConnector(authOf(request), request.params.id),
    );

    app.get(
      '/integration-tokens',
      {
        schema: {
          tags,
          summary: 'Git tokens of the org (owner; tokens masked)',
          response: { 200: IntegrationTokenListSchema, ...errorResponses },
        },
      },
      async (request) => ({
        items: await settings.listTokens(authOf(request)),
      }),
    );
    app.get(
      '/integration-tokens/:id',
      {
        schema: {
          tags,
          summary: 'One git token (owner)',
          params: idParams,
          response: { 200: IntegrationTokenSchema, ...errorResponses },
        },
      },
      (request) => settings.getToken(authOf(request), request.params.id),
    );
    app.post(
      '/integration-tokens',
      {
        schema: {
          tags,
          summary: 'Add a git token (owner); stored encrypted',
          body: CreateIntegrationTokenSchema,
          response: { 201: IntegrationTokenSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await settings.createToken(authOf(request), request.body)),
    );
    app.patch(
      '/integration-tokens/:id',
      {
        schema: {
          tags,
          summary: 'Change or rotate a git token (owner)',
          params: idParams,
          body: UpdateIntegrationTokenSchema,
          response: { 200: IntegrationTokenSchema, ...errorResponses },
        },
      },
      (request) => settings.updateToken(authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/integration-tokens/:id',
      {
        schema: {
          tags,
          summary: 'Remove a git token (owner)',
          params: idParams,
          response: { 204: DeletedResponseSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        await settings.deleteToken(authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
