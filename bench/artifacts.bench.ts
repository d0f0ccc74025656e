/**
 * "artifacts" section: one big artifact (100 MiB; quick: 20 MiB) uploaded and downloaded through real
 * HTTP, with the fs store and with the S3 store (s3rver on loopback), and the server's own memory
 * while it moves: the design rule is that a 200 MB artifact is never buffered in memory, so the
 * server's peak RSS over its settled baseline must stay well under the artifact's size.
 *
 * The server is a separate process (`server/src/main.ts`, env only) on its own PostgreSQL database
 * (BENCH_DATABASE_URL's name + "_artifacts"), so /proc/<pid> is the server alone: the client, s3rver
 * and the bench's bookkeeping live in this process. Throughput is reported, never judged.
 */
import { createOrg, createUser, grantRole } from '../server/src/admin/admin.repository.ts';
import { UrlSigner } from '../server/src/artifacts/url-signing.ts';
import type { Db } from '../server/src/db/database.ts';
import { BENCH_JWT_SECRET, signToken } from './lib/app-server.ts';
import { measureTransfer } from './lib/artifacts-memory.ts';
import {
  makeDataDir,
  startArtifactServer,
  startLocalS3,
  type ArtifactServer,
  type LocalS3,
  type StoreMode,
} from './lib/artifacts-server.ts';
import { modeTable, type TransferCase } from './lib/artifacts-tables.ts';
import {
  artifactUrl,
  diffChunk,
  downloadBytes,
  MIB,
  uploadArtifact,
  type UploadedArtifact,
} from './lib/artifacts-transfer.ts';
import { contentionNote } from './lib/contention.ts';
import { log } from './lib/log.ts';
import { benchDatabaseUrl, freshBenchDatabase } from './lib/postgres.ts';
import type { BenchOptions, ResultTable, SectionResult } from './lib/section.ts';

export interface ArtifactsPlan {
  /** Size of the measured artifact. */
  bytes: number;
  /** One small upload and download each way first, in every process: JIT, lazily loaded SDK code, pools. */
  warmupBytes: number;
  /** Each case this many times, each time in a fresh server process. */
  runs: number;
  /** The peak RSS delta must stay under this share of the artifact's size (when judged). */
  maxDeltaShare: number;
  /**
   * Below this size a bounded pipeline cannot be told from one that buffers everything (the S3
   * store alone keeps 2 parts of 8 MiB in flight), so the memory rows are informational.
   */
  judgeFromBytes: number;
}

function artifactsPlan(quick: boolean): ArtifactsPlan {
  return {
    bytes: (quick ? 20 : 100) * MIB,
    warmupBytes: MIB,
    runs: quick ? 1 : 3,
    maxDeltaShare: 0.5,
    judgeFromBytes: 64 * MIB,
  };
}

/** The section's own database: its schema is dropped on every run. */
function artifactsBenchUrl(): string {
  const url = new URL(benchDatabaseUrl());
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'reviewtrace_bench';
  url.pathname = `/${encodeURIComponent(`${name}_artifacts`)}`;
  return url.toString();
}

const TEXT = 'text/x-diff';
const BINARY = 'application/octet-stream';

interface Owner {
  orgId: number;
  token: string;
  reviewId: number;
}

/**
 * One measured case: `prepare` runs on the fresh server before measuring (listing a url is not
 * part of a download) and returns the transfer; `stored` is this run's text upload.
 */
interface CaseSpec {
  name: (mode: StoreMode) => string;
  kind: TransferCase['kind'];
  modes: StoreMode[];
  prepare(client: Client, stored: UploadedArtifact | undefined): Promise<() => Promise<UploadedArtifact | number>>;
}

const needStored = (stored: UploadedArtifact | undefined) => {
  if (!stored) throw new Error('a download case needs the text upload of the same run');
  return stored;
};

/**
 * In this order in every run: the text upload is what the downloads fetch. Every case gets a
 * server process of its own, so a case's peak is never hidden by the heap an earlier case grew.
 */
const cases: CaseSpec[] = [
  {
    name: () => `upload ${TEXT} (redacted on the way in)`,
    kind: 'upload',
    modes: ['fs', 's3'],
    prepare: async (client) => () => client.upload(client.bytes, TEXT),
  },
  {
    name: () => `upload ${BINARY} (stored as sent)`,
    kind: 'upload',
    modes: ['fs', 's3'],
    prepare: async (client) => () => client.upload(client.bytes, BINARY),
  },
  {
    name: (mode) => `download, listed url (${mode === 's3' ? 'presigned: s3rver serves it' : 'API streams the file'})`,
    kind: 'download',
    modes: ['fs', 's3'],
    prepare: async (client, stored) => {
      const url = await client.listedUrl(needStored(stored));
      return () => downloadBytes(url);
    },
  },
  {
    name: () => 'download through the API (server streams from S3)',
    kind: 'download',
    modes: ['s3'],
    prepare: async (client, stored) => {
      const url = client.apiUrl(needStored(stored));
      return () => downloadBytes(url);
    },
  },
];

export async function runArtifacts(options: BenchOptions): Promise<SectionResult> {
  const plan = artifactsPlan(options.quick);
  const url = artifactsBenchUrl();
  log(`artifacts · PostgreSQL (${url}), ${plan.bytes / MIB} MiB artifact, ${plan.runs} run(s) per case`);
  const database = await freshBenchDatabase(url);
  const tables: ResultTable[] = [];
  const meta: Record<string, unknown> = { plan };
  try {
    const owner = await seedOwner(database.db);
    const s3 = await startLocalS3();
    try {
      for (const mode of ['fs', 's3'] as StoreMode[]) {
        const measured = await measureStore(url, { mode, s3 }, owner, plan);
        const table = modeTable(mode, plan, measured, s3.endpoint);
        table.notes.push(contentionNote());
        tables.push(table);
        meta[mode] = measured;
      }
    } finally {
      await s3.stop();
    }
  } finally {
    await database.close();
  }
  return { section: 'artifacts', tables, meta };
}

async function seedOwner(db: Db): Promise<Owner> {
  const orgId = await createOrg(db, 'Bench artifacts org');
  const ownerId = await createUser(db, { email: 'owner-artifacts@bench.test', defaultOrgId: orgId });
  await grantRole(db, ownerId, orgId, 'owner');
  const review = await db
    .insertInto('reviews')
    .values({
      org_id: orgId,
      status: 'in_progress',
      repository: 'bench/artifacts',
      provider: 'github',
      pr_mr_url: 'https://github.com/bench/artifacts/pull/1',
      mr_title: 'Artifacts bench review',
      trigger_type: 'manual',
      started_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { orgId, token: await signToken(ownerId), reviewId: review.id };
}

/** The owner's requests against one server process. */
interface Client {
  bytes: number;
  upload(bytes: number, contentType: string): Promise<UploadedArtifact>;
  /** The `url` GET /reviews/{id}/artifacts hands the owner: ours (fs) or presigned (S3). */
  listedUrl(artifact: UploadedArtifact): Promise<string>;
  /**
   * The API's own signed link (what the list hands out for the fs store): in S3 mode the server
   * then streams the object from the bucket itself instead of sending the client to it.
   */
  apiUrl(artifact: UploadedArtifact): string;
}

let batch = 0;
const signer = new UrlSigner(BENCH_JWT_SECRET);
const chunk = diffChunk();

function clientOf(server: ArtifactServer, owner: Owner, bytes: number): Client {
  return {
    bytes,
    upload: (size, contentType) =>
      uploadArtifact(server.baseUrl, owner.token, owner.reviewId, {
        bytes: size,
        chunk,
        contentType,
        batchId: `${server.mode}-${++batch}`,
      }),
    listedUrl: (artifact) => artifactUrl(server.baseUrl, owner.token, owner.reviewId, artifact.id),
    apiUrl: (artifact) => {
      const { exp, sig } = signer.sign(artifact.id, owner.orgId);
      return `${server.baseUrl}/api/v1/artifacts/${artifact.id}/content?exp=${exp}&sig=${sig}`;
    },
  };
}

/** Every path a case may take, once with a small artifact, before measuring in this process. */
async function warmUp(client: Client, warmupBytes: number) {
  for (const contentType of [TEXT, BINARY]) {
    const small = await client.upload(warmupBytes, contentType);
    await downloadBytes(await client.listedUrl(small));
    await downloadBytes(client.apiUrl(small));
  }
}

async function measureStore(
  databaseUrl: string,
  store: { mode: StoreMode; s3: LocalS3 },
  owner: Owner,
  plan: ArtifactsPlan,
): Promise<TransferCase[]> {
  const { mode } = store;
  const specs = cases.filter((c) => c.modes.includes(mode));
  const measured: TransferCase[] = specs.map((c) => ({ name: c.name(mode), kind: c.kind, runs: [] }));
  // One DATA_DIR for all of this store's processes: a download reads what an earlier process stored.
  const dataDir = await makeDataDir(mode);
  try {
    for (let run = 1; run <= plan.runs; run++) {
      let stored: UploadedArtifact | undefined;
      for (const [index, spec] of specs.entries()) {
        const name = measured[index]!.name;
        log(`artifacts · ${mode} · run ${run}/${plan.runs}: ${name}…`);
        const server = await startArtifactServer(databaseUrl, {
          mode,
          dataDir: dataDir.path,
          ...(mode === 's3' ? { s3: store.s3 } : {}),
        });
        try {
          const client = clientOf(server, owner, plan.bytes);
          await warmUp(client, plan.warmupBytes);
          const transfer = await spec.prepare(client, stored);
          const { result, ...numbers } = await measureTransfer(server, transfer);
          const bytes = typeof result === 'number' ? result : result.sizeBytes;
          if (bytes !== plan.bytes) throw new Error(`${name}: ${bytes} bytes, expected ${plan.bytes}`);
          if (typeof result !== 'number' && result.contentType === TEXT) stored = result;
          measured[index]!.runs.push(numbers);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await dataDir.remove();
  }
  return measured;
}
