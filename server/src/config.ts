import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of the environment. Everything else receives a `Config`.
 * A bad or missing value stops start-up with one line naming the variable and what is expected.
 */
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

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
  PUBLIC_URL: z.url('expected the URL users open, e.g. https://reviews.example.com').optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  ENGINE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  BATCH_TOKEN_BUDGET: z.coerce.number().int().min(500).max(1_000_000).default(6_000),
  STREAM_FIRST_CHUNK_MS: z.coerce.number().int().min(100).default(30_000),
  STREAM_STALL_MS: z.coerce.number().int().min(100).default(60_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ENDPOINT: z.url('expected the S3 endpoint URL, e.g. http://minio:9000').optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: flag.optional(),
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
  s3:
    | {
        bucket: string;
        region: string;
        endpoint?: string;
        accessKeyId?: string;
        secretAccessKey?: string;
        forcePathStyle: boolean;
      }
    | undefined;
  logLevel: string;
  publicUrl: string | undefined;
  dbPoolMax: number;
  engine: {
    concurrency: number;
    batchConcurrency: number;
    batchTokenBudget: number;
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
    dbPoolMax: e.DB_POOL_MAX,
    engine: {
      concurrency: e.ENGINE_CONCURRENCY,
      batchConcurrency: e.BATCH_CONCURRENCY,
      batchTokenBudget: e.BATCH_TOKEN_BUDGET,
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
