/** Realistic names for the demo: repositories, change titles, people and connectors. */
export const demoOrgs = [
  {
    name: 'Acme Robotics (demo)',
    repos: [
      { repository: 'acme/checkout-service', host: 'https://github.com', git: 'github' },
      { repository: 'acme/web-storefront', host: 'https://github.com', git: 'github' },
      { repository: 'acme/fleet-telemetry', host: 'https://github.com', git: 'github' },
      { repository: 'platform/inventory-api', host: 'https://gitlab.acme.dev', git: 'gitlab' },
      { repository: 'platform/warehouse-sync', host: 'https://gitlab.acme.dev', git: 'gitlab' },
    ],
  },
  {
    name: 'Globex Finance (demo)',
    repos: [
      { repository: 'globex/billing', host: 'https://gitlab.com', git: 'gitlab' },
      { repository: 'globex/ledger-core', host: 'https://github.com', git: 'github' },
    ],
  },
] as const;

/**
 * Demo connectors: each talks to the built-in AI simulator with a behaviour of its own (its
 * scenario is part of the base URL, set at every start because the simulator's port changes).
 */
export const demoConnectors = [
  { provider: 'ollama', name: 'Local Ollama (demo)', model: 'qwen2.5-coder:14b', scenario: 'healthy' },
  { provider: 'ollama', name: 'Ollama behind corp proxy (demo)', model: 'llama3.1:8b', scenario: 'buffering-proxy' },
  { provider: 'openai', name: 'OpenAI (demo)', model: 'gpt-4o-mini', scenario: 'healthy' },
  { provider: 'openai', name: 'OpenAI, busy quota (demo)', model: 'gpt-4o', scenario: 'rate-limit-then-success' },
  { provider: 'gemini', name: 'Gemini (demo)', model: 'gemini-2.0-flash', scenario: 'healthy' },
  { provider: 'ollama', name: 'Chatty local model (demo)', model: 'mistral:7b', scenario: 'truncated-json' },
  { provider: 'openai', name: 'Expired key (demo)', model: 'gpt-4o-mini', scenario: 'invalid-key' },
] as const;

export const demoTitles = [
  'Fix flaky login redirect after SSO timeout',
  'Add idempotency keys to payment webhooks',
  'Migrate orders table ids to bigint',
  'Bump React to 19 and drop legacy context',
  'Cache product search results for 60s',
  'Refactor auth middleware into a plugin',
  'Handle empty cart on checkout',
  'Rate-limit the public catalog API',
  'Remove dead feature flags from 2023',
  'Stream CSV export instead of buffering',
  'Fix timezone bug in weekly reports',
  'Add OpenTelemetry tracing to workers',
  'Retry S3 uploads with jittered backoff',
  'Validate webhook signatures in constant time',
  'Paginate the admin audit log',
  'Split monolithic settings page',
  'Speed up inventory sync with COPY',
  'Guard against negative stock adjustments',
  'Upgrade pg driver and enable keepalive',
  'Add dark mode to the storefront',
  'Fix race in order status transitions',
  'Document the deployment runbook',
  'Batch telemetry writes per device',
  'Drop unused indexes on events table',
  'Sanitize markdown in product descriptions',
  'Replace moment with date-fns',
  'Add health endpoint for load balancer',
  'Fix N+1 query in invoice listing',
  'Encrypt API keys at rest',
  'Make currency rounding banker-safe',
] as const;

export const demoAuthors = [
  ['Priya Raman', 'praman'],
  ['Jonas Becker', 'jbecker'],
  ['Mei Tanaka', 'mtanaka'],
  ['Carlos Ortega', 'cortega'],
  ['Amara Okafor', 'aokafor'],
  ['Liam Walsh', 'lwalsh'],
] as const;

export const demoFiles = [
  'src/checkout/cart.ts',
  'src/checkout/payment.ts',
  'src/auth/middleware.ts',
  'src/api/routes/orders.ts',
  'src/db/migrations/0042_bigint_ids.sql',
  'src/reports/weekly.ts',
  'src/workers/telemetry.ts',
  'web/src/components/CartSummary.tsx',
  'web/src/pages/Settings.tsx',
  'README.md',
] as const;

/** Failure stories: what the completion says for each category the demo shows. */
export const demoFailures = [
  { category: 'auth', summary: 'The AI provider rejected the API key (401 Unauthorized).' },
  { category: 'rate_limit', summary: 'Rate limited by the provider after 5 attempts (429 Too Many Requests).' },
  { category: 'timeout', summary: 'The model did not answer batch-2 within 120 s.' },
  { category: 'network', summary: 'Could not connect to http://ollama.internal:11434 (ECONNREFUSED).' },
  { category: 'git_provider', summary: 'GitHub answered 404 for the pull request: the token may lack the repo scope.' },
  { category: 'invalid_json', summary: 'Model output was unstructured: no JSON object found in the response.' },
  { category: 'truncated_json', summary: 'Truncated JSON unrecoverable: the response ended inside a string.' },
  { category: 'worker_lost', summary: 'The worker stopped during the review and the retry also lost its lease.' },
  { category: 'unknown', summary: 'Unexpected error while posting comments.' },
] as const;
