import { z } from 'zod';
import { clip, type DeliveryReading } from './delivery-reading.ts';

/** The `object_attributes.action`s that may mean "there is new code to review" (update: only with new commits). */
const reviewActions = new Set(['open', 'reopen', 'update']);

/**
 * The fields of a GitLab `Merge Request Hook` we read (GitLab publishes no types; these names are
 * those of its webhook documentation). Checked even though the token matched: a payload we cannot
 * read is ignored with a reason.
 */
const MergeRequestPayloadSchema = z.object({
  object_kind: z.literal('merge_request'),
  user: z.object({ username: z.string() }).optional(),
  project: z.object({ path_with_namespace: z.string() }),
  object_attributes: z.object({
    iid: z.number().int(),
    url: z.string(),
    title: z.string(),
    action: z.string().optional(),
    source_branch: z.string().optional(),
    draft: z.boolean().optional(),
    work_in_progress: z.boolean().optional(),
    /** Set on `update` only when the push brought new commits (the previous head). */
    oldrev: z.string().optional(),
    last_commit: z.object({ id: z.string() }),
  }),
  /** What an `update` changed: `{ "title": { "previous": …, "current": … }, … }`. */
  changes: z.record(z.string(), z.unknown()).optional(),
});

const DraftChangeSchema = z.object({ previous: z.boolean(), current: z.boolean() });

export function readGitLabDelivery(event: string, payload: unknown): DeliveryReading {
  const base = { event, action: null, repository: null, number: null, headSha: null, excerpt: null };
  if (event !== 'Merge Request Hook')
    return { ...base, verdict: { kind: 'ignore', reason: `ignored: event ${event}` } };

  const parsed = MergeRequestPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    return { ...base, verdict: { kind: 'ignore', reason: 'ignored: merge request payload not understood' } };
  }
  const { object_attributes: mr, project, changes, user } = parsed.data;
  const action = mr.action ?? null;
  const draft = mr.draft ?? mr.work_in_progress ?? false;
  const reading = {
    event,
    action,
    repository: project.path_with_namespace,
    number: mr.iid,
    headSha: mr.last_commit.id,
    excerpt: {
      action,
      repository: project.path_with_namespace,
      number: mr.iid,
      url: mr.url,
      title: clip(mr.title),
      draft,
      headRef: mr.source_branch === undefined ? null : clip(mr.source_branch),
      headSha: mr.last_commit.id,
      oldrev: mr.oldrev ?? null,
      changed: changes === undefined ? [] : Object.keys(changes).slice(0, 20),
      sender: user?.username ?? null,
    },
  };
  if (action === null || !reviewActions.has(action)) {
    return { ...reading, verdict: { kind: 'ignore', reason: `ignored: merge request ${action ?? 'without action'}` } };
  }
  if (action === 'update' && mr.oldrev === undefined && !markedReady(changes)) {
    // GitLab sends `update` for every edit (title, labels, assignees); only `oldrev` says commits came.
    const what = changes === undefined ? 'no changes' : Object.keys(changes).join(', ') || 'no changes';
    return {
      ...reading,
      verdict: { kind: 'skip', reason: `skipped: update without new commits (${clip(what, 100)})` },
    };
  }
  return {
    ...reading,
    verdict: {
      kind: 'review',
      pullRequest: {
        provider: 'gitlab',
        url: mr.url,
        repository: project.path_with_namespace,
        number: mr.iid,
        headSha: mr.last_commit.id,
        title: mr.title,
        branch: mr.source_branch ?? null,
        draft,
      },
    },
  };
}

/** A draft marked ready is GitLab's `ready_for_review`: worth a review although no commit came. */
function markedReady(changes: Record<string, unknown> | undefined): boolean {
  const draft = DraftChangeSchema.safeParse(changes?.['draft']);
  return draft.success && draft.data.previous && !draft.data.current;
}
