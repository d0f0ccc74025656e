/**
 * The vocabulary the seeded reviews draw from. Small lists on purpose: they give filters with
 * realistic selectivities (one model ≈ 25 %, one connector ≈ 6 %, one 0.05 %, failed ≈ 10 %) and titles that are
 * varied enough for the trigram index to be exercised, without shipping a data set.
 */
export interface ConnectorSpec {
  name: string;
  provider: string;
  model: string;
  /** Share of reviews, in percent (0.01 steps); what the weights leave over has no connector at all. */
  weight: number;
}

export const connectorSpecs: readonly ConnectorSpec[] = [
  { name: 'OpenAI GPT-4o', provider: 'openai', model: 'gpt-4o', weight: 34 },
  { name: 'OpenAI mini', provider: 'openai', model: 'gpt-4o-mini', weight: 15 },
  { name: 'Claude Sonnet', provider: 'anthropic', model: 'claude-sonnet-4-5', weight: 25 },
  { name: 'Azure OpenAI', provider: 'azure_openai', model: 'gpt-4.1', weight: 10 },
  { name: 'Gemini Pro', provider: 'gemini', model: 'gemini-2.5-pro', weight: 8 },
  { name: 'Local Ollama', provider: 'ollama', model: 'qwen2.5-coder:32b', weight: 6 },
  // A connector with very few reviews: a filter matching almost nothing of a big org is where a plan
  // that walks the created_at index and filters (instead of using the filter's index) gets slow.
  { name: 'Mistral trial', provider: 'mistral', model: 'mistral-large', weight: 0.05 },
];

export const titleVerbs = [
  'Fix',
  'Add',
  'Refactor',
  'Remove',
  'Update',
  'Speed up',
  'Document',
  'Test',
  'Rename',
  'Harden',
];
export const titleObjects = [
  'retry logic',
  'login flow',
  'billing export',
  'cache invalidation',
  'rate limiter',
  'search index',
  'webhook handler',
  'dark mode',
  'CSV import',
  'audit log',
  'feature flags',
  'session refresh',
];
export const titleSuffixes = ['', ' in API', ' for admins', ' on mobile', ' (follow-up)', ' behind flag'];

export const authors: readonly (readonly [name: string, username: string])[] = [
  ['Ada Lovelace', 'ada'],
  ['Grace Hopper', 'grace'],
  ['Linus Torvalds', 'linus'],
  ['Margaret Hamilton', 'margaret'],
  ['Ken Thompson', 'ken'],
  ['Barbara Liskov', 'barbara'],
  ['Dennis Ritchie', 'dennis'],
  ['Frances Allen', 'frances'],
];

/** Failure causes, from the contract's error categories, with the message a user would see. */
export const failures: readonly (readonly [category: string, summary: string])[] = [
  ['rate_limit', 'The AI provider rate-limited the review (HTTP 429)'],
  ['timeout', 'The AI provider did not answer within 120 s'],
  ['auth', 'The AI connector token was rejected (HTTP 401)'],
  ['network', 'Connection reset while calling the AI provider'],
  ['stream_stall', 'No streaming chunks arrived for 60 s'],
  ['invalid_json', 'The model answered with invalid JSON'],
  ['git_provider', 'Could not fetch the merge request diff'],
];
