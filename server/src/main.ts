import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, openStreamReads } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { buildApp } from './app.ts';
import { JwtCodec } from './auth/jwt.ts';
import { seedDemo, type DemoOrg, type DemoUser } from './demo/demo-seed.ts';
import { replayDemoHistory, type HistoryReplay } from './demo/demo-history.ts';
import { seedDemoWebhooks } from './demo/demo-webhooks.ts';
import { connectEventBus } from './live/event-bus.ts';
import { startEngine } from './engine/engine.ts';
import { ArtifactRecorder } from './artifacts/artifact-recorder.ts';
import { FsArtifactStore } from './artifacts/fs-artifact-store.ts';
import { SecretBox } from './settings/secret-box.ts';
import { startDemo } from './demo/demo-runner.ts';
import { pruneExpired } from './artifacts/retention.ts';
import { sweepOrphanFiles } from './artifacts/orphan-sweep.ts';
import { pruneOldDeliveries } from './webhooks/delivery-retention.ts';
import { pruneOldAlertDeliveries } from './alerts/alert-delivery-retention.ts';
import { S3ArtifactStore } from './artifacts/s3-artifact-store.ts';
import { ReviewCommands } from './reviews/review-commands.service.ts';
import { parsePullRequestUrl } from './connectors/git/pull-request-url.ts';
import { chooseToken } from './connectors/git/token-choice.ts';
import { OutboundPolicy } from './outbound/outbound-policy.ts';
import { parseAllowList } from './outbound/allow-list.ts';
import { startupBanner } from './startup-banner.ts';
import { exitOnSignals, reviewGraceMs } from './shutdown.ts';
import { anyOrgExists } from './admin/admin.repository.ts';
import { listDemoUsers } from './demo/demo.repository.ts';
import { processLogger } from './observability/logger.ts';
import { startAlerting } from './alerts/alerting.ts';
import { missingPublicUrlWarning } from './engine/pull-request/commit-status-reporter.ts';

/** Reads config, opens the database, migrates, seeds the demo on first start, and serves. */
async function start(config: Config) {
  // Errors of the engine and of background jobs, with their stacks; the banner stays for people.
  const log = processLogger(config.logLevel);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    poolMax: config.dbPoolMax,
  });
  await migrateToLatest(database.db);
  // Live streams read from a pool of their own (API processes on PostgreSQL): see AppOptions.streamReads.
  const streamReads = config.role === 'worker' ? undefined : await openStreamReads(database, config.dbStreamPoolMax);

  const secrets = new SecretBox(config.secretsKey);
  const artifactStore = config.s3
    ? new S3ArtifactStore(config.s3)
    : new FsArtifactStore(path.join(config.dataDir, 'artifacts'));
  const artifacts = new ArtifactRecorder(database.db, artifactStore);
  const commands = new ReviewCommands(database.db, artifacts, { parse: parsePullRequestUrl, chooseToken }, secrets);

  let demoUsers: DemoUser[] = [];
  let newDemoOrgs: DemoOrg[] = [];
  if (config.demo) {
    if (!(await anyOrgExists(database.db))) {
      ({ users: demoUsers, orgs: newDemoOrgs } = await seedDemo(database.db, secrets));
    } else {
      demoUsers = await listDemoUsers(database.db);
    }
  }
  // Demo: the AI simulator, demo connectors pointed at it, and a new review every ~20 s.
  const demo = config.demo ? await startDemo({ db: database.db, commands, secrets }) : undefined;
  // The demo's connectors point at its simulator on loopback, and its alert endpoints at its
  // receiver; a restricted policy lets those two address:ports through and nothing else of this machine.
  const outbound = new OutboundPolicy(config.outbound.mode, [
    ...config.outbound.allow,
    ...(demo ? parseAllowList(`${new URL(demo.simulator.url).host},${new URL(demo.alertReceiver.origin).host}`) : []),
  ]);
  // First start: a tenth of the demo history is replayed through the engine before the server
  // opens (a few seconds), the rest in the background while people already look around.
  let history: HistoryReplay | undefined;
  if (newDemoOrgs.length > 0) {
    console.log('First start: replaying demo history through the review engine…');
    const replayDeps = {
      db: database.db,
      artifacts,
      secrets,
      dataDir: config.dataDir,
      outbound,
      orgs: newDemoOrgs,
      now: new Date(),
    };
    await replayDemoHistory({ ...replayDeps, seed: 1 }, { share: 0.1, parallel: 8 }).done;
    // A webhook per org with its delivery log (and a superseded review), before any worker runs.
    await seedDemoWebhooks(replayDeps);
    history = replayDemoHistory({ ...replayDeps, seed: 2 }, { share: 0.9, parallel: 2 });
    // Said at info level (LOG_LEVEL=info): an operator (or a test) can wait for a demo with its whole history.
    const replayStarted = performance.now();
    history.done.then(
      () => log.info({ ms: Math.round(performance.now() - replayStarted) }, 'demo history replayed'),
      (error: unknown) => log.error({ err: error }, 'demo history replay failed'),
    );
  }

  const bus = await connectEventBus(database);
  const engine =
    config.role === 'api'
      ? undefined
      : startEngine({
          db: database.db,
          bus,
          artifacts,
          secrets,
          dataDir: config.dataDir,
          outbound,
          settings: { ...config.engine, publicUrl: config.publicUrl },
          onError: (error) => log.error({ err: error }, 'engine error'),
        });
  // Alert evaluation (one process per period across the cluster) and webhook delivery, where the engine runs.
  const alerting =
    config.role === 'api'
      ? undefined
      : startAlerting({
          db: database.db,
          secrets,
          outbound,
          periodMs: config.alertEvalMs,
          publicUrl: config.publicUrl,
          onError: (error) => log.error({ err: error }, 'alerting error'),
        });
  // Said once here rather than on every status the engine posts.
  if (engine && !config.publicUrl) log.warn(missingPublicUrlWarning);

  // Retention (events, artifacts, the webhook and alert delivery logs), then the sweep of artifact files without a row (cascades, failed deletes, crashes):
  // hourly, where the engine runs (one job per worker process; batches are small and deleting the
  // same rows or files twice is harmless).
  const fileError = (key: string, error: unknown) =>
    log.warn({ err: error, key }, 'artifacts: could not delete a file');
  const housekeeping = async () => {
    // Each step on its own: a failed retention run still lets the sweep clean up, and vice versa.
    for (const [name, step] of [
      ['retention', () => pruneExpired(database.db, artifactStore, { onFileError: fileError })],
      ['webhook delivery retention', () => pruneOldDeliveries(database.db, { now: Date.now })],
      ['alert delivery retention', () => pruneOldAlertDeliveries(database.db, { now: Date.now })],
      ['orphan sweep', () => sweepOrphanFiles(database.db, artifactStore, { now: Date.now, onFileError: fileError })],
    ] as const) {
      await step().catch((error: unknown) => log.error({ err: error }, `${name} failed`));
    }
  };
  const pruneTimer = config.role === 'api' ? undefined : setInterval(() => void housekeeping(), 3_600_000).unref();

  const shuttingDown = new AbortController();
  const app = await buildApp({
    shutdown: shuttingDown.signal,
    artifactStore,
    artifactLimits: { quotaBytes: config.artifactQuotaBytes },
    eventBus: bus,
    database,
    streamReads,
    jwtSecret: config.jwtSecret,
    secretsKey: config.secretsKey,
    dataDir: config.dataDir,
    logLevel: config.logLevel,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    rateLimits: config.rateLimits,
    streams: {
      slowClientMs: config.slowClientMs,
      wsMaxSubscriptions: config.ws.maxSubscriptions,
      wsMaxBufferedBytes: config.ws.maxBufferedBytes,
    },
    demo: config.demo,
    alertEvalMs: config.alertEvalMs,
    demoAlertReceiver: demo?.alertReceiver,
    outbound,
  });
  await app.listen({ port: config.port, host: config.host });
  // Before anything is printed: whoever reads "running at" may stop us at once.
  let handBackAt = Infinity;
  exitOnSignals({
    graceMs: config.shutdownGraceMs,
    // Readiness turns 503 and streams end with a retry hint at once, so a load balancer and the
    // clients move on while running reviews finish here.
    begin: () => {
      handBackAt = Date.now() + reviewGraceMs(config.shutdownGraceMs);
      shuttingDown.abort();
    },
    steps: [
      { name: 'retention', run: async () => clearInterval(pruneTimer) },
      { name: 'alerting', run: () => alerting?.stop() },
      { name: 'demo history', run: () => history?.stop() },
      // No new claims; running reviews finish or are handed back; then the writer flushes. HTTP
      // keeps answering meanwhile (requests in flight, /readyz with 503).
      { name: 'engine', run: () => engine?.stop(Math.max(0, handBackAt - Date.now())) },
      { name: 'http', run: () => app.close() },
      // After the engine: in demo mode the running reviews talk to its simulator.
      { name: 'demo', run: () => demo?.stop() },
      { name: 'event bus', run: () => bus.close() },
      { name: 'stream reads', run: () => streamReads?.close() },
      { name: 'database', run: () => database.close() },
      { name: 'outbound connections', run: () => outbound.close() },
    ],
    // With the stack: a step that fails is logged; the others still run and the process still exits.
    stepFailed: (name, error) => log.error({ err: error }, `shutdown (${name}) failed`),
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  const jwt = new JwtCodec(config.jwtSecret);
  const signInLinks = config.demo
    ? await Promise.all(
        demoUsers.map(async (user) => ({
          role: user.role,
          email: user.email,
          url: `${base}/auth/sign-in?token=${await jwt.sign(user.userId, { expiresIn: '30d' })}`,
        })),
      )
    : [];
  console.log(
    startupBanner({
      base,
      embeddedDataDir: database.kind === 'pglite' ? config.dataDir : undefined,
      simulatorUrl: demo?.simulator.url,
      signInLinks,
      logLevel: config.logLevel,
    }),
  );
}

try {
  await start(loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    // A start-up failure is read by a person at a terminal, with the stack for a bug report.
    console.error('Reviewtrace failed to start:', error instanceof Error ? (error.stack ?? error.message) : error);
  }
  process.exit(1);
}
