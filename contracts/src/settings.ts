import { z } from 'zod';
import { httpUrl } from './urls.ts';

/** Connectors and git integration tokens (Settings). Secrets are write-only: responses mask them. */
export const aiProviderTypes = ['ollama', 'openai', 'gemini'] as const;
export const gitTokenProviders = ['github', 'gitlab'] as const;

/**
 * Where the server sends a stored secret: http(s), and no `user:password@`, which would be a
 * second secret stored in the clear and shown to every member with the connector.
 */
const serviceUrl = httpUrl.refine(
  (value) => {
    // Refinements run even when the URL check failed: an unparsable value is that check's to report.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.username === '' && url.password === '';
  },
  { message: 'credentials in the URL are not allowed: put the key or token in its own field' },
);
const secret = z.string().min(1).max(10_000);

export const ConnectorSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  providerType: z.string(),
  name: z.string(),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
  streaming: z.boolean(),
  /** Post each finished review back to its pull/merge request as a comment (off by default). */
  postComments: z.boolean(),
  /** `••••abcd`, or null when no key is stored. */
  apiKey: z.string().nullable(),
  /** US dollars per million tokens, overriding the price table; both null to use the table. */
  pricePerMTokIn: z.number().nullable(),
  pricePerMTokOut: z.number().nullable(),
  /** Model calls at once across all workers; null = no limit. */
  maxConcurrency: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Connector = z.infer<typeof ConnectorSchema>;

export const ConnectorListSchema = z.object({ items: z.array(ConnectorSchema) });
export type ConnectorList = z.infer<typeof ConnectorListSchema>;

/** Model calls a connector takes at once (every worker together); null = no limit. */
export const MAX_CONCURRENCY_LIMIT = 64;
const maxConcurrency = z
  .number({ message: 'expected a whole number from 1 to 64, or null for no limit' })
  .int('expected a whole number from 1 to 64, or null for no limit')
  .min(1, 'at least 1 (null for no limit)')
  .max(MAX_CONCURRENCY_LIMIT, `at most ${MAX_CONCURRENCY_LIMIT}`)
  .nullable();
/** A new Ollama connector's limit: a local model answers one request at a time. */
export const DEFAULT_OLLAMA_MAX_CONCURRENCY = 2;

/** A price per million tokens: up to $10,000, which no model comes near. */
const pricePerMTok = z.number().nonnegative().max(10_000).nullable();

/** Half a price is no price: a body that sets one of the two sets both (null clears both). */
const bothPricesOrNeither = (body: { pricePerMTokIn?: number | null; pricePerMTokOut?: number | null }) =>
  (body.pricePerMTokIn === undefined) === (body.pricePerMTokOut === undefined) &&
  (body.pricePerMTokIn === null) === (body.pricePerMTokOut === null);
const pricesTogether = {
  message: 'set pricePerMTokIn and pricePerMTokOut together (both numbers, or both null for the price table)',
  path: ['pricePerMTokOut'],
};

export const CreateConnectorSchema = z
  .object({
    providerType: z.enum(aiProviderTypes),
    name: z.string().trim().min(1).max(200),
    baseUrl: serviceUrl,
    apiKey: secret.optional(),
    model: z.string().trim().min(1).max(200),
    streaming: z.boolean().default(true),
    postComments: z.boolean().default(false),
    pricePerMTokIn: pricePerMTok.optional(),
    pricePerMTokOut: pricePerMTok.optional(),
    /** Omitted: 2 for Ollama, no limit for the others. */
    maxConcurrency: maxConcurrency.optional(),
  })
  .refine(bothPricesOrNeither, pricesTogether);

export const UpdateConnectorSchema = z
  .object({
    providerType: z.enum(aiProviderTypes),
    name: z.string().trim().min(1).max(200),
    baseUrl: serviceUrl,
    /** A new key rotates it; null removes it. */
    apiKey: secret.nullable(),
    model: z.string().trim().min(1).max(200),
    streaming: z.boolean(),
    postComments: z.boolean(),
    pricePerMTokIn: pricePerMTok,
    pricePerMTokOut: pricePerMTok,
    maxConcurrency,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' })
  .refine(bothPricesOrNeither, pricesTogether);

/** Request bodies as a client writes them (defaults not yet applied). */
export type CreateConnectorInput = z.input<typeof CreateConnectorSchema>;
export type UpdateConnectorInput = z.input<typeof UpdateConnectorSchema>;

/** `POST /connectors/{id}/test`: reachable and key accepted, or why not (`category`: an error category). */
export const ConnectorTestResultSchema = z.object({
  ok: z.boolean(),
  category: z.string().optional(),
  message: z.string(),
  latencyMs: z.number(),
});
export type ConnectorTestResult = z.infer<typeof ConnectorTestResultSchema>;

export const IntegrationTokenSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  provider: z.string(),
  name: z.string().nullable(),
  providerUrl: z.string().nullable(),
  token: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IntegrationToken = z.infer<typeof IntegrationTokenSchema>;

export const IntegrationTokenListSchema = z.object({ items: z.array(IntegrationTokenSchema) });
export type IntegrationTokenList = z.infer<typeof IntegrationTokenListSchema>;

export const CreateIntegrationTokenSchema = z.object({
  provider: z.enum(gitTokenProviders),
  name: z.string().trim().min(1).max(200),
  providerUrl: serviceUrl,
  token: secret,
});

export const UpdateIntegrationTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    providerUrl: serviceUrl,
    token: secret,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });

export type CreateIntegrationTokenInput = z.input<typeof CreateIntegrationTokenSchema>;
export type UpdateIntegrationTokenInput = z.input<typeof UpdateIntegrationTokenSchema>;

/** What `DELETE /connectors/{id}` and `DELETE /integration-tokens/{id}` answer: 204, no body. */
export const DeletedResponseSchema = z.null().describe('Deleted');

export const SettingsIdParamsSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,15}$/, 'expected an id (a whole number)')
    .transform(Number),
});
