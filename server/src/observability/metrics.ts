import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process: request durations by route, and database pool use. */
export function createMetrics(pool: pg.Pool) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const poolGauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  poolGauge('db_pool_connections_total', 'Connections open in the database pool', () => pool.totalCount);
  poolGauge('db_pool_connections_idle', 'Idle connections in the database pool', () => pool.idleCount);
  poolGauge('db_pool_waiting_requests', 'Queries waiting for a pool connection', () => pool.waitingCount);

  return {
    registry,
    /** Live streams of this process: how many are open, and how many were dropped for not reading. */
    watchStreams(streams: { readonly openStreams: number; readonly slowClientsDropped: number }) {
      poolGauge('sse_streams_open', 'SSE streams and WebSockets open in this process', () => streams.openStreams);
      new Gauge({
        name: 'sse_slow_clients_dropped_total',
        help: 'SSE streams and WebSockets (close 4008) ended because the client read nothing for STREAM_SLOW_CLIENT_MS',
        registers: [registry],
        collect() {
          this.set(streams.slowClientsDropped);
        },
      });
    },
    /** Times every request by its route template (never the raw URL: ids would explode cardinality). */
    register(app: FastifyInstance) {
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        requestDuration.observe(
          { method: request.method, route, status_code: String(reply.statusCode) },
          reply.elapsedTime / 1000,
        );
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
