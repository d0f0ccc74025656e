import { createHash, timingSafeEqual } from 'node:crypto';
import { verify } from '@octokit/webhooks-methods';

/**
 * GitHub signs the raw body: `X-Hub-Signature-256: sha256=<HMAC-SHA256(secret, body)>`, checked
 * in constant time by GitHub's own library. A missing header is not verified at all.
 */
export async function githubSignatureOk(secret: string, rawBody: string, header: string | null): Promise<boolean> {
  if (header === null || rawBody === '') return false;
  return verify(secret, rawBody, header);
}

/**
 * GitLab sends the secret itself in `X-Gitlab-Token`. Both sides are hashed first so that
 * timingSafeEqual compares equal lengths and the time taken says nothing about the secret's length.
 */
export function gitlabTokenOk(secret: string, header: string | null): boolean {
  if (header === null) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(secret), digest(header));
}
