import type { AiProviderType } from '../../connectors/ai/ai-types.ts';
import { asRecord, promptTextOf } from './wire.ts';

/** One model request as the simulator understood it, whatever the provider's wire shape. */
export interface GenerateCall {
  model: string;
  prompt: string;
  stream: boolean;
  /** Whether usage goes into the stream (OpenAI only sends it when asked with `stream_options`). */
  includeUsage: boolean;
}

/** What the simulator reports an answer cost; `undefined` where a connector's server reports no usage. */
export interface SimulatedUsage {
  promptTokens: number;
  outputTokens: number;
  /** The timings Ollama reports (the others measure none), in ms. */
  loadMs: number;
  promptEvalMs: number;
  generationMs: number;
}

/** `length`: the answer was cut at the output limit (what the truncated-json scenario claims). */
export type FinishReason = 'stop' | 'length';

export type FailureKind = 'auth' | 'rate_limit' | 'server';

export type WireRoute =
  | { kind: 'generate'; stream: boolean | undefined; model: string | undefined }
  | { kind: 'models' }
  | { kind: 'model'; model: string | undefined };

export interface ErrorReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** What each provider's protocol looks like on the wire: routes, request fields, frames, bodies, errors. */
export interface ProviderWire {
  provider: AiProviderType;
  route(method: string, path: string): WireRoute | undefined;
  generateCall(route: Extract<WireRoute, { kind: 'generate' }>, body: unknown): GenerateCall;
  streamFrames(
    call: GenerateCall,
    pieces: string[],
    finish: FinishReason,
    usage: SimulatedUsage | undefined,
  ): { contentType: string; frames: string[] };
  plainBody(call: GenerateCall, text: string, finish: FinishReason, usage: SimulatedUsage | undefined): unknown;
  failure(kind: FailureKind, retryAfterSeconds: number | null): ErrorReply;
  notFound(message: string): ErrorReply;
  modelsBody(): unknown;
  modelBody(model: string): unknown;
}

/** Model names the simulator lists; it answers for any model name it is asked about. */
export const simulatorModels = ['reviewtrace-demo', 'reviewtrace-demo-large'] as const;

export function retryAfterHeader(seconds: number | null): Record<string, string> {
  return seconds === null ? {} : { 'retry-after': String(seconds) };
}

/**
 * A chat request as OpenAI and Ollama both send it: `model`, and the prompt in `messages`. Whether
 * it streams and reports usage is read differently by each.
 */
export function chatMessagesCall(body: unknown, how: Pick<GenerateCall, 'stream' | 'includeUsage'>): GenerateCall {
  const request = asRecord(body);
  return {
    model: typeof request['model'] === 'string' ? request['model'] : 'unknown',
    prompt: promptTextOf(request['messages']),
    ...how,
  };
}
