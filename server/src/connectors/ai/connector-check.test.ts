import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAiSimulator, type AiSimulator } from '../../demo/ai-simulator/ai-simulator.ts';
import { checkConnector } from './connector-check.ts';
import { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import { closedPortUrl, providers, simulatedConnector } from '../../testing/ai-connector-support.ts';

let simulator: AiSimulator;
beforeAll(async () => {
  simulator = await startAiSimulator({ chunkDelayMs: 0 });
});
afterAll(() => simulator.close());

const signal = () => new AbortController().signal;
const outbound = OutboundPolicy.open();

describe.each(providers)('checkConnector for %s', (provider) => {
  it('is ok when the provider answers and accepts the key, without generating anything', async () => {
    const { config, requests } = simulatedConnector(simulator, provider);
    const result = await checkConnector(config, signal(), { outbound });

    expect(result).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
    expect(result.message).toContain('reviewtrace-demo');
    expect(requests().map((r) => r.kind)).not.toContain('generate');
    expect(requests().map((r) => r.apiKey)).toEqual(['test-key']);
  });

  it('reports auth when the key is rejected', async () => {
    const { config } = simulatedConnector(simulator, provider, 'invalid-key');
    expect(await checkConnector(config, signal(), { outbound })).toMatchObject({ ok: false, category: 'auth' });
  });

  it('reports network when nothing listens at the base URL', async () => {
    const base = await closedPortUrl();
    const config = {
      providerType: provider,
      baseUrl: provider === 'openai' ? `${base}/v1` : base,
      apiKey: 'test-key',
      model: 'reviewtrace-demo',
      streaming: true,
    };
    expect(await checkConnector(config, signal(), { outbound })).toMatchObject({ ok: false, category: 'network' });
  });

  it('reports timeout when the provider never answers', async () => {
    const { config, requests } = simulatedConnector(simulator, provider, 'no-answer');
    expect(await checkConnector(config, signal(), { outbound, timeoutMs: 200 })).toMatchObject({
      ok: false,
      category: 'timeout',
    });
    expect(await simulator.whenClosed(requests()[0]!)).toBe('client-left');
  });
});
