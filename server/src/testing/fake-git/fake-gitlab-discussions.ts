import { fakeDiffLines } from './fake-diff-lines.ts';
import { formFields } from './fake-form-body.ts';
import type { FakeRequest, FakeResponse } from './fake-http-server.ts';
import type { FakeGitLabDiff, FakeGitLabMergeRequest } from './fake-gitlab.ts';

/** A diff discussion as it arrived: its body and text position. */
export interface FakeGitLabDiscussion {
  iid: number;
  noteId: number;
  body: string;
  position: Record<string, string>;
}

export const fakeDiffRefs = (mergeRequest: FakeGitLabMergeRequest) => ({
  base_sha: 'b'.repeat(40),
  start_sha: 'b'.repeat(40),
  head_sha: mergeRequest.sha,
});

/**
 * GitLab's POST /projects/:id/merge_requests/:iid/discussions with a text position, checked as
 * GitLab does: the position's base/start/head SHAs must be the MR's diff_refs, the new path one of
 * its diffs (`diffsOnPost` when the test says the diff moved on), the new line on its new side; an
 * unchanged line needs its old_line too, an added one must not have one. A bad position is 400 with
 * GitLab's line_code message. A read-only token (read_api) gets 403 insufficient_scope on every
 * write. `undefined` for other routes.
 */
export function gitlabDiscussionRoutes(
  mergeRequests: FakeGitLabMergeRequest[],
  discussions: FakeGitLabDiscussion[],
  options: { readOnly?: boolean },
  request: FakeRequest,
): FakeResponse | undefined {
  if (request.method === 'POST' && options.readOnly) {
    return {
      status: 403,
      body: {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the access token.',
        scope: 'api',
      },
    };
  }
  const match = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/discussions$/.exec(request.rawPath);
  if (!match || request.method !== 'POST') return undefined;
  const project = decodeURIComponent(match[1]!);
  const mergeRequest = mergeRequests.find((mr) => mr.project === project && mr.iid === Number(match[2]));
  if (!mergeRequest) return { status: 404, body: { message: '404 Not found' } };
  const fields = formFields(request);
  const body = typeof fields['body'] === 'string' ? fields['body'] : '';
  if (!body) return { status: 400, body: { error: 'body is missing' } };
  const position = Object.fromEntries(
    Object.entries(fields)
      .map(([key, value]) => [/^position\[(\w+)\]$/.exec(key)?.[1], String(value)] as const)
      .filter(([key]) => key !== undefined),
  ) as Record<string, string>;
  if (Object.keys(position).length > 0 && !positionIsValid(mergeRequest, position)) {
    return {
      status: 400,
      body: { message: `400 Bad request - Note {:line_code=>["can't be blank", "must be a valid line code"]}` },
    };
  }
  const noteId = 7000 + discussions.length;
  discussions.push({ iid: mergeRequest.iid, noteId, body, position });
  return {
    status: 201,
    body: {
      id: noteId.toString(16).padStart(40, 'a'),
      individual_note: false,
      notes: [
        {
          id: noteId,
          type: Object.keys(position).length > 0 ? 'DiffNote' : 'DiscussionNote',
          body,
          author: { id: 9, username: 'reviewtrace-bot', name: 'Reviewtrace' },
          system: false,
          noteable_type: 'MergeRequest',
          noteable_iid: mergeRequest.iid,
          resolvable: true,
          ...(Object.keys(position).length > 0 ? { position } : {}),
        },
      ],
    },
  };
}

function positionIsValid(mergeRequest: FakeGitLabMergeRequest, position: Record<string, string>): boolean {
  const refs = fakeDiffRefs(mergeRequest);
  if (position['position_type'] !== 'text') return false;
  if (position['base_sha'] !== refs.base_sha || position['start_sha'] !== refs.start_sha) return false;
  if (position['head_sha'] !== refs.head_sha) return false;
  const diffs: FakeGitLabDiff[] = mergeRequest.diffsOnPost ?? mergeRequest.diffs;
  const diff = diffs.find((d) => d.new_path === position['new_path']);
  if (!diff || (position['old_path'] !== undefined && position['old_path'] !== diff.old_path)) return false;
  const line = fakeDiffLines(diff.diff).get(Number(position['new_line']));
  if (!line) return false;
  const oldLine = position['old_line'] === undefined ? undefined : Number(position['old_line']);
  return oldLine === line.oldLine;
}
