import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from './db/database.ts';
import { JwtCodec } from './auth/jwt.ts';
import { AuthService } from './auth/auth.service.ts';
import { registerAuthentication } from './auth/auth.hooks.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerJsonBodyParser } from './http/json-body.ts';
import { createMetrics } from './observability/metrics.ts';
import { loggerOptions } from './observability/logger.ts';
import { DebugLevelRequestLog } from './observability/request-log.ts';
import { systemRoutes } from './system/system.routes.ts';
import { SystemService } from './system/system.service.ts';
import { ReviewsService } from './reviews/reviews.service.ts';
import { reviewsRoutes } from './reviews/reviews.routes.ts';
import { sessionRoutes } from './auth/session.routes.ts';
import { EventsService } from './events/events.service.ts';
import { eventsRoutes } from './events/events.routes.ts';
import { liveRoutes } from './live/live.routes.ts';
import { connectEventBus, NotificationRouter, type EventBus } from './live/event-bus.ts';
import { defaultStreamSettings, StreamHub, type StreamSettings } from './live/stream-hub.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { SecretBox } from './settings/secret-box.ts';
import { SettingsService } from './settings/settings.service.ts';
import { settingsRoutes } from './settings/settings.routes.ts';
import { OutboundPolicy } from './outbound/outbound-policy.ts';
import { ArtifactRecorder } from './artifacts/artifact-recorder.ts';
import { FsArtifactStore } from './artifacts/fs-artifact-store.ts';
import type { ArtifactStore } from './artifacts/artifact-store.ts';
import { ArtifactsService } from './artifacts/artifacts.service.ts';
import { artifactContentRoutes, artifactsRoutes } from './artifacts/artifacts.routes.ts';
import { UrlSigner } from './artifacts/url-signing.ts';
import { fastifyTrustProxy, type TrustProxySetting } from './http/trust-proxy.ts';
import { ArtifactQuota, DEFAULT_ARTIFACT_QUOTA_BYTES } from './artifacts/artifact-quota.ts';
import { defaultRateLimits, registerRateLimits, type RateLimits } from './http/rate-limits.ts';
import { ReviewCommands } from './reviews/review-commands.service.ts';
import { parsePullRequestUrl } from './connectors/git/pull-request-url.ts';
import { chooseToken } from './connectors/git/token-choice.ts';
import { meRoutes } from './auth/me.routes.ts';
import { MeService } from './auth/me.service.ts';
import { AnalyticsService } from './analytics/analytics.service.ts';
import { analyticsRoutes } from './analytics/analytics.routes.ts';
import { GitWebhooksService } from './webhooks/git-webhooks.service.ts';
import { gitWebhooksRoutes } from './webhooks/git-webhooks.routes.ts';
import { HookIntake } from './webhooks/hook-intake.service.ts';
import { hooksRoutes } from './webhooks/hooks.routes.ts';
import { alertsRoutes } from './alerts/alerts.routes.ts';
import { DEFAULT_ALERT_EVAL_MS } from './config.ts';
import { demoRoutes, type DemoReceiverLog } from './demo/demo.routes.ts';
import { AlertRulesService } from './alerts/alert-rules.service.ts';
import { AlertEndpointsService } from './alerts/alert-endpoints.service.ts';
import { AlertsService } from './alerts/alerts.service.ts';

export interface AppOptions {
  database: Database;
  /**
   * Where live streams read their catch-up pages: a small pool of its own on PostgreSQL, so stream
   * reads never wait behind the engine's write transactions in the main pool (the one-process
   * fan-out p99 was 7× a bare Node server's with one pool). Defaults to `database`.
   */
  streamReads?: Database;
  jwtSecret: string;
  /** Encrypts connector keys and git tokens at rest (SECRETS_KEY). */
  secretsKey?: string;
  /** Artifacts (and file logs) live here; tests get a fresh temporary directory. */
  dataDir?: string;
  /** Defaults to files under `dataDir`/artifacts. */
  artifactStore?: ArtifactStore;
  /** Per-org storage quota (ARTIFACT_QUOTA_BYTES, default 5 GiB) and the largest single upload (1 GiB). */
  artifactLimits?: { quotaBytes?: number; maxUploadBytes?: number };
  /** Where the built SPA lives; when missing, `/` explains how to build it. */
  webDist?: string;
  logLevel?: string;
  /** Where log lines go (stdout when absent); tests read them from here. */
  logStream?: DestinationStream;
  publicUrl?: string | undefined;
  /** Which proxies' X-Forwarded-* headers to believe (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxySetting;
  /** How often alert rules are evaluated (ALERT_EVAL_MS), as Settings says it. */
  alertEvalMs?: number;
  /** Demo mode: the built-in alert receiver, whose log `GET /demo/alert-receiver` shows. */
  demoAlertReceiver?: DemoReceiverLog | undefined;
  /** Demo sign-in links (`/auth/sign-in?token=…`) work only when this is on. */
  demo?: boolean;
  now?: () => Date;
  /** Defaults to the bus that fits the database (LISTEN connection, or PGlite's own listen). */
  eventBus?: EventBus;
  clock?: Clock;
  streams?: Partial<StreamSettings>;
  rateLimits?: Partial<RateLimits>;
  /** Connector tests go through it; defaults to open (tests talk to servers on loopback). */
  outbound?: OutboundPolicy;
  /**
   * Aborted when the process starts shutting down (SIGTERM): `/readyz` answers 503 from then on,
   * and open streams end with a `retry:` hint so their clients reconnect to another process.
   */
  shutdown?: AbortSignal;
}

export const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Builds the whole HTTP app without listening, so tests can run one per database. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info', options.logStream),
    logController: new DebugLevelRequestLog(),
    requestIdHeader: 'x-request-id',
    bodyLimit: 1024 * 1024,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerJsonBodyParser(app);

  const { db, pool } = options.database;
  const metrics = createMetrics(pool);
  metrics.register(app);
  const clock = options.clock ?? systemClock;
  // Token expiry follows the same clock as the streams that re-check it.
  const jwt = new JwtCodec(options.jwtSecret, () => clock.now());
  const auth = new AuthService(db, jwt);
  const reviews = new ReviewsService(db, options.now);
  const events = new EventsService(db, options.now);
  const analytics = new AnalyticsService(db, options.now);
  const secretBox = new SecretBox(options.secretsKey ?? options.jwtSecret);
  const settings = new SettingsService(db, secretBox, options.outbound ?? OutboundPolicy.open());
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'reviewtrace-'));
  const artifactStore = options.artifactStore ?? new FsArtifactStore(path.join(dataDir, 'artifacts'));
  const artifacts = new ArtifactRecorder(db, artifactStore);
  const artifactsService = new ArtifactsService(
    db,
    events,
    artifactStore,
    artifacts,
    new UrlSigner(options.jwtSecret),
    new ArtifactQuota(db, options.artifactLimits?.quotaBytes ?? DEFAULT_ARTIFACT_QUOTA_BYTES),
    secretBox,
    options.artifactLimits?.maxUploadBytes,
  );
  const commands = new ReviewCommands(
    db,
    artifacts,
    { parse: parsePullRequestUrl, chooseToken },
    secretBox,
    options.now,
  );
  const ownsBus = options.eventBus === undefined;
  const bus = options.eventBus ?? (await connectEventBus(options.database));
  const router = new NotificationRouter(bus);
  const hub = new StreamHub(router, clock, { ...defaultStreamSettings, ...options.streams }, options.shutdown);
  metrics.watchStreams(hub);
  // Open streams end first, so close() is not held up by clients that never hang up.
  app.addHook('preClose', async () => hub.closeAll());
  app.addHook('onClose', async () => {
    router.close();
    if (ownsBus) await bus.close();
  });

  await app.register(fastifyCookie);
  await registerRateLimits(app);
  const limits: RateLimits = { ...defaultRateLimits, ...options.rateLimits };
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Reviewtrace API', version: '1.0.0', description: 'Live progress of AI code reviews.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          session: { type: 'apiKey', in: 'cookie', name: 'rt_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // swagger-ui's own page needs inline scripts; its routes get a CSP of their own.
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(systemRoutes(new SystemService(db, options.shutdown), metrics));
  await app.register(sessionRoutes(jwt, { demo: options.demo ?? false, limits }));
  await app.register(artifactContentRoutes(artifactsService, limits));
  // Outside the authenticated scope: GitHub and GitLab prove themselves with the webhook's secret.
  await app.register(hooksRoutes(new HookIntake(db, secretBox)), { prefix: '/api/v1' });

  await app.register(
    async (api) => {
      registerAuthentication(api, auth, options.publicUrl);
      await api.register(meRoutes(new MeService(db)));
      await api.register(reviewsRoutes(reviews, commands, limits));
      await api.register(eventsRoutes({ events, limits }));
      await api.register(
        liveRoutes({ db: (options.streamReads ?? options.database).db, auth, events, reviews, hub, limits }),
      );
      await api.register(settingsRoutes(settings, limits));
      await api.register(artifactsRoutes(artifactsService, limits));
      await api.register(analyticsRoutes(analytics));
      await api.register(gitWebhooksRoutes(new GitWebhooksService(db, secretBox)));
      await api.register(
        alertsRoutes({
          evaluatedEveryMs: options.alertEvalMs ?? DEFAULT_ALERT_EVAL_MS,
          rules: new AlertRulesService(db),
          endpoints: new AlertEndpointsService(db, secretBox, clock),
          alerts: new AlertsService(db, options.publicUrl),
        }),
      );
      if (options.demoAlertReceiver) await api.register(demoRoutes(options.demoAlertReceiver));
    },
    { prefix: '/api/v1' },
  );

  registerSpa(app, options.webDist ?? defaultWebDist);
  return app;
}

/** Serves the built SPA with a client-side-routing fallback; API paths keep their JSON 404s. */
function registerSpa(app: FastifyInstance, webDist: string) {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain').send('The web app is not built. Run `npm run build` (npm start does it for you).'),
    );
    return;
  }
  void app.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    // Bundles are content-hashed, so they never change; the shell names the current ones, so it is always revalidated.
    setHeaders: (res, filePath) =>
      res.setHeader(
        'cache-control',
        filePath.endsWith('.html')
          ? 'no-cache'
          : filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'public, max-age=3600',
      ),
  });
  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || url.startsWith('/auth/')) {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${url}` } });
    }
    // A missing hashed bundle (a tab opened before a deploy) must fail as a 404, not parse HTML as JS.
    if (url.startsWith('/assets/')) return reply.status(404).type('text/plain').send('Not found');
    return reply.sendFile('index.html');
  });
}
