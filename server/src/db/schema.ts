import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/**
 * Kysely's view of the tables (migrations/*.sql are the source of truth).
 * int8 columns arrive as numbers: database.ts installs the parser (ids stay below 2^53).
 */
type Int8 = number;
type Int8Id = ColumnType<number, number | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;
type GeneratedJson = ColumnType<unknown, string | undefined, string>;
type GeneratedColumn<T> = ColumnType<T, T | undefined, T>;

export interface OrgsTable {
  id: Int8Id;
  name: string;
  created_at: GeneratedTimestamp;
  event_retention_days: ColumnType<number | null, number | null | undefined, number | null>;
  artifact_retention_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface UsersTable {
  id: Int8Id;
  email: string;
  default_org_id: Int8 | null;
  name: string | null;
  created_at: GeneratedTimestamp;
}

export interface RolesTable {
  id: Generated<number>;
  name: string;
}

export interface UserRolesTable {
  user_id: Int8;
  role_id: number;
  org_id: Int8;
}

export interface AiConnectorsTable {
  id: Int8Id;
  org_id: Int8;
  provider_name: string;
  connector_name: string;
  base_url: string | null;
  api_key: string | null;
  selected_model: string | null;
  streaming: Generated<boolean>;
  settings: GeneratedJson;
  /** US dollars per million tokens; both null (use the price table) or both set. */
  price_per_mtok_in: number | null;
  price_per_mtok_out: number | null;
  /** Model calls at once across all workers (1–64); null = no limit. */
  max_concurrency: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface IntegrationTokensTable {
  id: Int8Id;
  org_id: Int8;
  provider: string;
  provider_url: string | null;
  connection_name: string | null;
  token: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ReviewsTable {
  id: Int8Id;
  org_id: Int8;
  repository: string | null;
  branch: string | null;
  commit_hash: string | null;
  pr_mr_url: string | null;
  connector_id: Int8 | null;
  status: Generated<string>;
  trigger_type: string | null;
  user_email: string | null;
  provider: string | null;
  mr_title: string | null;
  author_name: string | null;
  author_username: string | null;
  created_at: GeneratedTimestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  metadata: Json | null;
  engine: Generated<string>;
  ai_provider: string | null;
  ai_model: string | null;
  retry_of: Int8 | null;
  created_by: Int8 | null;
  last_event_at: Timestamp | null;
  last_seq: Generated<Int8>;
  event_counts: GeneratedJson;
  comment_count: Generated<number>;
  error_summary: string | null;
  error_category: string | null;
  result_summary: string | null;
  batches_total: number | null;
  batches_done: Generated<number>;
  usage_tokens_in: number | null;
  usage_tokens_out: number | null;
  usage_tokens: number | null;
  usage_cost_usd: number | null;
  usage_model_calls: number | null;
  usage_model_ms: number | null;
  usage_wait_ms: number | null;
  /** Batches waiting right now, by batch id: `{reason, until}` (kept by the event store). */
  waiting_batches: ColumnType<unknown, string | null | undefined, string | null>;
  outcome: string | null;
  outcome_reason: string | null;
  failed_batches: string[] | null;
  run_after: Timestamp | null;
  locked_by: string | null;
  lease_until: Timestamp | null;
  attempt: Generated<number>;
  cancel_requested_at: Timestamp | null;
  updated_at: GeneratedTimestamp;
  idempotency_key: string | null;
  duration_ms: GeneratedAlways<number | null>;
  last_activity_at: GeneratedAlways<Date>;
  search_text: GeneratedAlways<string>;
}

export interface ReviewStatusCountsTable {
  org_id: Int8;
  status: string;
  /** Spreads one org's counter over rows so concurrent writers don't queue on one lock; sum them. */
  slot: Generated<number>;
  n: Int8;
}

export interface ReviewEventsTable {
  id: Int8Id;
  review_id: Int8;
  org_id: Int8;
  /** Filled by a trigger when a writer leaves it out (operators' SQL); the app sets it per batch. */
  seq: ColumnType<number, number | undefined, number>;
  ts: GeneratedTimestamp;
  event_type: string;
  level: string | null;
  batch_id: string | null;
  data: Json;
  event_id: string | null;
}

export interface AiCommentsTable {
  id: Int8Id;
  review_id: Int8;
  org_id: Int8;
  comment_type: string | null;
  content: Json | null;
  file_path: string | null;
  line_number: number | null;
  created_at: GeneratedTimestamp;
}

export interface ArtifactsTable {
  id: string;
  review_id: number;
  org_id: number;
  kind: string;
  batch_id: string | null;
  content_type: GeneratedColumn<string>;
  size_bytes: number;
  storage_key: string;
  preview_head: GeneratedColumn<string>;
  preview_tail: GeneratedColumn<string>;
  created_at: GeneratedTimestamp;
}

export interface ReviewFileCoverageTable {
  review_id: Int8;
  org_id: Int8;
  files_total: number;
  files_reviewed: number;
  files_skipped: number;
  files_clipped: number;
  lines_reviewed: Int8;
  lines_total: Int8;
  files: Json;
  files_omitted: GeneratedColumn<number>;
  created_at: GeneratedTimestamp;
}

export interface GitWebhooksTable {
  id: Int8Id;
  org_id: Int8;
  provider: string;
  integration_token_id: Int8;
  connector_id: Int8;
  repositories: GeneratedColumn<string[]>;
  skip_drafts: Generated<boolean>;
  path_filters: GeneratedColumn<string[]>;
  enabled: Generated<boolean>;
  secret: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface WebhookDeliveriesTable {
  id: Int8Id;
  webhook_id: Int8;
  org_id: Int8;
  delivery_id: string | null;
  received_at: GeneratedTimestamp;
  event: string | null;
  action: string | null;
  repository: string | null;
  number: number | null;
  head_sha: string | null;
  signature_ok: boolean;
  decision: string;
  reason: string;
  review_id: Int8 | null;
  payload_excerpt: ColumnType<unknown, string | null | undefined, string | null>;
  redelivery: Generated<boolean>;
}

/** A connector's concurrency slot, held as a lease (migration 20261206100100). */
export interface ConnectorSlotsTable {
  connector_id: Int8;
  slot: number;
  holder: string;
  lease_until: Timestamp;
  acquired_at: GeneratedTimestamp;
}

export interface AlertRulesTable {
  id: Int8Id;
  org_id: Int8;
  all_orgs: Generated<boolean>;
  name: string;
  metric: string;
  threshold: number;
  category: string | null;
  window_minutes: number;
  min_reviews: Generated<number>;
  connector_id: Int8 | null;
  model: string | null;
  enabled: Generated<boolean>;
  is_default: Generated<boolean>;
  edited: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AlertEndpointsTable {
  id: Int8Id;
  org_id: Int8;
  url: string;
  description: Generated<string>;
  enabled: Generated<boolean>;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Timestamp | null;
  disabled_reason: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AlertsTable {
  id: Int8Id;
  rule_id: Int8;
  org_id: Int8;
  subject_org_id: Int8;
  fingerprint: string;
  state: string;
  metric: string;
  threshold: number;
  window_minutes: number;
  observed: Json;
  scope: Json;
  sample_review_ids: GeneratedColumn<number[]>;
  started_at: Timestamp;
  below_since: Timestamp | null;
  resolved_at: Timestamp | null;
  last_evaluated_at: Timestamp;
}

export interface AlertDeliveriesTable {
  id: Int8Id;
  endpoint_id: Int8;
  org_id: Int8;
  message_id: string;
  event_type: string;
  alert_id: Int8 | null;
  payload: string;
  state: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  locked_until: Timestamp | null;
  last_status: number | null;
  created_at: Timestamp;
  retry_until: Timestamp;
}

export interface AlertDeliveryAttemptsTable {
  id: Int8Id;
  delivery_id: Int8;
  attempted_at: Timestamp;
  status_code: number | null;
  latency_ms: number;
  response_excerpt: string | null;
  error: string | null;
  next_attempt_at: Timestamp | null;
}

export interface AlertEvaluationScheduleTable {
  id: number;
  next_due_at: Timestamp;
  claimed_by: string | null;
}

export interface DB {
  connector_slots: ConnectorSlotsTable;
  artifacts: ArtifactsTable;
  orgs: OrgsTable;
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  ai_connectors: AiConnectorsTable;
  integration_tokens: IntegrationTokensTable;
  reviews: ReviewsTable;
  review_status_counts: ReviewStatusCountsTable;
  review_events: ReviewEventsTable;
  ai_comments: AiCommentsTable;
  review_file_coverage: ReviewFileCoverageTable;
  git_webhooks: GitWebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  alert_rules: AlertRulesTable;
  alert_endpoints: AlertEndpointsTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
  alert_delivery_attempts: AlertDeliveryAttemptsTable;
  alert_evaluation_schedule: AlertEvaluationScheduleTable;
}
