import type { FastifyPluginAsync } from 'fastify';
import { ping, type Db } from '../db/database.ts';
import { isMigrated } from '../db/migrator.ts';
import { unavailable } from '../http/errors.ts';
import type { Metrics } from '../observability/metrics.ts';

/** Liveness, readiness and metrics: unauthenticated, for load balancers and Prometheus. */
export const systemRoutes =
  (db: Db, metrics: Metrics): FastifyPluginAsync =>
  async (app) => {
    let migrated = false;

    app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

    app.get('/readyz', { schema: { hide: true } }, async (request) => {
      try {
        await ping(db);
        // Once migrated, stays migrated for this process's life (migrations are forward-only).
        migrated ||= await isMigrated(db);
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
