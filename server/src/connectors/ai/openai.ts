import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { EngineError } from '../../errors/engine-error.ts';
import type { ConnectorConfig, ModelRequest } from './ai-types.ts';
import { childSignal } from './child-signal.ts';
import type { AdapterOptions, ProviderAdapter } from './provider-adapter.ts';
import {
  abortError,
  errorFromStatus,
  midStreamError,
  retryAfterFromHeaders,
  transportError,
  unexpectedError,
} from './provider-errors.ts';
import { quotaResetFromHeaders } from './quota-reset.ts';

const provider = 'The OpenAI-compatible provider';

/** Chat Completions (`/v1/chat/completions`, SSE stream) through the `openai` SDK, its retries off. */
export function createOpenAiAdapter(config: ConnectorConfig, options: AdapterOptions): ProviderAdapter {
  const client = new OpenAI({
    baseURL: config.baseUrl,
    // Local OpenAI-compatible servers often need no key, but the SDK refuses to start without one.
    apiKey: config.apiKey ?? 'none',
    // null, not undefined: undefined would make the SDK read OPENAI_ORG_ID/OPENAI_PROJECT_ID.
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: options.sdkTimeoutMs,
    fetch: options.outbound.fetch,
  });

  const body = (request: ModelRequest): ChatCompletionCreateParamsBase => ({
    model: config.model,
    messages: [
      { role: 'system', content: request.system },
      { role: 'user', content: request.prompt },
    ],
    ...(request.json ? { response_format: { type: 'json_object' } } : {}),
    // max_tokens rather than max_completion_tokens: it is what OpenAI-compatible servers understand.
    ...(request.maxOutputTokens ? { max_tokens: request.maxOutputTokens } : {}),
  });

  return {
    async *stream(request, outerSignal) {
      const { signal, release } = childSignal(outerSignal);
      try {
        let chunks;
        try {
          chunks = await client.chat.completions.create(
            { ...body(request), stream: true, stream_options: { include_usage: true } },
            { signal },
          );
        } catch (error) {
          throw classify(error, outerSignal);
        }
        try {
          for await (const chunk of chunks) {
            yield {
              text: chunk.choices[0]?.delta?.content ?? '',
              tokensIn: chunk.usage?.prompt_tokens,
              tokensOut: chunk.usage?.completion_tokens,
            };
          }
        } catch (error) {
          throw classify(error, outerSignal, 'stream');
        }
        // The SDK ends an aborted stream quietly instead of throwing.
        if (outerSignal.aborted) throw abortError(outerSignal, provider);
      } finally {
        release();
      }
    },

    async complete(request, signal) {
      try {
        const completion = await client.chat.completions.create({ ...body(request), stream: false }, { signal });
        return {
          text: completion.choices[0]?.message.content ?? '',
          tokensIn: completion.usage?.prompt_tokens,
          tokensOut: completion.usage?.completion_tokens,
        };
      } catch (error) {
        throw classify(error, signal);
      }
    },

    async check(signal) {
      try {
        const ids: string[] = [];
        for await (const model of client.models.list({ signal })) ids.push(model.id);
        return ids.includes(config.model)
          ? `The provider answered and lists the model "${config.model}"`
          : `The provider answered; it does not list "${config.model}" (some providers do not list every model)`;
      } catch (error) {
        throw classify(error, signal);
      }
    },
  };
}

function classify(error: unknown, signal: AbortSignal, phase: 'request' | 'stream' = 'request'): EngineError {
  if (error instanceof APIUserAbortError || signal.aborted) return abortError(signal, provider);
  if (error instanceof APIConnectionTimeoutError) {
    return new EngineError('timeout', `${provider} did not answer in time`, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return (
      transportError(error, signal, provider) ??
      new EngineError('network', `Could not reach ${provider}`, { cause: error })
    );
  }
  if (error instanceof APIError && error.status !== undefined) {
    return errorFromStatus(provider, error.status, providerMessage(error), {
      retryAfterMs: retryAfterFromHeaders(error.headers),
      quotaResetMs: quotaResetFromHeaders(error.headers),
      code: error.code ?? error.type,
      cause: error,
    });
  }
  if (phase === 'stream') return midStreamError(error, signal, provider);
  return transportError(error, signal, provider) ?? unexpectedError(error, provider);
}

/** The `error.message` of the provider's body, without the status the SDK prefixes to its own message. */
function providerMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}
