import type { Db } from '../db/database.ts';
import type { ReviewComment } from './pipeline-types.ts';

/** A parsed comment and the batch that made it; `carriedFrom`: taken over from that review by a retry of failed batches. */
export type StoredComment = ReviewComment & { batchId: string; carriedFrom?: number };

/** Final comments go to the host product's ai_comments table, one row per comment. */
export async function saveComments(
  db: Db,
  review: { id: number; orgId: number },
  comments: StoredComment[],
): Promise<void> {
  if (comments.length === 0) return;
  await db
    .insertInto('ai_comments')
    .values(
      comments.map((c) => ({
        review_id: review.id,
        org_id: review.orgId,
        comment_type: 'inline',
        file_path: c.filePath,
        line_number: c.lineNumber,
        content: JSON.stringify({
          severity: c.severity,
          category: c.category,
          content: c.content,
          suggestion: c.suggestion,
          batchId: c.batchId,
          ...(c.carriedFrom === undefined ? {} : { carriedFrom: c.carriedFrom }),
        }),
      })),
    )
    .execute();
}

/** What the pull request turned out to be, filled in once the provider answered. */
export async function saveChangeMetadata(
  db: Db,
  reviewId: number,
  change: {
    title: string | null;
    authorName: string | null;
    authorUsername: string | null;
    branch: string | null;
    commitHash: string | null;
  },
): Promise<void> {
  await db
    .updateTable('reviews')
    .set((eb) => ({
      mr_title: eb.fn.coalesce('mr_title', eb.val(change.title)),
      author_name: change.authorName,
      author_username: change.authorUsername,
      branch: eb.fn.coalesce('branch', eb.val(change.branch)),
      commit_hash: eb.fn.coalesce('commit_hash', eb.val(change.commitHash)),
    }))
    .where('id', '=', reviewId)
    .execute();
}
