import type { Db } from '../db/database.ts';
import { scopeToOrg } from '../auth/org-scope.ts';
import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import type { ReviewLogger } from './reporting/review-logger.ts';
import { redactText } from '../lib/redactor.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { openGitTokens } from '../settings/secrets.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { PipelineTools, PullRequestSource, ReviewPlan } from './pipeline-types.ts';
import type { ClaimedReview } from './queue.repository.ts';
import { saveChangeMetadata } from './results.repository.ts';
import { commentableLines } from './diff/commentable-lines.ts';

export interface ChangeLoaderDeps {
  db: Db;
  artifacts: ArtifactRecorder;
  secrets: SecretBox;
  tools: PipelineTools;
  tokenBudget: number;
}

/**
 * The change under review, planned into batches: a pasted diff (already stored as an artifact), or
 * a PR/MR fetched with the org's token for that host. The fetched diff is stored as an artifact too.
 */
export async function loadAndPlanChange(
  deps: ChangeLoaderDeps,
  review: ClaimedReview,
  logger: ReviewLogger,
  signal: AbortSignal,
): Promise<{ plan: ReviewPlan; source?: PullRequestSource }> {
  const diffArtifactId = review.metadata['diffArtifactId'];
  if (typeof diffArtifactId === 'string') {
    const diff = await deps.artifacts.readText(scopeToOrg(review.orgId), review.id, diffArtifactId);
    if (diff === undefined)
      throw new EngineError('unknown', 'The uploaded diff of this review is missing from the artifact store');
    logger.log('info', `Reviewing the uploaded diff (${Buffer.byteLength(diff)} bytes)`);
    return { plan: deps.tools.planFromDiff(diff, deps.tokenBudget) };
  }
  if (!review.prMrUrl) throw new EngineError('git_provider', 'The review has neither a PR/MR URL nor an uploaded diff');

  const ref = deps.tools.parsePullRequestUrl(review.prMrUrl);
  const tokens = await openGitTokens(deps.db, deps.secrets, review.orgId);
  const token = deps.tools.chooseToken(ref, tokens);
  if (!token) {
    throw new EngineError('git_provider', `No ${ref.provider} token for ${ref.host}: add one in Settings → Git tokens`);
  }
  logger.log(
    'info',
    `Fetching ${ref.provider === 'github' ? 'pull request' : 'merge request'} ${ref.repository}#${ref.number} from ${token.providerUrl}`,
  );
  const change = await deps.tools.fetchPullRequest(ref, token, signal);
  await saveChangeMetadata(deps.db, review.id, change);
  logger.log('info', `Fetched "${change.title}": ${change.files.length} changed file(s)`);
  const diff = change.files.map((file) => file.patch).join('');
  logger.artifact(await deps.artifacts.record({ id: review.id, orgId: review.orgId }, 'diff', redactText(diff)));
  return {
    plan: deps.tools.planFromFiles(change.files, deps.tokenBudget),
    source: {
      ref,
      token,
      webUrl: change.webUrl,
      headSha: change.commitHash,
      ...(change.diffRefs ? { diffRefs: change.diffRefs } : {}),
      lines: commentableLines(change.files),
    },
  };
}
