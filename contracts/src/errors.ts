import { z } from 'zod';

/** The single error envelope of every non-2xx JSON response. */
export const errorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** One entry of `details` for a 400: which field, and what was wrong with it. */
export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/**
 * Why a one-click sign-in link (`GET /auth/sign-in?token=`) did not sign the browser in. The server
 * redirects to the web app's `/sign-in?error=<reason>`, which says it in words.
 */
export const signInLinkErrors = ['expired', 'invalid', 'missing'] as const;
export type SignInLinkError = (typeof signInLinkErrors)[number];
