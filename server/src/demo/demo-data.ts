/** Realistic names for the demo: repositories, change titles, people and connectors. */
export const demoOrgs = [
  { name: 'Acme Robotics (demo)', slug: 'acme', historyCount: 240 },
  { name: 'Globex Finance (demo)', slug: 'globex', historyCount: 60 },
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
  { provider: 'gemini', name: 'Verbose model (demo)', model: 'gemini-1.5-flash', scenario: 'garbage' },
  { provider: 'openai', name: 'Flaky gateway (demo)', model: 'gpt-4o-mini', scenario: 'server-error' },
  { provider: 'ollama', name: 'Overloaded GPU box (demo)', model: 'qwen2.5-coder:32b', scenario: 'no-answer' },
] as const;

/** How often each connector shows up in the demo's history: mostly healthy, failures stand out. */
export const demoHistoryWeights: Record<(typeof demoConnectors)[number]['scenario'], number> = {
  healthy: 14,
  'buffering-proxy': 4,
  'rate-limit-then-success': 3,
  'truncated-json': 3,
  'invalid-key': 1,
  garbage: 1,
  'server-error': 1,
  'no-answer': 1,
};
