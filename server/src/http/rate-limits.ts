import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';

/** Requests per minute per user (in the org they act in), by kind of endpoint. */
export interface RateLimits {
  /** Opening SSE streams (a reconnect loop must not hammer the database). */
  streams: number;
  /** Ingestion requests (each up to 1000 events). */
  ingestion: number;
  /** Log, summary and artifact downloads. */
  downloads: number;
  /** Connector tests: each sends a request to a host an owner chose, so they stay few. */
  connectorTests: number;
}

export const defaultRateLimits: RateLimits = { streams: 120, ingestion: 600, downloads: 120, connectorTests: 10 };

/**
 * Registers the limiter without a global limit; routes opt in with `rateLimitFor(kind)`. It runs
 * after authentication (preHandler), so the key is the user and org, not a shared proxy's IP; a
 * signed download (no user) is keyed by its address and artifact.
 */
export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(fastifyRateLimit, { global: false, hook: 'preHandler', timeWindow: 60_000 });
}

function keyOf(kind: keyof RateLimits) {
  return (request: FastifyRequest) => {
    const auth = request.auth;
    if (auth) return `${kind}:${auth.orgId}:${auth.userId}`;
    const params = request.params as { artifactId?: string };
    return `${kind}:${request.ip}:${params.artifactId ?? ''}`;
  };
}

export function rateLimitFor(limits: RateLimits, kind: keyof RateLimits) {
  return { rateLimit: { max: limits[kind], timeWindow: 60_000, keyGenerator: keyOf(kind) } };
}
