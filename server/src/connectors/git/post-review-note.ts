import { Octokit } from '@octokit/rest';
import { MergeRequestNotes } from '@gitbeaker/rest';
import { providerCall } from './git-errors.ts';
import type { GitCallOptions, GitToken, PullRequestRef } from './git-types.ts';
import { apiBaseUrl, toEngineError as githubError } from './github-pull-request.ts';
import { abortable, gitbeakerAgent, toEngineError as gitlabError } from './gitlab-merge-request.ts';

/**
 * Posts the review back to the pull/merge request as one markdown comment (inline comments need
 * positions in the provider's diff model; one summary comment works on every provider and version).
 * Returns the link to the posted comment.
 */
export async function postReviewNote(
  ref: PullRequestRef,
  token: GitToken,
  markdown: string,
  webUrl: string,
  { outbound, signal }: GitCallOptions,
): Promise<{ url: string }> {
  if (ref.provider === 'github') {
    const baseUrl = apiBaseUrl(token.providerUrl);
    const octokit = new Octokit({
      auth: token.token,
      baseUrl,
      userAgent: 'reviewtrace',
      request: { signal, fetch: outbound.fetch },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    const [owner = '', repo = ''] = ref.repository.split('/');
    try {
      const { data } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: ref.number,
        body: markdown,
      });
      return { url: data.html_url };
    } catch (error) {
      throw githubError(providerCall(ref, baseUrl), error, signal);
    }
  }
  const host = token.providerUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const notes = new MergeRequestNotes({
    host,
    token: token.token,
    queryTimeout: 60_000,
    agent: gitbeakerAgent(outbound),
  });
  try {
    const note = await abortable(() => notes.create(ref.repository, ref.number, markdown), signal);
    return { url: `${webUrl}#note_${note.id}` };
  } catch (error) {
    throw gitlabError(providerCall(ref, `${host}/api/v4`), error, signal);
  }
}
