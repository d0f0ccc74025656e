import { randomUUID } from 'node:crypto';
import { promptTextOf } from './wire.ts';
import { simulatorModels, type ErrorReply, type ProviderWire, type SimulatedUsage } from './provider-wire.ts';

/**
 * The Gemini API: `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`, `…:generateContent`,
 * `GET /v1beta/models[/{model}]`. Errors carry google.rpc details the way the real API sends them:
 * an invalid key is a 400 with reason API_KEY_INVALID, and a rate limit names its delay in RetryInfo
 * rather than in a Retry-After header.
 */
const generatePath = /^\/v1(?:beta)?\/models\/([^/:]+):(streamGenerateContent|generateContent)$/;
const modelPath = /^\/v1(?:beta)?\/models\/([^/:]+)$/;

function usageMetadata(usage: SimulatedUsage) {
  return {
    promptTokenCount: usage.promptTokens,
    candidatesTokenCount: usage.outputTokens,
    totalTokenCount: usage.promptTokens + usage.outputTokens,
  };
}

function googleError(code: number, status: string, message: string, details?: unknown[]): ErrorReply {
  return { status: code, body: { error: { code, message, status, ...(details ? { details } : {}) } }, headers: {} };
}

export const geminiWire: ProviderWire = {
  provider: 'gemini',

  route(method, path) {
    const generate = generatePath.exec(path);
    if (method === 'POST' && generate) {
      return {
        kind: 'generate',
        stream: generate[2] === 'streamGenerateContent',
        model: decodeURIComponent(generate[1]!),
      };
    }
    if (method === 'GET' && /^\/v1(?:beta)?\/models$/.test(path)) return { kind: 'models' };
    const model = modelPath.exec(path);
    if (method === 'GET' && model) return { kind: 'model', model: decodeURIComponent(model[1]!) };
    return undefined;
  },

  generateCall(route, body) {
    return {
      model: route.model ?? 'unknown',
      prompt: promptTextOf(body),
      stream: route.stream === true,
      includeUsage: true,
    };
  },

  streamFrames(call, pieces, finish, usage) {
    const responseId = randomUUID();
    const frame = (text: string, last: boolean) =>
      `data: ${JSON.stringify({
        candidates: [
          {
            content: { parts: [{ text }], role: 'model' },
            index: 0,
            ...(last ? { finishReason: finish === 'length' ? 'MAX_TOKENS' : 'STOP' } : {}),
          },
        ],
        ...(usage ? { usageMetadata: last ? usageMetadata(usage) : { promptTokenCount: usage.promptTokens } } : {}),
        modelVersion: call.model,
        responseId,
      })}\r\n\r\n`;
    const frames = pieces.map((text, index) => frame(text, index === pieces.length - 1));
    if (frames.length === 0) frames.push(frame('', true));
    return { contentType: 'text/event-stream', frames };
  },

  plainBody(call, text, finish, usage) {
    return {
      candidates: [
        {
          content: { parts: [{ text }], role: 'model' },
          finishReason: finish === 'length' ? 'MAX_TOKENS' : 'STOP',
          index: 0,
        },
      ],
      ...(usage ? { usageMetadata: usageMetadata(usage) } : {}),
      modelVersion: call.model,
      responseId: randomUUID(),
    };
  },

  failure(kind, retryAfterSeconds) {
    if (kind === 'auth') {
      return googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key. (simulated)', [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
          metadata: { service: 'generativelanguage.googleapis.com' },
        },
      ]);
    }
    if (kind === 'rate_limit') {
      const retryInfo =
        retryAfterSeconds === null
          ? undefined
          : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }];
      return googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (simulated).', retryInfo);
    }
    return googleError(500, 'INTERNAL', 'An internal error has occurred (simulated).');
  },

  notFound(message) {
    return googleError(404, 'NOT_FOUND', message);
  },

  modelsBody() {
    return { models: simulatorModels.map((model) => this.modelBody(model)) };
  },

  modelBody(model) {
    return {
      name: `models/${model}`,
      version: 'demo',
      displayName: `${model} (Reviewtrace demo simulator)`,
      description: 'Simulated by the Reviewtrace demo AI provider.',
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 8192,
      supportedGenerationMethods: ['generateContent', 'countTokens'],
    };
  },
};
