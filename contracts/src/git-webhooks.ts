import { z } from 'zod';
import { csvOf } from './reviews.ts';

/**
 * Git webhooks (owner settings) and their delivery log. A webhook starts reviews by itself when
 * GitHub or GitLab reports a pull/merge request opened or pushed to; every delivery is recorded
 * with the decision taken and why.
 */
export const gitWebhookProviders = ['github', 'gitlab'] as const;
export type GitWebhookProvider = (typeof gitWebhookProviders)[number];

export const deliveryDecisions = ['queued', 'skipped', 'ignored', 'rejected', 'superseded'] as const;
export type DeliveryDecision = (typeof deliveryDecisions)[number];

const id = z.number().int().positive();
/** `owner/repo` on GitHub, `group/subgroup/project` on GitLab; compared case-insensitively. */
const repositoryName = z
  .string()
  .trim()
  .min(3)
  .max(300)
  .regex(/^[^/\s]+(\/[^/\s]+)+$/, 'expected owner/repository (GitLab: group/…/project)');
/** Glob patterns, `!` to exclude (e.g. `!**\/*.md`). */
const pathFilter = z.string().trim().min(1).max(300);

export const GitWebhookSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  provider: z.enum(gitWebhookProviders),
  /** Where the provider sends deliveries (relative to the server's public URL). */
  url: z.string(),
  integrationTokenId: z.number().int(),
  connectorId: z.number().int(),
  repositories: z.array(z.string()),
  skipDrafts: z.boolean(),
  pathFilters: z.array(z.string()),
  enabled: z.boolean(),
  /** `••••abcd`: the secret is shown in full only by create and rotate-secret. */
  secret: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GitWebhook = z.infer<typeof GitWebhookSchema>;

export const GitWebhookListSchema = z.object({ items: z.array(GitWebhookSchema) });
export type GitWebhookList = z.infer<typeof GitWebhookListSchema>;

export const CreateGitWebhookSchema = z.object({
  provider: z.enum(gitWebhookProviders),
  integrationTokenId: id,
  connectorId: id,
  repositories: z.array(repositoryName).max(500).default([]),
  skipDrafts: z.boolean().default(true),
  pathFilters: z.array(pathFilter).max(100).default([]),
  enabled: z.boolean().default(true),
});

export const UpdateGitWebhookSchema = z
  .object({
    integrationTokenId: id,
    connectorId: id,
    repositories: z.array(repositoryName).max(500),
    skipDrafts: z.boolean(),
    pathFilters: z.array(pathFilter).max(100),
    enabled: z.boolean(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });

export type CreateGitWebhookInput = z.input<typeof CreateGitWebhookSchema>;
export type UpdateGitWebhookInput = z.input<typeof UpdateGitWebhookSchema>;

/** `POST /git-webhooks` (201) and `POST /git-webhooks/{id}/rotate-secret` (200): the secret in full, once. */
export const GitWebhookSecretSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  secret: z.string(),
});
export type GitWebhookSecret = z.infer<typeof GitWebhookSecretSchema>;

export const WebhookDeliverySchema = z.object({
  id: z.number().int(),
  webhookId: z.number().int(),
  /** The provider's delivery id (`X-GitHub-Delivery`, `X-Gitlab-Event-UUID`). */
  deliveryId: z.string().nullable(),
  receivedAt: z.string(),
  event: z.string().nullable(),
  action: z.string().nullable(),
  repository: z.string().nullable(),
  number: z.number().int().nullable(),
  headSha: z.string().nullable(),
  signatureOk: z.boolean(),
  decision: z.enum(deliveryDecisions),
  /** In words: `queued review #812`, `skipped: draft`, `rejected: bad signature`, `ignored: event issues`… */
  reason: z.string(),
  reviewId: z.number().int().nullable(),
  /** A delivery id seen before (the provider's "Redeliver"): logged, answered as the first time, nothing started. */
  redelivery: z.boolean(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/** Newest first; pass `nextCursor` as `before` for the next (older) page. */
export const WebhookDeliveryPageSchema = z.object({
  items: z.array(WebhookDeliverySchema),
  nextCursor: z.number().int().nullable(),
  hasMore: z.boolean(),
});
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPageSchema>;

export const WebhookDeliveriesQuerySchema = z.object({
  /** A delivery id (exclusive): the page of older deliveries. */
  before: z
    .string()
    .regex(/^\d{1,15}$/, 'expected a delivery id')
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .default(50),
  decision: csvOf(deliveryDecisions).optional(),
  /** Only deliveries for this repository (`owner/repo`), compared case-insensitively. */
  repository: z.string().trim().min(1).max(300).optional(),
});
export type WebhookDeliveriesQuery = z.infer<typeof WebhookDeliveriesQuerySchema>;

/** What a receiver answers (202): the decision taken for this delivery, or the first one for a redelivery. */
export const HookReceiptSchema = z.object({
  status: z.enum(deliveryDecisions),
  reason: z.string(),
  reviewId: z.number().int().nullable(),
  /** True when this delivery id was seen before: nothing new happened. */
  duplicate: z.boolean(),
});
export type HookReceipt = z.infer<typeof HookReceiptSchema>;
