import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes (what receivers' libraries expect). */
export const newEndpointSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** `webhook-id`: made once per notification and kept on every retry, so receivers can drop repeats. */
export const newMessageId = () => `msg_${randomUUID().replaceAll('-', '')}`;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The three Standard Webhooks headers, signed with the `standardwebhooks` package itself. During a
 * secret rotation both secrets sign and the signatures are sent space separated, so a receiver
 * that still has the old secret keeps verifying until it is switched over.
 */
export function signedHeaders(messageId: string, at: Date, payload: string, secrets: readonly string[]): SignedHeaders {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, payload)).join(' '),
  };
}
