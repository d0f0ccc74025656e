import type { TokensSource } from '@reviewtrace/contracts';
import type { ModelCallResult, ModelRequest } from '../connectors/ai/ai-types.ts';
import { countTokens } from './diff/token-count.ts';

/** What an answered model call used and how fast it went: the usage fields of its `model_call` end. */
export interface ModelCallUsage {
  tokensIn: number;
  tokensOut: number;
  tokensSource: TokensSource;
  ttftMs?: number;
  tokensPerSecond?: number;
  loadMs?: number;
  promptEvalMs?: number;
}

/**
 * The provider's counts when it reported both; otherwise our tokenizer's estimate for what it left
 * out (an OpenAI-compatible server that ignores `include_usage`, a proxy that strips it), marked as
 * such so nobody takes it for a bill.
 */
export function usageOfCall(result: ModelCallResult, request: Pick<ModelRequest, 'system' | 'prompt'>): ModelCallUsage {
  const reported = result.tokensIn !== undefined && result.tokensOut !== undefined;
  const tokensIn = result.tokensIn ?? countTokens(request.system) + countTokens(request.prompt);
  const tokensOut = result.tokensOut ?? countTokens(result.text);
  const tokensPerSecond = outputRate(tokensOut, generationMs(result));
  return {
    tokensIn,
    tokensOut,
    tokensSource: reported ? 'provider' : 'estimate',
    ...(result.ttftMs === undefined ? {} : { ttftMs: result.ttftMs }),
    ...(tokensPerSecond === undefined ? {} : { tokensPerSecond }),
    ...(result.loadMs === undefined ? {} : { loadMs: result.loadMs }),
    ...(result.promptEvalMs === undefined ? {} : { promptEvalMs: result.promptEvalMs }),
  };
}

/**
 * The provider's own generation time when it measures one (Ollama); else, for a stream, first text
 * to the end. A plain answer's duration also holds the queue and the prompt's reading, so it has no
 * rate rather than a wrong one.
 */
function generationMs(result: ModelCallResult): number | undefined {
  if (result.generationMs !== undefined) return result.generationMs;
  if (result.streaming && result.ttftMs !== undefined) return result.durationMs - result.ttftMs;
  return undefined;
}

function outputRate(tokensOut: number, ms: number | undefined): number | undefined {
  if (ms === undefined || ms <= 0 || tokensOut === 0) return undefined;
  return Math.round((tokensOut / ms) * 10_000) / 10;
}
