import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseAllowList, type AllowEntry } from './outbound/allow-list.ts';
import type { OutboundMode } from './outbound/outbound-policy.ts';
import type { TrustProxySetting } from './http/trust-proxy.ts';
import type { S3Settings } from './artifacts/s3-artifact-store.ts';

/** ALERT_EVAL_MS when unset: alert rules are evaluated once a minute. */
export const DEFAULT_ALERT_EVAL_MS = 60_000;

/**
 * The only reader of the environment. Everything else receives a `Config`.
 * A bad or missing value stops start-up with one line naming the variable and what is expected.
 */
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** proxy-addr's named ranges, which Fastify's `trustProxy` list accepts besides addresses and CIDRs. */
const namedProxyRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (namedProxyRanges.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  // A mask in dotted form (10.0.0.0/255.0.0.0) is accepted by proxy-addr for IPv4.
  if (family === 4 && isIP(prefix) === 4) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies may set X-Forwarded-For/-Proto/-Host, in the forms Fastify's `trustProxy` takes:
 * `true` (any), `false`, a hop count, or a list of addresses/CIDRs. Unset means none: a client
 * could otherwise pick its own address (and a fresh rate-limit budget) with one header.
 */
const trustProxy = z.string().transform((raw, ctx): TrustProxySetting => {
  const value = raw.trim();
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `expected true, a hop count, or comma-separated proxy IPs/CIDRs; not ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
    });
    return z.NEVER;
  }
  return entries;
});

/** A request budget per minute per user (or per client address when signed out). */
const perMinute = z.coerce.number().int('expected a whole number of requests per minute').min(1).max(1_000_000);

/** DB_STREAM_POOL_MAX's default: catch-up reads are short, and the streams of one review share them. */
export const DEFAULT_STREAM_POOL_MAX = 4;

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  PORT: z.coerce.number().int('expected a port number').min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  JWT_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  SECRETS_KEY: z.string().min(16, 'expected at least 16 characters').optional(),
  DEMO: flag.optional(),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  ARTIFACTS: z.enum(['fs', 's3']).default('fs'),
  ARTIFACT_QUOTA_BYTES: z.coerce
    .number()
    .int('expected a whole number of bytes')
    .min(1, 'expected a positive number of bytes')
    .default(5 * 1024 ** 3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: trustProxy.optional(),
  PUBLIC_URL: z.url('expected the URL users open, e.g. https://reviews.example.com').optional(),
  RATE_LIMIT_STREAMS: perMinute.optional(),
  RATE_LIMIT_INGEST: perMinute.optional(),
  RATE_LIMIT_DOWNLOADS: perMinute.optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_STREAM_POOL_MAX: z.coerce.number().int().min(0).max(50).default(DEFAULT_STREAM_POOL_MAX),
  ENGINE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  BATCH_TOKEN_BUDGET: z.coerce.number().int().min(500).max(1_000_000).default(6_000),
  // Model calls one review may make; the rest of a huge change is reported "over budget" (issue 15 §2).
  MAX_BATCHES_PER_REVIEW: z.coerce.number().int().min(1).max(10_000).default(100),
  STREAM_FIRST_CHUNK_MS: z.coerce.number().int().min(100).default(30_000),
  STREAM_STALL_MS: z.coerce.number().int().min(100).default(60_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  ENGINE_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  STREAM_SLOW_CLIENT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int('expected a whole number of milliseconds')
    .min(1_000, 'expected at least 1000 ms')
    .max(600_000, 'expected at most 600000 ms (10 minutes)')
    .default(10_000),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ENDPOINT: z.url('expected the S3 endpoint URL, e.g. http://minio:9000').optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: flag.optional(),
  OUTBOUND_POLICY: z.enum(['open', 'restricted']).optional(),
  OUTBOUND_ALLOW: z.string().optional(),
  ALERT_EVAL_MS: z.coerce
    .number()
    .int('expected a whole number of milliseconds')
    .min(1_000, 'expected at least 1000 ms')
    .max(3_600_000, 'expected at most 3600000 ms (an hour)')
    .default(DEFAULT_ALERT_EVAL_MS),
});

export interface Config {
  databaseUrl: string | undefined;
  embedded: boolean;
  dataDir: string;
  port: number;
  host: string;
  jwtSecret: string;
  secretsKey: string;
  demo: boolean;
  role: 'all' | 'api' | 'worker';
  artifacts: 'fs' | 's3';
  /** Per-org artifact storage, checked on upload (413 beyond it). */
  artifactQuotaBytes: number;
  /** The key prefix is the store's own default. */
  s3: Omit<S3Settings, 'prefix'> | undefined;
  logLevel: string;
  publicUrl: string | undefined;
  /** Fastify's `trustProxy`: false unless TRUST_PROXY names the proxies in front of us. */
  trustProxy: TrustProxySetting;
  dbPoolMax: number;
  /** Connections of the live streams' own read pool (PostgreSQL); 0 shares the main pool. */
  dbStreamPoolMax: number;
  /** SIGTERM/SIGINT → exit: how long running reviews and the rest of the shutdown may take. */
  shutdownGraceMs: number;
  /** Requests per minute by kind; unset kinds keep the defaults of http/rate-limits.ts. */
  rateLimits: { streams?: number; ingestion?: number; downloads?: number };
  /** Requests made on a tenant's behalf (AI providers, git hosts): see outbound/outbound-policy.ts. */
  outbound: { mode: OutboundMode; allow: AllowEntry[] };
  /** SSE: a client reading nothing for this long, with frames waiting, is dropped. */
  slowClientMs: number;
  /** How often alert rules are evaluated (by one process of the cluster per period). */
  alertEvalMs: number;
  engine: {
    /** How long a worker's claim on a review lasts without renewal (renewed while it runs). */
    leaseMs: number;
    concurrency: number;
    batchConcurrency: number;
    batchTokenBudget: number;
    maxBatchesPerReview: number;
    timeouts: { firstChunkMs: number; stallMs: number; requestMs: number; maxAttempts: number };
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const embedded = e.DATABASE_URL === undefined;
  const dataDir = path.resolve(e.DATA_DIR);

  if (!embedded && !e.JWT_SECRET) {
    throw new ConfigError(
      'Missing environment variable JWT_SECRET: required with DATABASE_URL (an HS256 key of 16+ characters)',
    );
  }
  // Embedded mode keeps generated keys under DATA_DIR so sessions and encrypted secrets survive restarts.
  const stored = embedded ? readOrCreateStoredSecrets(dataDir) : undefined;
  const secretsKey = e.SECRETS_KEY ?? stored?.secretsKey;
  if (!secretsKey) {
    throw new ConfigError(
      'Missing environment variable SECRETS_KEY: required with DATABASE_URL (16+ characters; encrypts connector keys and git tokens)',
    );
  }

  if (e.ARTIFACTS === 's3' && !e.S3_BUCKET) {
    throw new ConfigError(
      'Missing environment variable S3_BUCKET: required with ARTIFACTS=s3 (the bucket that holds artifacts)',
    );
  }
  let allow: AllowEntry[];
  try {
    allow = parseAllowList(e.OUTBOUND_ALLOW);
  } catch (error) {
    throw new ConfigError(`Invalid environment variable OUTBOUND_ALLOW: ${(error as Error).message}`);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    embedded,
    dataDir,
    port: e.PORT,
    host: e.HOST,
    jwtSecret: e.JWT_SECRET ?? stored!.jwtSecret,
    secretsKey,
    demo: e.DEMO ?? embedded,
    role: e.ROLE,
    artifacts: e.ARTIFACTS,
    artifactQuotaBytes: e.ARTIFACT_QUOTA_BYTES,
    s3:
      e.ARTIFACTS === 's3'
        ? {
            bucket: e.S3_BUCKET!,
            region: e.S3_REGION,
            ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
            ...(e.S3_ACCESS_KEY_ID ? { accessKeyId: e.S3_ACCESS_KEY_ID } : {}),
            ...(e.S3_SECRET_ACCESS_KEY ? { secretAccessKey: e.S3_SECRET_ACCESS_KEY } : {}),
            forcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.S3_ENDPOINT !== undefined,
          }
        : undefined,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY ?? false,
    dbPoolMax: e.DB_POOL_MAX,
    dbStreamPoolMax: e.DB_STREAM_POOL_MAX,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    rateLimits: {
      ...(e.RATE_LIMIT_STREAMS === undefined ? {} : { streams: e.RATE_LIMIT_STREAMS }),
      ...(e.RATE_LIMIT_INGEST === undefined ? {} : { ingestion: e.RATE_LIMIT_INGEST }),
      ...(e.RATE_LIMIT_DOWNLOADS === undefined ? {} : { downloads: e.RATE_LIMIT_DOWNLOADS }),
    },
    // A shared server (DATABASE_URL) must not let tenants reach its network; one person's machine
    // usually runs Ollama on localhost.
    outbound: { mode: e.OUTBOUND_POLICY ?? (embedded ? 'open' : 'restricted'), allow },
    slowClientMs: e.STREAM_SLOW_CLIENT_MS,
    alertEvalMs: e.ALERT_EVAL_MS,
    engine: {
      leaseMs: e.ENGINE_LEASE_MS,
      concurrency: e.ENGINE_CONCURRENCY,
      batchConcurrency: e.BATCH_CONCURRENCY,
      batchTokenBudget: e.BATCH_TOKEN_BUDGET,
      maxBatchesPerReview: e.MAX_BATCHES_PER_REVIEW,
      timeouts: {
        firstChunkMs: e.STREAM_FIRST_CHUNK_MS,
        stallMs: e.STREAM_STALL_MS,
        requestMs: e.REQUEST_TIMEOUT_MS,
        maxAttempts: e.MAX_ATTEMPTS,
      },
    },
  };
}

/** Empty strings count as unset, so `FOO= npm start` means "use the default". */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

interface StoredSecrets {
  jwtSecret: string;
  secretsKey: string;
}

function readOrCreateStoredSecrets(dataDir: string): StoredSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredSecrets>;
    if (stored.jwtSecret && stored.secretsKey) return stored as StoredSecrets;
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: StoredSecrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    secretsKey: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
