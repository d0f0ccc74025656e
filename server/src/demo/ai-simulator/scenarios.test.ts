import { describe, expect, it } from 'vitest';
import { simulatorBaseUrl, splitScenarioPath } from './scenarios.ts';

describe('scenario URLs', () => {
  it('put the scenario where each SDK keeps it: before /v1 for OpenAI, as the host path otherwise', () => {
    expect(simulatorBaseUrl('http://127.0.0.1:9', 'openai', 'buffering-proxy')).toBe(
      'http://127.0.0.1:9/scenario/buffering-proxy/v1',
    );
    expect(simulatorBaseUrl('http://127.0.0.1:9/', 'ollama', 'buffering-proxy')).toBe(
      'http://127.0.0.1:9/scenario/buffering-proxy',
    );
    expect(simulatorBaseUrl('http://127.0.0.1:9', 'gemini')).toBe('http://127.0.0.1:9/scenario/healthy');
  });

  it('carry options that read back as they were written', () => {
    const url = new URL(
      simulatorBaseUrl('http://127.0.0.1:9', 'openai', 'rate-limit-then-success', {
        failures: 3,
        retryAfterSeconds: null,
        chunkDelayMs: 5,
        id: 'a b',
      }),
    );
    const split = splitScenarioPath(`${url.pathname}/chat/completions`);
    expect(split).toMatchObject({
      scenario: {
        name: 'rate-limit-then-success',
        options: { failures: 3, retryAfterSeconds: null, chunkDelayMs: 5, id: 'a b' },
      },
      providerPath: '/v1/chat/completions',
    });
  });

  it('default to healthy without a prefix and refuse unknown scenarios', () => {
    expect(splitScenarioPath('/api/chat')).toMatchObject({ scenario: { name: 'healthy' }, providerPath: '/api/chat' });
    expect(splitScenarioPath('/scenario/sometimes/api/chat')).toEqual({
      error: 'Unknown simulator scenario "sometimes"',
    });
  });
});
