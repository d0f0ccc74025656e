import type { ErrorCategory } from '@reviewtrace/contracts';
import { EngineError } from '../../errors/engine-error.ts';
import type { ConnectorConfig } from './ai-types.ts';
import { createProviderAdapter } from './provider-adapter.ts';
import { redactText } from '../../lib/redactor.ts';
import type { OutboundPolicy } from '../../outbound/outbound-policy.ts';

export interface ConnectorCheckResult {
  ok: boolean;
  /** Why it failed, with the same categories (and tips) as a failed review. */
  category?: ErrorCategory;
  message: string;
  latencyMs: number;
}

const defaultCheckTimeoutMs = 10_000;
/** Shorter runs of a key than this are too common in ordinary words to mask. */
const minFragment = 4;

/**
 * `POST /connectors/{id}/test`: one cheap request that proves the base URL answers and accepts the
 * key, without spending tokens: Ollama `POST /api/show` (the model is pulled), OpenAI-compatible
 * `GET /v1/models`, Gemini `GET /v1beta/models/{model}`. Never throws; a failure is a result.
 */
export async function checkConnector(
  config: ConnectorConfig,
  signal: AbortSignal,
  options: { outbound: OutboundPolicy; timeoutMs?: number; secrets?: readonly string[] },
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
  const secrets = [...(config.apiKey ? [config.apiKey] : []), ...(options.secrets ?? [])];
  const redact = (text: string) => maskFragments(redactText(text, secrets), secrets);
  const startedAt = performance.now();
  const latency = () => Math.round(performance.now() - startedAt);
  try {
    const adapter = createProviderAdapter(config, { sdkTimeoutMs: timeoutMs + 1_000, outbound: options.outbound });
    const message = await adapter.check(controller.signal);
    return { ok: true, message: redact(message), latencyMs: latency() };
  } catch (error) {
    if (error instanceof EngineError) {
      // The owner who runs the test may see what the host said, minus anything secret.
      const said = error.providerDetail ? ` — the provider said: ${error.providerDetail}` : '';
      return { ok: false, category: error.category, message: redact(`${error.message}${said}`), latencyMs: latency() };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, category: 'unknown', message: redact(`The check failed: ${detail}`), latencyMs: latency() };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forwardCancel);
  }
}

/**
 * Hosts echo parts of a rejected key ("Incorrect API key provided: sk-…abcd"). A result that
 * could hand a key back in pieces is how a stored key leaks, so any run of 4+ characters that
 * also occurs in one of the secrets is masked, not just the whole secret.
 */
export function maskFragments(text: string, secrets: readonly string[]): string {
  const keys = secrets.filter((secret) => secret.length >= minFragment);
  if (keys.length === 0) return text;
  let out = '';
  let index = 0;
  while (index < text.length) {
    let end = index;
    while (end < text.length && keys.some((key) => key.includes(text.slice(index, end + 1)))) end += 1;
    if (end - index >= minFragment) {
      out += '[redacted]';
      index = end;
    } else {
      out += text[index];
      index += 1;
    }
  }
  return out;
}
