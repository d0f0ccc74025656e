import type { OutboundPolicy } from '../../outbound/outbound-policy.ts';
/** The contract between the engine and the git providers (GitHub via Octokit, GitLab via Gitbeaker). */
export type GitProviderName = 'github' | 'gitlab';

export interface GitToken {
  provider: GitProviderName;
  /** API base: https://api.github.com, a GitHub Enterprise …/api/v3, https://gitlab.com, a self-hosted GitLab. */
  providerUrl: string;
  token: string;
}

export interface PullRequestRef {
  provider: GitProviderName;
  /** owner/repo (GitHub) or group/subgroup/project (GitLab). */
  repository: string;
  number: number;
  /** The web host of the URL (github.com, gitlab.acme.dev) to match a token's provider_url. */
  host: string;
}

export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  /** The unified diff hunks of this file (as a `diff --git` section), empty for binary files. */
  patch: string;
  binary: boolean;
  /** The provider changed this file but sent no diff for it (GitHub and GitLab omit very large diffs). */
  patchTooLarge?: boolean;
  /** The provider's line counts, kept when it sent no patch to count them from (coverage's totals). */
  lineCounts?: { additions: number; deletions: number };
}

/** GitLab's `diff_refs`: a position on a merge request's diff names these three commits. */
export interface DiffRefs {
  baseSha: string;
  startSha: string;
  headSha: string;
}

export interface PullRequestChange {
  title: string;
  authorName: string | null;
  authorUsername: string | null;
  branch: string | null;
  commitHash: string | null;
  /** The target branch's commit the change is based on (GitHub base.sha, GitLab diff_refs.base_sha). */
  baseSha: string | null;
  webUrl: string;
  files: ChangedFile[];
  /** GitLab: the commits the diff was taken between (inline comments are positioned on them). */
  diffRefs?: DiffRefs;
}

/** Every git provider call goes through the outbound policy; a signal cancels it. */
export interface GitCallOptions {
  outbound: OutboundPolicy;
  signal?: AbortSignal | undefined;
}
