import { jsonrepair } from 'jsonrepair';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAiSimulator, type AiSimulator } from './ai-simulator.ts';
import { simulatorBaseUrl } from './scenarios.ts';

/** The wire formats as a client without an SDK sees them (the SDK round trips live in connectors/ai). */
let simulator: AiSimulator;
beforeAll(async () => {
  simulator = await startAiSimulator({ chunkDelayMs: 0 });
});
afterAll(() => simulator.close());

const diff = 'diff --git a/lib/util.ts b/lib/util.ts\n@@ -1,1 +1,2 @@\n a\n+export const token = read();\n';

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('the AI simulator', () => {
  it('streams Ollama NDJSON by default, ending with done and usage, labelled as a demo', async () => {
    const response = await post(`${simulatorBaseUrl(simulator.url, 'ollama')}/api/chat`, {
      model: 'm',
      messages: [{ role: 'user', content: diff }],
    });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    expect(response.headers.get('x-reviewtrace-simulator')).toBe('1');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: expect.any(Number) });
    const text = lines.map((line) => (line['message'] as { content: string }).content).join('');
    expect(JSON.parse(text)).toMatchObject({ comments: [{ filePath: 'lib/util.ts', lineNumber: 2 }] });
  });

  it('streams OpenAI SSE ending in [DONE], with a usage chunk only when asked', async () => {
    const url = `${simulatorBaseUrl(simulator.url, 'openai')}/chat/completions`;
    const request = { model: 'm', stream: true, messages: [{ role: 'user', content: diff }] };
    const plain = await (await post(url, request)).text();
    const withUsage = await (await post(url, { ...request, stream_options: { include_usage: true } })).text();

    expect(plain.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(plain).not.toContain('"usage"');
    expect(withUsage).toContain('"usage":{"prompt_tokens"');
  });

  it('cuts the truncated-json answer at the output limit, repairably', async () => {
    const response = await post(`${simulatorBaseUrl(simulator.url, 'openai', 'truncated-json')}/chat/completions`, {
      model: 'm',
      messages: [{ role: 'user', content: diff }],
    });
    const body = (await response.json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    const choice = body.choices[0]!;
    expect(choice.finish_reason).toBe('length');
    expect(() => JSON.parse(choice.message.content)).toThrow();
    expect(JSON.parse(jsonrepair(choice.message.content))).toHaveProperty('comments');
  });

  it('rate-limits each prompt of a connector the configured number of times', async () => {
    const url = `${simulatorBaseUrl(simulator.url, 'openai', 'rate-limit-then-success', { failures: 1, retryAfterSeconds: 0, id: 'per-prompt' })}/chat/completions`;
    const ask = (content: string) => post(url, { model: 'm', messages: [{ role: 'user', content }] });

    const first = await ask('one');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('0');
    expect((await ask('one')).status).toBe(200);
    expect((await ask('two')).status).toBe(429);
  });

  it('sends Gemini errors the way the real API does', async () => {
    const base = simulatorBaseUrl(simulator.url, 'gemini', 'invalid-key');
    const invalid = await post(`${base}/v1beta/models/m:generateContent`, { contents: [] }, { 'x-goog-api-key': 'k' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { details: [{ reason: 'API_KEY_INVALID' }] } });

    const limited = await post(
      `${simulatorBaseUrl(simulator.url, 'gemini', 'rate-limit-then-success', { retryAfterSeconds: 3, id: 'g' })}/v1beta/models/m:generateContent`,
      { contents: [{ parts: [{ text: 'x' }] }] },
    );
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({
      error: { status: 'RESOURCE_EXHAUSTED', details: [{ retryDelay: '3s' }] },
    });
  });

  it('records requests and refuses unknown scenarios and paths', async () => {
    expect((await fetch(`${simulator.url}/scenario/flaky/api/tags`)).status).toBe(404);
    expect((await fetch(`${simulator.url}/nothing-here`)).status).toBe(404);
    const tags = await fetch(`${simulator.url}/api/tags`, { headers: { authorization: 'Bearer secret' } });
    expect(await tags.json()).toMatchObject({
      models: expect.arrayContaining([expect.objectContaining({ name: 'reviewtrace-demo:latest' })]),
    });
    expect(simulator.requests.at(-1)).toMatchObject({
      provider: 'ollama',
      kind: 'models',
      apiKey: 'secret',
      status: 200,
    });
  });
});
