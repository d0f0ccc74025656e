import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ConnectorHealthQuerySchema, ConnectorHealthResponseSchema } from '@reviewtrace/contracts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { AnalyticsService } from './analytics.service.ts';

export const analyticsRoutes =
  (analytics: AnalyticsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/analytics/connectors',
      {
        schema: {
          tags: ['analytics'],
          summary: 'Health of each connector × model over a window (owners: their org; super_admins: any)',
          description:
            'Reviews created in `[from, to)` (default: the last 7 days; at most 92 days), per org, connector and model: outcomes, failure and fallback rates, duration percentiles, top error categories, and a series by hour (windows up to 48 h) or day.',
          querystring: ConnectorHealthQuerySchema,
          response: { 200: ConnectorHealthResponseSchema, ...errorResponses },
        },
      },
      (request) => analytics.connectorHealth(authOf(request), request.query),
    );
  };
