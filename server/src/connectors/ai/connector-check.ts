import type { ErrorCategory } from '@reviewtrace/contracts';
import { EngineError } from '../../engine/engine-error.ts';
import type { ConnectorConfig } from './ai-types.ts';
import { createProviderAdapter } from './provider-adapter.ts';

export interface ConnectorCheckResult {
  ok: boolean;
  /** Why it failed, with the same categories (and tips) as a failed review. */
  category?: ErrorCategory;
  message: string;
  latencyMs: number;
}

const defaultCheckTimeoutMs = 10_000;

/**
 * `POST /connectors/{id}/test`: one cheap request that proves the base URL answers and accepts the
 * key, without spending tokens: Ollama `POST /api/show` (the model is pulled), OpenAI-compatible
 * `GET /v1/models`, Gemini `GET /v1beta/models/{model}`. Never throws; a failure is a result.
 */
export async function checkConnector(
  config: ConnectorConfig,
  signal: AbortSignal,
  options: { timeoutMs?: number } = {},
): Promise<ConnectorCheckResult> {
  const timeoutMs = options.timeoutMs ?? defaultCheckTimeoutMs;
  const controller = new AbortController();
  const forwardCancel = () => controller.abort(new EngineError('canceled', 'The connector check was canceled'));
  if (signal.aborted) forwardCancel();
  else signal.addEventListener('abort', forwardCancel, { once: true });
  const timer = setTimeout(
    () => controller.abort(new EngineError('timeout', `The provider did not answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const startedAt = performance.now();
  const latency = () => Math.round(performance.now() - startedAt);
  try {
    const adapter = createProviderAdapter(config, { sdkTimeoutMs: timeoutMs + 1_000 });
    const message = await adapter.check(controller.signal);
    return { ok: true, message, latencyMs: latency() };
  } catch (error) {
    if (error instanceof EngineError)
      return { ok: false, category: error.category, message: error.message, latencyMs: latency() };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, category: 'unknown', message: `The check failed: ${detail}`, latencyMs: latency() };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forwardCancel);
  }
}
