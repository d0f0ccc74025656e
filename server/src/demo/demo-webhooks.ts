import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import type { Db } from '../db/database.ts';
import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import { createRealTools } from '../engine/engine.ts';
import { runReviewPipeline } from '../engine/pipeline.ts';
import { defaultWriterOptions, EventWriter } from '../engine/reporting/event-writer.ts';
import { HttpError } from '../http/errors.ts';
import { redactText } from '../lib/redactor.ts';
import type { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { mergeReviewMetadata } from '../reviews/reviews.repository.ts';
import { insertTokenRow } from '../settings/settings.repository.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { insertWebhookRow } from '../webhooks/git-webhooks.repository.ts';
import { HookIntake } from '../webhooks/hook-intake.service.ts';
import { claimForReplay, releaseReplayedReview } from './demo.repository.ts';
import type { DemoOrg } from './demo-seed.ts';
import { withoutPacing } from './demo-fast-forward.ts';
import { sampleDiffs, type SampleDiff } from './sample-diffs/index.ts';

export interface DemoWebhookDeps {
  db: Db;
  artifacts: ArtifactRecorder;
  secrets: SecretBox;
  dataDir: string;
  /** Must let the simulator through (main.ts allows its address). */
  outbound: OutboundPolicy;
  orgs: DemoOrg[];
}

/** The repositories the demo webhook listens to: those of the sample diffs its reviews run on. */
const watched = [...new Set(sampleDiffs.filter((s) => s.gitProvider === 'github').map((s) => s.repository))];

/**
 * Each demo org gets a GitHub webhook and a delivery log made by the real receiver: every delivery
 * below is signed with the webhook's stored secret (one on purpose with a wrong one) and handed to
 * HookIntake as the HTTP route would, so the decisions and reasons are the receiver's own. The
 * reviews it queues run through the engine against the simulator, on the sample diffs (there is no
 * GitHub to fetch from): one succeeds, and a push supersedes another, whose successor succeeds.
 */
export async function seedDemoWebhooks(deps: DemoWebhookDeps): Promise<void> {
  const queued: QueuedRun[] = [];
  for (const org of deps.orgs) queued.push(...(await seedOrg(deps, org)));
  // The deliveries are quick; the reviews they queued run side by side (each about half a second).
  const writer = new EventWriter(deps.db, { ...defaultWriterOptions, flushMs: 1 });
  try {
    await Promise.all(queued.map((run) => runQueuedReview(deps, writer, run)));
  } finally {
    await writer.close();
  }
}

interface QueuedRun {
  reviewId: number;
  sample: SampleDiff;
  claimed: Awaited<ReturnType<typeof claimForReplay>>;
}

async function seedOrg(deps: DemoWebhookDeps, org: DemoOrg): Promise<QueuedRun[]> {
  const { db, secrets } = deps;
  const connectorId = org.connectors.find((c) => c.scenario === 'healthy')?.id ?? org.connectors[0]!.id;
  const token = await insertTokenRow(db, org.orgId, {
    provider: 'github',
    connection_name: 'GitHub bot (demo)',
    provider_url: 'https://github.com',
    token: secrets.seal(`ghp_demo${randomBytes(16).toString('hex')}`),
  });
  const secret = `rtwh_${randomBytes(32).toString('base64url')}`;
  const webhook = await insertWebhookRow(db, org.orgId, {
    provider: 'github',
    integration_token_id: token.id,
    connector_id: connectorId,
    repositories: watched,
    skip_drafts: true,
    path_filters: [],
    enabled: true,
    secret: secrets.seal(secret),
  });

  const intake = new HookIntake(db, secrets);
  const deliver = async (event: string, payload: unknown, options: { deliveryId?: string; secret?: string } = {}) => {
    const body = JSON.stringify(payload);
    try {
      return await intake.receive('github', webhook.id, {
        rawBody: Buffer.from(body),
        contentType: 'application/json',
        headers: {
          'x-github-event': event,
          'x-github-delivery': options.deliveryId ?? randomUUID(),
          'x-hub-signature-256': await sign(options.secret ?? secret, body),
        },
      });
    } catch (error) {
      // A wrong secret is answered 401, as the route would; its row is in the log all the same.
      if (error instanceof HttpError && error.statusCode === 401) return undefined;
      throw error;
    }
  };
  // Taken at once, so no worker claims them before they run (see runQueuedReview).
  const queued: QueuedRun[] = [];
  const run = async (reviewId: number | null | undefined, sample: SampleDiff) => {
    if (reviewId) queued.push({ reviewId, sample, claimed: await claimForReplay(db, reviewId) });
  };

  const [storefront, logger, other] = [
    sampleFor('acme/web-storefront', 0),
    sampleFor('reviewtrace/', 1),
    sampleFor('reviewtrace/', 2),
  ];
  await deliver('ping', { zen: 'Keep it logically awesome.', hook_id: webhook.id });
  const opened = pullRequest('opened', storefront, 41);
  const first = await deliver('pull_request', opened.payload, { deliveryId: opened.deliveryId });
  await run(first?.reviewId, storefront);
  await deliver('pull_request', opened.payload, { deliveryId: opened.deliveryId }); // GitHub's "Redeliver"
  await deliver('pull_request', pullRequest('opened', other, 57, { draft: true }).payload);
  await deliver('pull_request', pullRequest('opened', { ...other, repository: 'acme/marketing-site' }, 12).payload);
  await deliver('issues', {
    action: 'opened',
    issue: { number: 58, title: 'Flaky checkout test' },
    repository: { full_name: logger.repository },
  });
  await deliver('pull_request', pullRequest('synchronize', logger, 63).payload, { secret: 'an-old-secret' });
  // Opened, then pushed to before its review ran: the push supersedes it.
  await deliver('pull_request', pullRequest('opened', logger, 64).payload);
  const pushed = await deliver('pull_request', pullRequest('synchronize', logger, 64).payload);
  await run(pushed?.reviewId, logger);
  return queued;
}

/** A sample diff of `repository` (prefix), or any. */
function sampleFor(repository: string, nth: number): SampleDiff {
  const matching = sampleDiffs.filter((s) => s.repository.startsWith(repository));
  return matching[nth % Math.max(matching.length, 1)] ?? sampleDiffs[nth % sampleDiffs.length]!;
}

/** A `pull_request` delivery as GitHub sends it (the fields the receiver reads, and a few around them). */
function pullRequest(
  action: string,
  sample: Pick<SampleDiff, 'repository' | 'title' | 'branch'>,
  number: number,
  options: { draft?: boolean } = {},
) {
  const payload = {
    action,
    number,
    pull_request: {
      number,
      html_url: `https://github.com/${sample.repository}/pull/${number}`,
      title: sample.title,
      state: 'open',
      draft: options.draft ?? false,
      user: { login: 'octo-dev' },
      head: { ref: sample.branch, sha: randomBytes(20).toString('hex') },
      base: { ref: 'main', sha: randomBytes(20).toString('hex') },
    },
    repository: { full_name: sample.repository, html_url: `https://github.com/${sample.repository}` },
    sender: { login: 'octo-dev' },
  };
  return { payload, deliveryId: randomUUID() };
}

/**
 * Runs a review the receiver queued, as a worker would but here and now, on the sample diff in
 * place of the pull request (whose URL stays on the review).
 */
async function runQueuedReview(deps: DemoWebhookDeps, writer: EventWriter, { reviewId, sample, claimed }: QueuedRun) {
  const artifact = await deps.artifacts.record(
    { id: reviewId, orgId: claimed.org_id },
    'diff',
    redactText(sample.diff),
  );
  await mergeReviewMetadata(deps.db, reviewId, { demo: true, diffArtifactId: artifact.artifactId });
  await runReviewPipeline(
    {
      db: deps.db,
      writer,
      artifacts: deps.artifacts,
      secrets: deps.secrets,
      tools: createRealTools(deps.outbound),
      logDir: path.join(deps.dataDir, 'logs'),
      batchConcurrency: 2,
      tokenBudget: 6_000,
      timeouts: {},
      tuneConnector: withoutPacing,
    },
    {
      id: reviewId,
      orgId: claimed.org_id,
      connectorId: claimed.connector_id,
      // The diff comes from the artifact: nothing is fetched from (or posted to) GitHub.
      prMrUrl: null,
      commitHash: null,
      triggerType: claimed.trigger_type,
      metadata: { ...(claimed.metadata as Record<string, unknown>), diffArtifactId: artifact.artifactId },
      attempt: claimed.attempt,
      createdAt: claimed.created_at,
      startedAt: claimed.started_at!,
    },
    new AbortController().signal,
  );
  await releaseReplayedReview(deps.db, reviewId);
}
