import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from '../../server/src/app.ts';
import { JwtCodec } from '../../server/src/auth/jwt.ts';
import type { Database } from '../../server/src/db/database.ts';
import { defaultRateLimits, type RateLimits } from '../../server/src/http/rate-limits.ts';

export interface RunningApp {
  baseUrl: string;
  /** Bearer token of the seeded owner, acting in their default (the main) org. */
  token: string;
  /** Server-side duration (ms) of each completed request, by request URL, filled by an onResponse hook. */
  serverMs: Map<string, number[]>;
  close(): Promise<void>;
}

/** Shared by every app the bench starts, in process or as a child (JWT_SECRET), so one token works on all. */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret';
const jwt = new JwtCodec(BENCH_JWT_SECRET);

/**
 * The bench drives one user far past a person's request rate, as a busy external engine does, so it
 * raises the budgets the way an operator would (RATE_LIMIT_* for a process; the same values in
 * process). Every kind is raised, including ones added later, so quick and full runs alike never
 * meet a 429 that a limit meant for people would answer.
 */
export const BENCH_RATE_LIMIT = 1_000_000;
export const benchRateLimits = Object.fromEntries(
  Object.keys(defaultRateLimits).map((kind) => [kind, BENCH_RATE_LIMIT]),
) as Record<keyof RateLimits, number>;
export const benchRateLimitEnv = {
  RATE_LIMIT_STREAMS: String(BENCH_RATE_LIMIT),
  RATE_LIMIT_INGEST: String(BENCH_RATE_LIMIT),
  RATE_LIMIT_DOWNLOADS: String(BENCH_RATE_LIMIT),
};

/** A bearer token for a seeded user (long enough for any full run). */
export const signToken = (userId: number) => jwt.sign(userId, { expiresIn: '2h' });

/**
 * The real app on a real loopback port: the measurement includes routing, auth (JWT verify plus the
 * membership query on every request), zod validation and response serialisation, like production.
 * `extra` overrides app options a section needs (e.g. the live section's higher stream caps).
 */
export async function startApp(
  database: Database,
  userId: number,
  extra: Partial<Omit<AppOptions, 'database'>> = {},
): Promise<RunningApp> {
  const app = await buildApp({
    database,
    jwtSecret: BENCH_JWT_SECRET,
    logLevel: 'silent',
    webDist: '/nonexistent',
    rateLimits: benchRateLimits,
    ...extra,
  });
  const serverMs = new Map<string, number[]>();
  app.addHook('onResponse', async (request, reply) => {
    const list = serverMs.get(request.url) ?? [];
    list.push(reply.elapsedTime);
    serverMs.set(request.url, list);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const token = await signToken(userId);
  return { baseUrl: `http://127.0.0.1:${port}`, token, serverMs, close: () => app.close() };
}

export interface TimedResponse<T> {
  ms: number;
  body: T;
}

/** One GET, timed from send to the body's last byte (parsing excluded); a non-200 is a crash, not a sample. */
export async function timedGet<T>(app: RunningApp, pathAndQuery: string): Promise<TimedResponse<T>> {
  const start = performance.now();
  const response = await fetch(app.baseUrl + pathAndQuery, { headers: { authorization: `Bearer ${app.token}` } });
  const text = await response.text();
  const ms = performance.now() - start;
  if (response.status !== 200) throw new Error(`GET ${pathAndQuery} → ${response.status}: ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) as T };
}
