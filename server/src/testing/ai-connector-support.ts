import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { startAiSimulator, type AiSimulator, type RecordedRequest } from '../demo/ai-simulator/ai-simulator.ts';
import { simulatorBaseUrl, type ScenarioOptions, type SimulatorScenario } from '../demo/ai-simulator/scenarios.ts';
import type { AiProviderType, ConnectorConfig, ModelCallObserver, ModelRequest } from '../connectors/ai/ai-types.ts';

/** Shared by the tests of this folder: connectors pointed at the simulator, and an observer that records. */

export const providers: AiProviderType[] = ['ollama', 'openai', 'gemini'];

export const reviewRequest: ModelRequest = {
  system: 'You are a code reviewer. Answer with JSON only.',
  prompt: [
    'Review this change and answer with the JSON schema.',
    '```diff',
    'diff --git a/src/payments/refund.ts b/src/payments/refund.ts',
    '--- a/src/payments/refund.ts',
    '+++ b/src/payments/refund.ts',
    '@@ -10,3 +10,6 @@ export async function refund(order: Order) {',
    '   const amount = order.total;',
    '+  try {',
    '+    await gateway.refund(order.id, amount);',
    '+  } catch (error) {',
    '   return amount;',
    'diff --git a/src/config.ts b/src/config.ts',
    '--- a/src/config.ts',
    '+++ b/src/config.ts',
    '@@ -1,2 +1,3 @@',
    ' export const config = {',
    "+  apiToken: process.env.PAYMENT_TOKEN ?? 'dev-token',",
    ' };',
    '```',
  ].join('\n'),
  json: true,
};

export const diffPaths = ['src/payments/refund.ts', 'src/config.ts'];

let sequence = 0;

/** A connector with its own `id`, so its requests (and rate-limit counters) are its own. */
export function simulatedConnector(
  simulator: AiSimulator,
  provider: AiProviderType,
  scenario: SimulatorScenario = 'healthy',
  options: ScenarioOptions & { streaming?: boolean } = {},
): { config: ConnectorConfig; requests: () => RecordedRequest[] } {
  const { streaming = true, ...scenarioOptions } = options;
  const id = `${provider}-${scenario}-${(sequence += 1)}`;
  return {
    config: {
      providerType: provider,
      baseUrl: simulatorBaseUrl(simulator.url, provider, scenario, { ...scenarioOptions, id }),
      apiKey: 'test-key',
      model: 'reviewtrace-demo',
      streaming,
    },
    requests: () => simulator.requests.filter((request) => request.url.includes(`id=${id}/`)),
  };
}

/**
 * One AI simulator for a test file, streaming without delay: started before its tests and closed
 * after them. Read `.simulator` inside tests (it exists once `beforeAll` ran).
 */
export function useAiSimulator(): { readonly simulator: AiSimulator } {
  const running = {} as { simulator: AiSimulator };
  beforeAll(async () => {
    running.simulator = await startAiSimulator({ chunkDelayMs: 0 });
  });
  afterAll(() => running.simulator.close());
  return running;
}

/** A connector of `provider` at `base`, not the simulator (OpenAI-compatible base URLs end in /v1). */
export function connectorAt(provider: AiProviderType, base: string): ConnectorConfig {
  return {
    providerType: provider,
    baseUrl: provider === 'openai' ? `${base}/v1` : base,
    apiKey: 'test-key',
    model: 'reviewtrace-demo',
    streaming: true,
  };
}

/** A base URL where nothing listens: connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function recordingObserver() {
  const seen = {
    starts: [] as Parameters<NonNullable<ModelCallObserver['onStart']>>[0][],
    progress: [] as Parameters<NonNullable<ModelCallObserver['onProgress']>>[0][],
    fallbacks: [] as Parameters<NonNullable<ModelCallObserver['onFallback']>>[0][],
    retries: [] as Parameters<NonNullable<ModelCallObserver['onRetry']>>[0][],
    ends: [] as Parameters<NonNullable<ModelCallObserver['onAttemptEnd']>>[0][],
  };
  const observer: ModelCallObserver = {
    onStart: (info) => seen.starts.push(info),
    onProgress: (info) => seen.progress.push(info),
    onFallback: (info) => seen.fallbacks.push(info),
    onRetry: (info) => seen.retries.push(info),
    onAttemptEnd: (info) => seen.ends.push(info),
  };
  return { observer, seen };
}

/** Records the waits callModel asks for and returns at once, so retry tests take no wall time. */
export function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  return { delays, sleep };
}
