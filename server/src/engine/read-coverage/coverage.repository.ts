import type { FileCoverageSummary } from '@reviewtrace/contracts';
import { FileCoverageSchema } from '@reviewtrace/contracts';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { scopedOrgIds, type OrgScope } from '../../auth/org-scope.ts';

/** Writes (or, for a requeued attempt, replaces) what a review reads of its change. */
export async function saveFileCoverage(
  db: Db,
  review: { id: number; orgId: number },
  summary: FileCoverageSummary,
): Promise<void> {
  const values = {
    files_total: summary.filesTotal,
    files_reviewed: summary.filesReviewed,
    files_skipped: summary.filesSkipped,
    files_clipped: summary.filesClipped,
    lines_reviewed: summary.linesReviewed,
    lines_total: summary.linesTotal,
    files: JSON.stringify(summary.files),
    files_omitted: summary.filesOmitted ?? 0,
  };
  await db
    .insertInto('review_file_coverage')
    .values({ review_id: review.id, org_id: review.orgId, ...values })
    .onConflict((conflict) => conflict.column('review_id').doUpdateSet(values))
    .execute();
}

const storedFiles = z.array(FileCoverageSchema);

/** The review's file coverage (primary key lookup); undefined before the engine planned it, or out of scope. */
export async function findFileCoverage(
  db: Db,
  scope: OrgScope,
  reviewId: number,
): Promise<FileCoverageSummary | undefined> {
  let query = db.selectFrom('review_file_coverage').selectAll().where('review_id', '=', reviewId);
  if (scope.kind === 'orgs') query = query.where('org_id', 'in', scopedOrgIds(scope));
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const files = storedFiles.safeParse(row.files);
  return {
    filesTotal: row.files_total,
    filesReviewed: row.files_reviewed,
    filesSkipped: row.files_skipped,
    filesClipped: row.files_clipped,
    linesReviewed: Number(row.lines_reviewed),
    linesTotal: Number(row.lines_total),
    files: files.success ? files.data : [],
    ...(row.files_omitted > 0 ? { filesOmitted: row.files_omitted } : {}),
  };
}
