import { asRecord } from './wire.ts';
import {
  chatMessagesCall,
  retryAfterHeader,
  simulatorModels,
  type ProviderWire,
  type SimulatedUsage,
} from './provider-wire.ts';

/** Ollama's native API: `POST /api/chat` (NDJSON stream by default), `GET /api/tags`, `POST /api/show`. */
const details = {
  parent_model: '',
  format: 'gguf',
  family: 'reviewtrace-simulator',
  families: ['reviewtrace-simulator'],
  parameter_size: 'demo',
  quantization_level: 'demo',
};

const msToNanos = (ms: number) => Math.round(ms * 1_000_000);

/** The counts and nanosecond durations Ollama puts on its last piece; nothing when usage is off. */
function timings(usage: SimulatedUsage | undefined) {
  if (!usage) return {};
  return {
    total_duration: msToNanos(usage.loadMs + usage.promptEvalMs + usage.generationMs),
    load_duration: msToNanos(usage.loadMs),
    prompt_eval_count: usage.promptTokens,
    prompt_eval_duration: msToNanos(usage.promptEvalMs),
    eval_count: usage.outputTokens,
    eval_duration: msToNanos(usage.generationMs),
  };
}

export const ollamaWire: ProviderWire = {
  provider: 'ollama',

  route(method, path) {
    if (method === 'POST' && path === '/api/chat') return { kind: 'generate', stream: undefined, model: undefined };
    if (method === 'GET' && path === '/api/tags') return { kind: 'models' };
    if (method === 'POST' && path === '/api/show') return { kind: 'model', model: undefined };
    return undefined;
  },

  generateCall(_route, body) {
    // Ollama streams unless the request says `"stream": false`.
    return chatMessagesCall(body, { stream: asRecord(body)['stream'] !== false, includeUsage: true });
  },

  streamFrames(call, pieces, finish, usage) {
    const created_at = new Date().toISOString();
    const line = (value: unknown) => `${JSON.stringify(value)}\n`;
    const frames = pieces.map((content) =>
      line({ model: call.model, created_at, message: { role: 'assistant', content }, done: false }),
    );
    frames.push(
      line({
        model: call.model,
        created_at,
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: finish,
        ...timings(usage),
      }),
    );
    return { contentType: 'application/x-ndjson', frames };
  },

  plainBody(call, text, finish, usage) {
    return {
      model: call.model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content: text },
      done: true,
      done_reason: finish,
      ...timings(usage),
    };
  },

  failure(kind, retryAfterSeconds) {
    if (kind === 'auth') return { status: 401, body: { error: 'unauthorized' }, headers: {} };
    if (kind === 'rate_limit') {
      return {
        status: 429,
        body: { error: 'too many requests, please retry later (simulated)' },
        headers: retryAfterHeader(retryAfterSeconds),
      };
    }
    return { status: 500, body: { error: 'model runner has unexpectedly stopped (simulated)' }, headers: {} };
  },

  notFound(message) {
    return { status: 404, body: { error: message }, headers: {} };
  },

  modelsBody() {
    return {
      models: simulatorModels.map((name) => ({
        name: `${name}:latest`,
        model: `${name}:latest`,
        modified_at: new Date(0).toISOString(),
        size: 0,
        digest: 'reviewtrace-simulator',
        details,
      })),
    };
  },

  modelBody(model) {
    return {
      modelfile: `# ${model}: simulated by the Reviewtrace demo AI provider`,
      parameters: '',
      template: '{{ .Prompt }}',
      details,
      model_info: { 'general.architecture': 'reviewtrace-simulator' },
      capabilities: ['completion'],
      modified_at: new Date(0).toISOString(),
    };
  },
};
