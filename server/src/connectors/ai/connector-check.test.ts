import { describe, expect, it } from 'vitest';
import { checkConnector } from './connector-check.ts';
import { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import {
  closedPortUrl,
  connectorAt,
  providers,
  simulatedConnector,
  useAiSimulator,
} from '../../testing/ai-connector-support.ts';

const ai = useAiSimulator();

const signal = () => new AbortController().signal;
const outbound = OutboundPolicy.open();

describe.each(providers)('checkConnector for %s', (provider) => {
  it('is ok when the provider answers and accepts the key, without generating anything', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider);
    const result = await checkConnector(config, signal(), { outbound });

    expect(result).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
    expect(result.message).toContain('reviewtrace-demo');
    expect(requests().map((r) => r.kind)).not.toContain('generate');
    expect(requests().map((r) => r.apiKey)).toEqual(['test-key']);
  });

  it('reports auth when the key is rejected', async () => {
    const { config } = simulatedConnector(ai.simulator, provider, 'invalid-key');
    expect(await checkConnector(config, signal(), { outbound })).toMatchObject({ ok: false, category: 'auth' });
  });

  it('reports network when nothing listens at the base URL', async () => {
    const config = connectorAt(provider, await closedPortUrl());
    expect(await checkConnector(config, signal(), { outbound })).toMatchObject({ ok: false, category: 'network' });
  });

  it('reports timeout when the provider never answers', async () => {
    const { config, requests } = simulatedConnector(ai.simulator, provider, 'no-answer');
    expect(await checkConnector(config, signal(), { outbound, timeoutMs: 200 })).toMatchObject({
      ok: false,
      category: 'timeout',
    });
    expect(await ai.simulator.whenClosed(requests()[0]!)).toBe('client-left');
  });
});
