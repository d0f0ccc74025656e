import { describe, expect, it } from 'vitest';
import { priceOfCall, type PricedConnector } from './call-price.ts';

/** Real model names against the bundled price table (its data ships in the package: no network). */
const million = { tokensIn: 1_000_000, tokensOut: 1_000_000 };
const openai: PricedConnector = { providerType: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' };

describe('priceOfCall', () => {
  it('prices OpenAI and Gemini models from the table', () => {
    const mini = priceOfCall(openai, { tokensIn: 12_000, tokensOut: 800 });
    expect(mini).toMatchObject({ priceSource: 'genai-prices' });
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    expect(mini.costUsd).toBeCloseTo(0.0018 + 0.00048, 9);

    const flash = priceOfCall(
      { providerType: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', model: 'gemini-2.5-flash' },
      million,
    );
    expect(flash).toEqual({ costUsd: expect.any(Number), priceSource: 'genai-prices' });
    expect(flash.costUsd).toBeGreaterThan(0);
  });

  it('takes the Gemini SDK’s "models/" prefix and the provider an OpenAI-compatible base URL names', () => {
    const prefixed = priceOfCall(
      {
        providerType: 'gemini',
        baseUrl: 'https://generativelanguage.googleapis.com',
        model: 'models/gemini-2.0-flash',
      },
      million,
    );
    expect(prefixed.costUsd).toBeGreaterThan(0);
    const groq = priceOfCall(
      { providerType: 'openai', baseUrl: 'https://api.groq.com/openai/v1', model: 'llama-3.3-70b-versatile' },
      million,
    );
    expect(groq).toMatchObject({ priceSource: 'genai-prices' });
  });

  it('prices a proxy in front of OpenAI as OpenAI', () => {
    const proxied = priceOfCall({ ...openai, baseUrl: 'https://llm-proxy.example.com/v1', model: 'gpt-4o' }, million);
    // gpt-4o: $2.50 in, $10 out per million tokens.
    expect(proxied).toEqual({ costUsd: 12.5, priceSource: 'genai-prices' });
  });

  it('uses the connector’s own price over the table', () => {
    const own = priceOfCall(
      { ...openai, prices: { perMTokIn: 1, perMTokOut: 4 } },
      { tokensIn: 500_000, tokensOut: 250_000 },
    );
    expect(own).toEqual({ costUsd: 1.5, priceSource: 'connector' });
  });

  it('makes Ollama free and says it is self-hosted, unless the connector sets a price', () => {
    const local = { providerType: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'qwen2.5-coder:7b' } as const;
    expect(priceOfCall(local, million)).toEqual({ costUsd: 0, priceSource: 'self-hosted' });
    expect(priceOfCall({ ...local, prices: { perMTokIn: 0.1, perMTokOut: 0.2 } }, million)).toEqual({
      costUsd: 0.3,
      priceSource: 'connector',
    });
  });

  it('gives an unknown model no cost, never 0, and says why', () => {
    const selfHosted = priceOfCall(
      { providerType: 'openai', baseUrl: 'http://10.0.0.5:8000/v1', model: 'Qwen/Qwen2.5-Coder-32B-Instruct' },
      million,
    );
    expect(selfHosted).toEqual({
      costUsd: null,
      priceUnknownReason:
        '"Qwen/Qwen2.5-Coder-32B-Instruct" is not in the price table (10.0.0.5:8000 is not a provider the table knows); set a price on the connector in Settings',
    });
    const unknownGemini = priceOfCall(
      { providerType: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', model: 'reviewtrace-demo' },
      million,
    );
    expect(unknownGemini).toMatchObject({ costUsd: null, priceUnknownReason: expect.stringContaining('Google') });
  });
});
