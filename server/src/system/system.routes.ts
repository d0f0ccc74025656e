import type { FastifyPluginAsync } from 'fastify';
import { unavailable } from '../http/errors.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { SystemService } from './system.service.ts';

/** Liveness, readiness and metrics: unauthenticated, for load balancers and Prometheus. */
export const systemRoutes =
  (system: SystemService, metrics: Metrics): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

    app.get('/readyz', { schema: { hide: true } }, async (request) => {
      if (system.shuttingDown) throw unavailable('The server is shutting down');
      let migrated: boolean;
      try {
        migrated = await system.databaseReady();
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        throw unavailable('The database is not reachable');
      }
      if (!migrated) throw unavailable('Database migrations are pending');
      return { ok: true };
    });

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  };
