import type { Db } from '../db/database.ts';
import { accessGate, type AccessGate, type AccessRule } from '../auth/access.ts';
import { readScope } from '../auth/auth.service.ts';
import { findReview, type ReviewDetailRow } from './reviews.repository.ts';

/**
 * A review the caller may read: their org's, or any for a super_admin. The database is asked for
 * at each call, so a service can build its gate in a field initializer.
 */
export const reviewGate = (db: () => Db): AccessGate<ReviewDetailRow> =>
  accessGate('Review', (auth, id) => findReview(db(), readScope(auth), id));

export const writeReviews = (action: string): AccessRule => ({ permission: 'reviews:write', action });
