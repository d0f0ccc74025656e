import type { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import type { ConnectorConfig, ModelRequest } from './ai-types.ts';
import { createGeminiAdapter } from './gemini.ts';
import { createOllamaAdapter } from './ollama.ts';
import { createOpenAiAdapter } from './openai.ts';

/** One piece of an answer. Usage arrives on whichever piece the provider puts it (usually the last). */
export interface ModelChunk {
  text: string;
  tokensIn?: number | undefined;
  tokensOut?: number | undefined;
  /** Timings the provider measured itself (Ollama reports them on its last piece), in ms. */
  loadMs?: number | undefined;
  promptEvalMs?: number | undefined;
  generationMs?: number | undefined;
}

/**
 * What model-call.ts needs from a provider, whatever its SDK. Every method aborts its HTTP request
 * when `signal` aborts and throws only EngineErrors; an abort throws `signal.reason` when that is an
 * EngineError (our watchdogs say why they aborted), else `canceled`. SDK retries are off: the
 * caller decides about retries.
 */
export interface ProviderAdapter {
  /** Every chunk the provider sends, including empty ones (they prove the stream is alive). */
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelChunk>;
  complete(request: ModelRequest, signal: AbortSignal): Promise<ModelChunk>;
  /** A cheap request that proves reachability and credentials; resolves with what it found. */
  check(signal: AbortSignal): Promise<string>;
}

export interface AdapterOptions {
  /** Where an SDK has its own timeout, this backstop sits behind ours so ours decide. */
  sdkTimeoutMs: number;
  /** Every request goes through it (connect-time address checks). */
  outbound: OutboundPolicy;
}

export function createProviderAdapter(config: ConnectorConfig, options: AdapterOptions): ProviderAdapter {
  switch (config.providerType) {
    case 'ollama':
      return createOllamaAdapter(config, options);
    case 'openai':
      return createOpenAiAdapter(config, options);
    case 'gemini':
      return createGeminiAdapter(config, options);
  }
}
