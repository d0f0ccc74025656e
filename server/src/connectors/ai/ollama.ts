import { Ollama, type ChatRequest, type ChatResponse } from 'ollama';
import type { ConnectorConfig, ModelRequest } from './ai-types.ts';
import { childSignal } from './child-signal.ts';
import type { AdapterOptions, ModelChunk, ProviderAdapter } from './provider-adapter.ts';
import {
  errorFromStatus,
  midStreamError,
  recordedTransportError,
  retryAfterFromHeaders,
  unexpectedError,
} from './provider-errors.ts';
import { quotaResetFromHeaders } from './quota-reset.ts';
import { perCallClient, type RecordingFetch } from './recording-fetch.ts';
import type { EngineError } from '../../errors/engine-error.ts';

const provider = 'Ollama';

/** Ollama's native API (`/api/chat`, NDJSON stream) through the `ollama` SDK, which never retries. */
export function createOllamaAdapter(config: ConnectorConfig, options: AdapterOptions): ProviderAdapter {
  const clientFor = perCallClient(
    options.outbound.fetch,
    (fetch) =>
      new Ollama({
        host: config.baseUrl,
        fetch,
        ...(config.apiKey ? { headers: { Authorization: `Bearer ${config.apiKey}` } } : {}),
      }),
  );

  const chatRequest = (request: ModelRequest): ChatRequest => ({
    model: config.model,
    messages: [
      { role: 'system', content: request.system },
      { role: 'user', content: request.prompt },
    ],
    ...(request.json ? { format: 'json' } : {}),
    ...(request.maxOutputTokens ? { options: { num_predict: request.maxOutputTokens } } : {}),
  });

  return {
    async *stream(request, outerSignal) {
      const { signal, release } = childSignal(outerSignal);
      const { client, recorder } = clientFor(signal);
      try {
        let parts;
        try {
          parts = await client.chat({ ...chatRequest(request), stream: true });
        } catch (error) {
          throw classify(error, recorder, outerSignal);
        }
        try {
          for await (const part of parts) {
            yield part.done ? pieceOf(part) : { text: part.message?.content ?? '' };
          }
        } catch (error) {
          throw midStreamError(error, outerSignal, provider);
        }
      } finally {
        release();
      }
    },

    async complete(request, signal) {
      const { client, recorder } = clientFor(signal);
      try {
        const response = await client.chat({ ...chatRequest(request), stream: false });
        return pieceOf(response);
      } catch (error) {
        throw classify(error, recorder, signal);
      }
    },

    async check(signal) {
      const { client, recorder } = clientFor(signal);
      try {
        // /api/show answers 404 for a model that is not pulled, which /api/tags would only imply.
        await client.show({ model: config.model });
        return `Ollama answered and has the model "${config.model}"`;
      } catch (error) {
        throw classify(error, recorder, signal);
      }
    },
  };
}

/** The last piece of an answer (or the whole plain one): text, usage and Ollama's own timings. */
function pieceOf(response: ChatResponse): ModelChunk {
  return {
    text: response.message?.content ?? '',
    tokensIn: response.prompt_eval_count,
    tokensOut: response.eval_count,
    loadMs: nanosToMs(response.load_duration),
    promptEvalMs: nanosToMs(response.prompt_eval_duration),
    generationMs: nanosToMs(response.eval_duration),
  };
}

/** Ollama reports durations in nanoseconds; absent or nonsense values are not reported at all. */
function nanosToMs(nanos: number | undefined): number | undefined {
  return typeof nanos === 'number' && Number.isFinite(nanos) && nanos >= 0 ? Math.round(nanos / 1e4) / 100 : undefined;
}

function classify(error: unknown, recorder: RecordingFetch, signal: AbortSignal): EngineError {
  const transport = recordedTransportError(error, recorder, signal, provider);
  if (transport) return transport;
  const response = recorder.lastError();
  if (response) {
    return errorFromStatus(provider, response.status, ollamaMessage(response.body), {
      retryAfterMs: retryAfterFromHeaders(response.headers),
      quotaResetMs: quotaResetFromHeaders(response.headers),
      cause: error,
    });
  }
  return unexpectedError(error, provider);
}

/** Ollama's error body is `{"error": "…"}`; proxies in front of it send whatever they send. */
function ollamaMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  const message = (body as { error?: unknown } | undefined)?.error;
  return typeof message === 'string' ? message : undefined;
}
