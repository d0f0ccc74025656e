import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';

/** Requests per minute, by kind of endpoint: per user when signed in, else per client address. */
export interface RateLimits {
  /** Opening SSE streams (a reconnect loop must not hammer the database). */
  streams: number;
  /** Ingestion requests (each up to 1000 events). */
  ingestion: number;
  /** Log, summary and artifact downloads. */
  downloads: number;
  /** Sign-in attempts (pasted tokens, sign-in links), per client address: guessing is slow. */
  signIn: number;
  /** Connector tests: each sends a request to a host an owner chose, so they stay few. */
  connectorTests: number;
}

export const defaultRateLimits: RateLimits = {
  streams: 120,
  ingestion: 600,
  downloads: 120,
  signIn: 30,
  connectorTests: 10,
};

/**
 * Registers the limiter without a global limit; routes opt in with `rateLimitFor(kind)`.
 *
 * It counts in `preParsing`: after authentication (`onRequest`), so the key is the user and a
 * request without valid credentials is refused before it can spend anyone's budget; and before the
 * body is parsed and validated, so a flood of malformed or invalid requests (400s) is limited too.
 */
export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(fastifyRateLimit, { global: false, hook: 'preParsing', timeWindow: 60_000 });
}

/**
 * One budget per user across every org they act in (X-Org-Context must not multiply it). Without a
 * user (signed downloads, sign-in) the client's address is the key: the socket's peer unless
 * TRUST_PROXY names the proxies whose X-Forwarded-For may be believed. IPv6 clients are grouped by
 * prefix (the plugin's default), since one host commonly holds a whole /64.
 */
function keyOf(kind: keyof RateLimits) {
  return (request: FastifyRequest) => {
    const userId = request.auth?.userId;
    return userId === undefined ? `${kind}:ip:${normalizeIP(request.ip)}` : `${kind}:user:${userId}`;
  };
}

export function rateLimitFor(limits: RateLimits, kind: keyof RateLimits) {
  return { rateLimit: { max: limits[kind], timeWindow: 60_000, keyGenerator: keyOf(kind) } };
}
