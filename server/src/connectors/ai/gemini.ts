import { ApiError, GoogleGenAI, type GenerateContentParameters, type GenerateContentResponse } from '@google/genai';
import { EngineError } from '../../errors/engine-error.ts';
import type { ConnectorConfig, ModelRequest } from './ai-types.ts';
import { childSignal } from './child-signal.ts';
import type { AdapterOptions, ProviderAdapter } from './provider-adapter.ts';
import {
  errorFromStatus,
  midStreamError,
  parseRetryAfter,
  recordedTransportError,
  streamBroken,
  unexpectedError,
} from './provider-errors.ts';
import { perCallClient, type RecordingFetch } from './recording-fetch.ts';

const provider = 'Gemini';

/**
 * The Gemini API (`…:streamGenerateContent?alt=sse`) through `@google/genai`. Its retries stay off
 * because we pass no `retryOptions`; our fetch binds every request to the call's signal.
 */
export function createGeminiAdapter(config: ConnectorConfig, options: AdapterOptions): ProviderAdapter {
  const clientFor = perCallClient(
    options.outbound.fetch,
    (fetch) =>
      new GoogleGenAI({
        // Without a key the SDK would fall back to Google Cloud credentials from the environment.
        apiKey: config.apiKey ?? 'none',
        vertexai: false,
        httpOptions: { baseUrl: config.baseUrl, fetch },
      }),
  );

  const parameters = (request: ModelRequest, signal: AbortSignal): GenerateContentParameters => ({
    model: config.model,
    contents: [{ role: 'user', parts: [{ text: request.prompt }] }],
    config: {
      systemInstruction: request.system,
      ...(request.json ? { responseMimeType: 'application/json' } : {}),
      ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
      abortSignal: signal,
    },
  });

  return {
    async *stream(request, outerSignal) {
      const { signal, release } = childSignal(outerSignal);
      const { client, recorder } = clientFor(signal);
      try {
        let chunks;
        try {
          chunks = await client.models.generateContentStream(parameters(request, signal));
        } catch (error) {
          throw classify(error, recorder, outerSignal, 'request');
        }
        try {
          for await (const chunk of chunks) yield chunkOf(chunk);
        } catch (error) {
          throw classify(error, recorder, outerSignal, 'stream');
        }
      } finally {
        // The SDK releases the body reader without canceling it; aborting closes the connection.
        release();
      }
    },

    async complete(request, signal) {
      const { client, recorder } = clientFor(signal);
      try {
        return chunkOf(await client.models.generateContent(parameters(request, signal)));
      } catch (error) {
        throw classify(error, recorder, signal, 'request');
      }
    },

    async check(signal) {
      const { client, recorder } = clientFor(signal);
      try {
        const model = await client.models.get({ model: config.model, config: { abortSignal: signal } });
        return `Gemini answered and knows the model "${model.displayName ?? config.model}"`;
      } catch (error) {
        throw classify(error, recorder, signal, 'request');
      }
    },
  };
}

/** Text parts only: thought summaries are not the answer. */
function chunkOf(response: GenerateContentResponse) {
  const usage = response.usageMetadata;
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return {
    text: parts
      .filter((part) => !part.thought && typeof part.text === 'string')
      .map((part) => part.text)
      .join(''),
    tokensIn: usage?.promptTokenCount,
    tokensOut: outputTokens(usage),
  };
}

/**
 * Thinking models bill their thoughts as output but count them apart from the answer
 * (`thoughtsTokenCount`), so both make the call's output tokens.
 */
function outputTokens(usage: GenerateContentResponse['usageMetadata']): number | undefined {
  if (usage?.candidatesTokenCount === undefined) return undefined;
  return usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0);
}

interface GoogleErrorBody {
  error?: { message?: unknown; status?: unknown; details?: { reason?: unknown; retryDelay?: unknown }[] };
}

/** google.rpc ErrorInfo reasons that mean the key itself is bad (the API sends them with a 400). */
const keyRejectedReasons = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED']);

function classify(
  error: unknown,
  recorder: RecordingFetch,
  signal: AbortSignal,
  phase: 'request' | 'stream',
): EngineError {
  // Mid-stream, a dropped connection is the stream breaking off; an in-band ApiError keeps its status.
  if (phase === 'stream' && !(error instanceof ApiError)) return midStreamError(error, signal, provider);
  const transport = recordedTransportError(error, recorder, signal, provider);
  if (transport) return transport;
  if (!(error instanceof ApiError))
    return phase === 'stream' ? streamBroken(error, provider) : unexpectedError(error, provider);
  // An error inside a 200 stream has no recorded response; its status comes from the in-band error.
  const response = recorder.lastError();
  const recorded = response?.status === error.status ? response : undefined;
  const body = (recorded?.body ?? {}) as GoogleErrorBody;
  const details = Array.isArray(body.error?.details) ? body.error.details : [];
  const keyRejected = details.some(
    (detail) => typeof detail.reason === 'string' && keyRejectedReasons.has(detail.reason),
  );
  const message = typeof body.error?.message === 'string' ? body.error.message : error.message;
  if (keyRejected) {
    return new EngineError('auth', `Gemini rejected the API key (HTTP ${error.status})`, {
      httpStatus: error.status,
      cause: error,
      providerDetail: message,
    });
  }
  return errorFromStatus(provider, error.status, message, {
    retryAfterMs: parseRetryAfter(recorded?.headers.get('retry-after')) ?? retryDelayOf(details),
    code: body.error?.status,
    cause: error,
  });
}

/** RetryInfo's `retryDelay` is a protobuf Duration in JSON: "17s", "0.5s". */
function retryDelayOf(details: { retryDelay?: unknown }[]): number | undefined {
  for (const detail of details) {
    const match = typeof detail.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}
