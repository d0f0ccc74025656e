import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AlertDeliveriesQuerySchema,
  AlertDeliveryListSchema,
  AlertDeliveryParamsSchema,
  AlertEndpointListSchema,
  AlertEndpointSchema,
  AlertEndpointSecretSchema,
  AlertListSchema,
  AlertRuleListSchema,
  AlertRuleSchema,
  AlertsQuerySchema,
  CreateAlertEndpointSchema,
  CreateAlertRuleSchema,
  DeletedResponseSchema,
  QueuedDeliverySchema,
  SettingsIdParamsSchema,
  UpdateAlertEndpointSchema,
  UpdateAlertRuleSchema,
} from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { AlertRulesService } from './alert-rules.service.ts';
import type { AlertEndpointsService } from './alert-endpoints.service.ts';
import type { AlertsService } from './alerts.service.ts';

export interface AlertServices {
  /** ALERT_EVAL_MS: said with the rules, so Settings tells how often they are evaluated. */
  evaluatedEveryMs: number;
  rules: AlertRulesService;
  endpoints: AlertEndpointsService;
  alerts: AlertsService;
}

/** Owner settings: `/alert-rules`, `/alert-endpoints` with their delivery log, and `/alerts`. */
export const alertsRoutes =
  ({ evaluatedEveryMs, rules, endpoints, alerts }: AlertServices): FastifyPluginAsyncZod =>
  async (app) => {
    const params = SettingsIdParamsSchema;
    const ruleTags = ['alert rules'];
    const endpointTags = ['alert endpoints'];

    app.get(
      '/alert-rules',
      {
        schema: {
          tags: ruleTags,
          summary: 'Alert rules of the org (owner)',
          response: { 200: AlertRuleListSchema, ...errorResponses },
        },
      },
      async (request) => ({ items: await rules.list(authOf(request)), evaluatedEveryMs }),
    );
    app.get(
      '/alert-rules/:id',
      {
        schema: {
          tags: ruleTags,
          summary: 'One alert rule (owner)',
          params,
          response: { 200: AlertRuleSchema, ...errorResponses },
        },
      },
      (request) => rules.get(authOf(request), request.params.id),
    );
    app.post(
      '/alert-rules',
      {
        schema: {
          tags: ruleTags,
          summary: 'Add an alert rule (owner; allOrgs: super_admin)',
          body: CreateAlertRuleSchema,
          response: { 201: AlertRuleSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await rules.create(authOf(request), request.body)),
    );
    app.patch(
      '/alert-rules/:id',
      {
        schema: {
          tags: ruleTags,
          summary: 'Change an alert rule (owner)',
          params,
          body: UpdateAlertRuleSchema,
          response: { 200: AlertRuleSchema, ...errorResponses },
        },
      },
      (request) => rules.update(authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/alert-rules/:id',
      {
        schema: {
          tags: ruleTags,
          summary: 'Remove an alert rule and its alert history (owner)',
          params,
          response: { 204: DeletedResponseSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        await rules.delete(authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/alert-endpoints',
      {
        schema: {
          tags: endpointTags,
          summary: 'Webhook endpoints of the org (owner; secrets masked)',
          response: { 200: AlertEndpointListSchema, ...errorResponses },
        },
      },
      async (request) => ({ items: await endpoints.list(authOf(request)) }),
    );
    app.get(
      '/alert-endpoints/:id',
      {
        schema: {
          tags: endpointTags,
          summary: 'One webhook endpoint (owner)',
          params,
          response: { 200: AlertEndpointSchema, ...errorResponses },
        },
      },
      (request) => endpoints.get(authOf(request), request.params.id),
    );
    app.post(
      '/alert-endpoints',
      {
        schema: {
          tags: endpointTags,
          summary: 'Add a webhook endpoint (owner); the answer holds its whsec_ secret, shown this once',
          body: CreateAlertEndpointSchema,
          response: { 201: AlertEndpointSecretSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await endpoints.create(authOf(request), request.body)),
    );
    app.patch(
      '/alert-endpoints/:id',
      {
        schema: {
          tags: endpointTags,
          summary: 'Change a webhook endpoint (owner)',
          params,
          body: UpdateAlertEndpointSchema,
          response: { 200: AlertEndpointSchema, ...errorResponses },
        },
      },
      (request) => endpoints.update(authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/alert-endpoints/:id',
      {
        schema: {
          tags: endpointTags,
          summary: 'Remove a webhook endpoint and its delivery log (owner)',
          params,
          response: { 204: DeletedResponseSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        await endpoints.delete(authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/alert-endpoints/:id/rotate-secret',
      {
        schema: {
          tags: endpointTags,
          summary: 'New secret (owner); for 24 h both secrets sign (space-separated signatures)',
          params,
          response: { 200: AlertEndpointSecretSchema, ...errorResponses },
        },
      },
      (request) => endpoints.rotateSecret(authOf(request), request.params.id),
    );
    app.post(
      '/alert-endpoints/:id/test',
      {
        schema: {
          tags: endpointTags,
          summary: 'Queue a webhook.test notification to this endpoint (owner)',
          params,
          response: { 202: QueuedDeliverySchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(202).send(await endpoints.sendTest(authOf(request), request.params.id)),
    );
    app.get(
      '/alert-endpoints/:id/deliveries',
      {
        schema: {
          tags: endpointTags,
          summary: 'Deliveries to this endpoint, newest first, with every attempt (owner)',
          params,
          querystring: AlertDeliveriesQuerySchema,
          response: { 200: AlertDeliveryListSchema, ...errorResponses },
        },
      },
      async (request) => ({
        items: await endpoints.deliveries(authOf(request), request.params.id, request.query.limit),
      }),
    );
    app.post(
      '/alert-endpoints/:id/deliveries/:deliveryId/redeliver',
      {
        schema: {
          tags: endpointTags,
          summary: 'Send a delivery again now, with the same webhook-id (owner)',
          params: AlertDeliveryParamsSchema,
          response: { 202: QueuedDeliverySchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(await endpoints.redeliver(authOf(request), request.params.id, request.params.deliveryId)),
    );

    app.get(
      '/alerts',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Alert history of the org, newest first (owner)',
          querystring: AlertsQuerySchema,
          response: { 200: AlertListSchema, ...errorResponses },
        },
      },
      async (request) => ({ items: await alerts.list(authOf(request), request.query) }),
    );
  };
