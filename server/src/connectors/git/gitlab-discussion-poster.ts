import { GitbeakerRequestError, MergeRequestDiscussions, MergeRequestNotes } from '@gitbeaker/rest';
import { canceledError, providerCall } from './git-errors.ts';
import type { GitCallOptions } from './git-types.ts';
import { abortable, gitbeakerAgent, toEngineError } from './gitlab-merge-request.ts';
import { refusedPositionText, writeAccessError } from './posting-errors.ts';
import type { PostingTarget, ReviewPoster } from './posting-types.ts';

const queryTimeoutMs = 60_000;

/**
 * Posts on a GitLab merge request: a discussion per finding, positioned on the MR's diff_refs
 * (`POST …/merge_requests/:iid/discussions` with a text position), then the summary as a note.
 * GitLab refuses a position outside its diff with 400; that comment goes into the summary.
 */
export function gitlabDiscussionPoster(target: PostingTarget, { outbound, signal }: GitCallOptions): ReviewPoster {
  // Gitbeaker appends /api/v4 itself; tokens may be saved with or without it.
  const host = target.token.providerUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const call = providerCall(target.ref, `${host}/api/v4`);
  const options = { host, token: target.token.token, queryTimeout: queryTimeoutMs, agent: gitbeakerAgent(outbound) };
  const discussions = new MergeRequestDiscussions(options);
  const notes = new MergeRequestNotes(options);
  const { repository: project, number: iid } = target.ref;

  const writeFailure = (error: unknown) => {
    if (signal?.aborted) return canceledError(call, error);
    const status = statusOf(error);
    if (status === 403 || status === 404) return writeAccessError(call, status, error);
    return toEngineError(call, error, signal);
  };

  return {
    label: 'GitLab',
    async postOne(comment) {
      const refs = target.diffRefs;
      if (!refs) return { posted: false, error: 'GitLab sent no diff_refs for this merge request' };
      try {
        const discussion = await abortable(
          () =>
            discussions.create(project, iid, comment.body, {
              position: {
                positionType: 'text',
                baseSha: refs.baseSha,
                startSha: refs.startSha,
                headSha: refs.headSha,
                oldPath: comment.previousPath ?? comment.path,
                newPath: comment.path,
                newLine: String(comment.line),
                ...(comment.oldLine !== undefined ? { oldLine: String(comment.oldLine) } : {}),
              },
            }),
          signal,
        );
        const noteId = discussion.notes?.[0]?.id;
        return { posted: true, url: noteId === undefined ? target.webUrl : `${target.webUrl}#note_${noteId}` };
      } catch (error) {
        if (!signal?.aborted && statusOf(error) === 400)
          return { posted: false, error: refusedPositionText(call, 400) };
        throw writeFailure(error);
      }
    },
    async postSummary(markdown) {
      try {
        const note = await abortable(() => notes.create(project, iid, markdown), signal);
        return { url: `${target.webUrl}#note_${note.id}` };
      } catch (error) {
        throw writeFailure(error);
      }
    },
  };
}

function statusOf(error: unknown): number | undefined {
  return error instanceof GitbeakerRequestError ? error.cause?.response.status : undefined;
}
