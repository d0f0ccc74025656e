import { describe, expect, it } from 'vitest';
import { callModel } from '../connectors/ai/model-call.ts';
import type { AiProviderType, ModelTimeouts } from '../connectors/ai/ai-types.ts';
import { startAiSimulator, type AiSimulator } from '../demo/ai-simulator/ai-simulator.ts';
import type { ScenarioOptions } from '../demo/ai-simulator/scenarios.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { reviewRequest, simulatedConnector, useAiSimulator } from '../testing/ai-connector-support.ts';
import { countTokens } from './diff/token-count.ts';
import { usageOfCall } from './model-usage.ts';

/**
 * Usage as each provider's protocol reports it, through the real SDKs against the simulator (the
 * network edge): provider counts when it sends them, our tokenizer's estimate when it does not.
 */
const timeouts: ModelTimeouts = {
  firstChunkMs: 5_000,
  stallMs: 5_000,
  requestMs: 5_000,
  maxAttempts: 1,
  maxBackoffMs: 0,
};
const outbound = OutboundPolicy.open();
const ai = useAiSimulator();

async function usageThrough(
  simulator: AiSimulator,
  provider: AiProviderType,
  options: ScenarioOptions & { streaming?: boolean } = {},
) {
  const { config } = simulatedConnector(simulator, provider, 'healthy', options);
  const result = await callModel(config, reviewRequest, { outbound, signal: new AbortController().signal, timeouts });
  return { result, usage: usageOfCall(result, reviewRequest) };
}

describe.each(['ollama', 'openai', 'gemini'] as const)('usage of a %s call', (provider) => {
  it.each([true, false])('is the provider’s own count (streaming: %s)', async (streaming) => {
    const { usage } = await usageThrough(ai.simulator, provider, { streaming });
    expect(usage.tokensSource).toBe('provider');
    expect(usage.tokensIn).toBeGreaterThan(50);
    expect(usage.tokensOut).toBeGreaterThan(10);
    if (streaming) expect(usage.ttftMs).toBeTypeOf('number');
    else expect(usage).not.toHaveProperty('ttftMs');
  });

  it('is our tokenizer’s estimate when the server reports no usage, streamed or not', async () => {
    for (const streaming of [true, false]) {
      const { result, usage } = await usageThrough(ai.simulator, provider, { streaming, usage: false });
      expect(usage).toMatchObject({
        tokensSource: 'estimate',
        tokensIn: countTokens(reviewRequest.system) + countTokens(reviewRequest.prompt),
        tokensOut: countTokens(result.text),
      });
    }
  });
});

describe('usage timings', () => {
  it('takes Ollama’s load, prompt evaluation and generation times (ns on the wire) as ms', async () => {
    const { usage, result } = await usageThrough(ai.simulator, 'ollama');
    expect(result.generationMs).toBeGreaterThan(0);
    // The simulator reads prompts at 1.5 tokens/ms and answers at 45 tokens/s, and a warm model loads in 4 ms.
    expect(usage.loadMs).toBe(4);
    expect(usage.promptEvalMs).toBe(Math.round(usage.tokensIn / 1.5));
    expect(usage.tokensPerSecond).toBeCloseTo(45, 0);
  });

  it('reports a cold model’s load once, then a warm one', async () => {
    // Paced (a chunk delay), so the cold load is waited for as well as reported.
    const simulator = await startAiSimulator({ chunkDelayMs: 1, modelLoadMs: 60 });
    try {
      const { config } = simulatedConnector(simulator, 'ollama');
      const call = () => callModel(config, reviewRequest, { outbound, signal: new AbortController().signal, timeouts });
      const cold = await call();
      const warm = await call();
      expect([cold.loadMs, warm.loadMs]).toEqual([60, 4]);
      expect(cold.durationMs).toBeGreaterThanOrEqual(60);
    } finally {
      await simulator.close();
    }
  });

  it('reports an unpaced cold load without waiting for it (a replay on a virtual clock)', async () => {
    const simulator = await startAiSimulator({ chunkDelayMs: 0, modelLoadMs: 60_000 });
    try {
      const { config } = simulatedConnector(simulator, 'ollama');
      const cold = await callModel(config, reviewRequest, { outbound, signal: new AbortController().signal, timeouts });
      expect(cold.loadMs).toBe(60_000);
    } finally {
      await simulator.close();
    }
  });

  it('measures a stream’s rate from its first text to its end when the provider does not time it', async () => {
    const { usage, result } = await usageThrough(ai.simulator, 'openai', { chunkDelayMs: 5 });
    expect(result.ttftMs).toBeGreaterThanOrEqual(result.ttfbMs!);
    const generationMs = result.durationMs - result.ttftMs!;
    expect(usage.tokensPerSecond).toBeCloseTo((usage.tokensOut / generationMs) * 1000, 0);
  });

  it('gives a plain answer without provider timings no rate rather than a wrong one', async () => {
    const { usage } = await usageThrough(ai.simulator, 'gemini', { streaming: false });
    expect(usage).not.toHaveProperty('tokensPerSecond');
  });
});
