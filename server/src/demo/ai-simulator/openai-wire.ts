import { randomUUID } from 'node:crypto';
import { asRecord } from './wire.ts';
import {
  chatMessagesCall,
  retryAfterHeader,
  simulatorModels,
  type ProviderWire,
  type SimulatedUsage,
} from './provider-wire.ts';

/** OpenAI-compatible Chat Completions: `POST /v1/chat/completions` (SSE when `stream`), `GET /v1/models`. */
const fingerprint = 'reviewtrace-demo-simulator';

function wantsUsage(body: unknown): boolean {
  return asRecord(asRecord(body)['stream_options'])['include_usage'] === true;
}

function usageOf({ promptTokens, outputTokens }: SimulatedUsage) {
  return { prompt_tokens: promptTokens, completion_tokens: outputTokens, total_tokens: promptTokens + outputTokens };
}

export const openaiWire: ProviderWire = {
  provider: 'openai',

  route(method, path) {
    if (method === 'POST' && path === '/v1/chat/completions') {
      return { kind: 'generate', stream: undefined, model: undefined };
    }
    if (method === 'GET' && path === '/v1/models') return { kind: 'models' };
    const model = /^\/v1\/models\/(.+)$/.exec(path);
    if (method === 'GET' && model) return { kind: 'model', model: decodeURIComponent(model[1]!) };
    return undefined;
  },

  generateCall(_route, body) {
    return chatMessagesCall(body, { stream: asRecord(body)['stream'] === true, includeUsage: wantsUsage(body) });
  },

  streamFrames(call, pieces, finish, usage) {
    const id = `chatcmpl-sim-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: call.model, system_fingerprint: fingerprint, choices, ...extra })}\n\n`;
    const frames = [
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
      ...pieces.map((content) => chunk([{ index: 0, delta: { content }, finish_reason: null }])),
      chunk([{ index: 0, delta: {}, finish_reason: finish }]),
    ];
    if (call.includeUsage && usage) frames.push(chunk([], { usage: usageOf(usage) }));
    frames.push('data: [DONE]\n\n');
    return { contentType: 'text/event-stream; charset=utf-8', frames };
  },

  plainBody(call, text, finish, usage) {
    return {
      id: `chatcmpl-sim-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: call.model,
      system_fingerprint: fingerprint,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
      ...(usage ? { usage: usageOf(usage) } : {}),
    };
  },

  failure(kind, retryAfterSeconds) {
    const error = (message: string, type: string, code: string | null) => ({
      error: { message, type, param: null, code },
    });
    if (kind === 'auth') {
      return {
        status: 401,
        body: error('Incorrect API key provided (simulated).', 'invalid_request_error', 'invalid_api_key'),
        headers: {},
      };
    }
    if (kind === 'rate_limit') {
      return {
        status: 429,
        body: error('Rate limit reached for requests (simulated).', 'requests', 'rate_limit_exceeded'),
        // As OpenAI does: when each quota resets (the token quota, per minute, later than the retry).
        headers: {
          ...retryAfterHeader(retryAfterSeconds),
          'x-ratelimit-reset-requests': `${retryAfterSeconds ?? 1}s`,
          'x-ratelimit-reset-tokens': '12m0s',
        },
      };
    }
    return {
      status: 500,
      body: error('The server had an error while processing your request (simulated).', 'server_error', null),
      headers: {},
    };
  },

  notFound(message) {
    return {
      status: 404,
      body: { error: { message, type: 'invalid_request_error', param: null, code: 'model_not_found' } },
      headers: {},
    };
  },

  modelsBody() {
    return { object: 'list', data: simulatorModels.map((id) => this.modelBody(id)) };
  },

  modelBody(model) {
    return { id: model, object: 'model', created: 0, owned_by: 'reviewtrace-simulator (demo)' };
  },
};
