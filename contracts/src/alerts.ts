import { z } from 'zod';

/**
 * Alerts on systemic failures (issue 16): rules over recent reviews, the alerts they raise
 * (firing → resolved), and the Standard Webhooks endpoints that are told about each transition.
 */
export const alertMetrics = [
  'failure_rate',
  'fallback_rate',
  'error_category',
  'p95_duration_ms',
  'consecutive_failures',
] as const;
export type AlertMetric = (typeof alertMetrics)[number];

/** Metrics that are a share of the window's finished reviews: their threshold is 0–1. */
export const rateMetrics: readonly AlertMetric[] = ['failure_rate', 'fallback_rate', 'error_category'];

export const alertStates = ['firing', 'resolved'] as const;
export type AlertState = (typeof alertStates)[number];

export const alertEventTypes = ['alert.firing', 'alert.resolved', 'webhook.test'] as const;
export type AlertEventType = (typeof alertEventTypes)[number];

/** Why a threshold does not fit its metric, or undefined when it does (shared by create and PATCH). */
export function thresholdProblem(metric: AlertMetric, threshold: number): string | undefined {
  if (rateMetrics.includes(metric)) {
    return threshold > 0 && threshold <= 1 ? undefined : `${metric} is a share: expected more than 0 and at most 1`;
  }
  if (metric === 'consecutive_failures') {
    return Number.isInteger(threshold) && threshold >= 1 && threshold <= 1000
      ? undefined
      : 'consecutive_failures is a count: expected a whole number from 1 to 1000';
  }
  return threshold >= 1 && threshold <= 86_400_000
    ? undefined
    : 'p95_duration_ms is milliseconds: expected 1 to 86400000 (one day)';
}

const ruleFields = {
  name: z.string().trim().min(1).max(200),
  metric: z.enum(alertMetrics),
  threshold: z.number().finite(),
  windowMinutes: z.number().int().min(1).max(10_080),
  minReviews: z.number().int().min(1).max(100_000),
  connectorId: z.number().int().positive().nullable(),
  model: z.string().trim().min(1).max(200).nullable(),
  /** For `error_category`: the category counted, e.g. `auth`. */
  category: z.string().trim().min(1).max(100).nullable(),
  enabled: z.boolean(),
  /** super_admin only: evaluate the reviews of every org, not only the caller's. */
  allOrgs: z.boolean(),
};

export const AlertRuleSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  name: z.string(),
  metric: z.enum(alertMetrics),
  threshold: z.number(),
  windowMinutes: z.number().int(),
  minReviews: z.number().int(),
  connectorId: z.number().int().nullable(),
  model: z.string().nullable(),
  category: z.string().nullable(),
  enabled: z.boolean(),
  allOrgs: z.boolean(),
  /** Created with the org's first connector. */
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertRule = z.infer<typeof AlertRuleSchema>;
export const AlertRuleListSchema = z.object({
  items: z.array(AlertRuleSchema),
  /** How often the rules are evaluated (the server's ALERT_EVAL_MS). */
  evaluatedEveryMs: z.number().int().positive(),
});
export type AlertRuleList = z.infer<typeof AlertRuleListSchema>;

export const CreateAlertRuleSchema = z.object({
  name: ruleFields.name,
  metric: ruleFields.metric,
  threshold: ruleFields.threshold,
  windowMinutes: ruleFields.windowMinutes.default(15),
  minReviews: ruleFields.minReviews.default(1),
  connectorId: ruleFields.connectorId.optional(),
  model: ruleFields.model.optional(),
  category: ruleFields.category.optional(),
  enabled: ruleFields.enabled.default(true),
  allOrgs: ruleFields.allOrgs.default(false),
});
export type CreateAlertRuleInput = z.input<typeof CreateAlertRuleSchema>;

export const UpdateAlertRuleSchema = z
  .object(ruleFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });
export type UpdateAlertRuleInput = z.input<typeof UpdateAlertRuleSchema>;

/** Only http(s): the URL a notification is POSTed to. */
const endpointUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'expected an http:// or https:// URL');

export const AlertEndpointSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  url: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  /** Why the system switched it off (the receiver answered 410 Gone), else null. */
  disabledReason: z.string().nullable(),
  /** `••••abcd`: the secret is shown in full only by create and rotate-secret. */
  secret: z.string(),
  /** While a rotation is in progress both secrets sign, until this time. */
  previousSecretUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertEndpoint = z.infer<typeof AlertEndpointSchema>;
export const AlertEndpointListSchema = z.object({ items: z.array(AlertEndpointSchema) });

export const CreateAlertEndpointSchema = z.object({
  url: endpointUrl,
  description: z.string().trim().max(500).default(''),
  enabled: z.boolean().default(true),
});
export type CreateAlertEndpointInput = z.input<typeof CreateAlertEndpointSchema>;

export const UpdateAlertEndpointSchema = z
  .object({ url: endpointUrl, description: z.string().trim().max(500), enabled: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });
export type UpdateAlertEndpointInput = z.input<typeof UpdateAlertEndpointSchema>;

/** 201 of create and 200 of rotate-secret: the `whsec_…` secret in full, this once. */
export const AlertEndpointSecretSchema = AlertEndpointSchema.extend({ secret: z.string() });
export type AlertEndpointSecret = z.infer<typeof AlertEndpointSecretSchema>;

export const alertDeliveryStates = ['pending', 'delivered', 'failed'] as const;

export const AlertDeliveryAttemptSchema = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  /** The first 2 KB of the answer. */
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});

export const AlertDeliverySchema = z.object({
  id: z.number().int(),
  endpointId: z.number().int(),
  /** The `webhook-id` header: the same on every attempt. */
  messageId: z.string(),
  type: z.enum(alertEventTypes),
  alertId: z.number().int().nullable(),
  state: z.enum(alertDeliveryStates),
  attempts: z.array(AlertDeliveryAttemptSchema),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AlertDelivery = z.infer<typeof AlertDeliverySchema>;
export const AlertDeliveryListSchema = z.object({ items: z.array(AlertDeliverySchema) });

export const AlertDeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AlertDeliveryParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  deliveryId: z.coerce.number().int().positive(),
});

export const AlertObservedSchema = z.object({
  value: z.number(),
  reviews: z.number().int(),
  failed: z.number().int(),
  topCategories: z.array(z.object({ category: z.string(), count: z.number().int() })),
});
export type AlertObserved = z.infer<typeof AlertObservedSchema>;

export const AlertScopeSchema = z.object({
  connectorId: z.number().int().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
});
export type AlertScope = z.infer<typeof AlertScopeSchema>;

export const AlertSchema = z.object({
  id: z.number().int(),
  ruleId: z.number().int(),
  ruleName: z.string(),
  orgId: z.number().int(),
  /** The org whose reviews crossed the threshold (differs from orgId only for a cross-org rule). */
  subjectOrgId: z.number().int(),
  fingerprint: z.string(),
  state: z.enum(alertStates),
  metric: z.enum(alertMetrics),
  threshold: z.number(),
  windowMinutes: z.number().int(),
  observed: AlertObservedSchema,
  scope: AlertScopeSchema,
  sampleReviewIds: z.array(z.number().int()),
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
  links: z.object({ health: z.string(), reviews: z.string() }),
});
export type Alert = z.infer<typeof AlertSchema>;
export const AlertListSchema = z.object({ items: z.array(AlertSchema) });
export type AlertList = z.infer<typeof AlertListSchema>;

export const AlertsQuerySchema = z.object({
  state: z.enum(alertStates).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `POST …/test` and `…/redeliver`: 202 with the delivery queued. */
export const QueuedDeliverySchema = z.object({ deliveryId: z.number().int(), messageId: z.string() });

/** What the demo's built-in receiver got (`GET /api/v1/demo/alert-receiver`, demo mode only). */
export const DemoReceivedWebhookSchema = z.object({
  id: z.number().int(),
  endpointId: z.number().int(),
  receivedAt: z.string(),
  webhookId: z.string(),
  type: z.string(),
  /** Whether the `standardwebhooks` package verified the signature with the endpoint's secret. */
  verified: z.boolean(),
  /** Why it did not verify (the library's words), else null. */
  problem: z.string().nullable(),
  /** The request body as received. */
  body: z.string(),
});
export type DemoReceivedWebhook = z.infer<typeof DemoReceivedWebhookSchema>;
export const DemoReceivedWebhookListSchema = z.object({ items: z.array(DemoReceivedWebhookSchema) });
