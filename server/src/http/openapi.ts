import { ErrorEnvelopeSchema } from '@reviewtrace/contracts';

/** The error envelope, documented on every route for the statuses api.md names. */
export const errorResponses = {
  400: ErrorEnvelopeSchema.describe('bad_request: `details` lists each bad field'),
  401: ErrorEnvelopeSchema.describe('unauthorized: no, invalid or expired token'),
  403: ErrorEnvelopeSchema.describe('forbidden: not a member of the org, or missing permission'),
  404: ErrorEnvelopeSchema.describe('not_found (also for another org’s review)'),
} as const;
