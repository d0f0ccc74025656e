import { describe, expect, it } from 'vitest';
import { errorCategoryTips, type ErrorCategory } from '@reviewtrace/contracts';
import type { ScenarioOptions, SimulatorScenario } from '../../demo/ai-simulator/scenarios.ts';
import { EngineError } from '../../errors/engine-error.ts';
import { parseModelOutput } from '../../engine/parse/model-output.ts';
import { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import type { AiProviderType, ConnectorConfig, ModelTimeouts } from './ai-types.ts';
import { callModel } from './model-call.ts';
import {
  closedPortUrl,
  connectorAt,
  providers,
  recordingObserver,
  recordingSleep,
  reviewRequest,
  simulatedConnector,
  useAiSimulator,
} from '../../testing/ai-connector-support.ts';

/**
 * Every way a provider call can go, through the real adapters and SDKs, to the category a user
 * reads and its tip: what happened decides the words ("answered with an error", "did not answer in
 * time", "could not reach"), and whether it is retried.
 */

const timeouts: ModelTimeouts = {
  firstChunkMs: 5_000,
  stallMs: 5_000,
  requestMs: 5_000,
  maxAttempts: 2,
  maxBackoffMs: 5,
};

/**
 * The network below the SDK failing the way undici reports it (`fetch failed` with a socket code in
 * its cause): a connect timeout cannot be produced on loopback, where connecting never hangs.
 */
class FailingNetwork extends OutboundPolicy {
  constructor(code: string) {
    super('open');
    Object.defineProperty(this, 'fetch', {
      value: () =>
        Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('socket'), { code }) })),
    });
  }
}

type Setup =
  | { kind: 'simulator'; scenario: SimulatorScenario; options?: ScenarioOptions & { streaming?: boolean } }
  | { kind: 'url'; url: () => Promise<string> }
  | { kind: 'network'; code: string };

interface Outcome {
  outcome: string;
  setup: Setup;
  timeouts?: Partial<ModelTimeouts>;
  category: ErrorCategory;
  /** `{p}` is the provider's name as the adapter says it. */
  message: RegExp;
  retried: boolean;
  /** Ends in a fallback or an answer, not a thrown error. */
  answered?: 'fallback' | 'parsed';
}

const status = (code: number) => ({ kind: 'simulator', scenario: 'server-error', options: { status: code } }) as const;

const outcomes: Outcome[] = [
  {
    outcome: 'connection refused',
    setup: { kind: 'url', url: closedPortUrl },
    category: 'network',
    message: /^Could not reach {p} \(ECONNREFUSED\)/,
    retried: true,
  },
  {
    outcome: 'DNS failure',
    setup: { kind: 'url', url: async () => 'http://reviewtrace-test.invalid:11434' },
    category: 'network',
    message: /^Could not reach {p} \(ENOTFOUND\)/,
    retried: true,
  },
  {
    outcome: 'connect timeout',
    setup: { kind: 'network', code: 'UND_ERR_CONNECT_TIMEOUT' },
    category: 'timeout',
    message: /^{p} did not accept the connection in time \(UND_ERR_CONNECT_TIMEOUT\)/,
    retried: true,
  },
  {
    outcome: 'headers timeout (nothing after the request)',
    setup: { kind: 'simulator', scenario: 'no-answer', options: { streaming: false } },
    timeouts: { requestMs: 200 },
    category: 'timeout',
    message: /^The model did not answer within 200 ms/,
    retried: true,
  },
  {
    outcome: 'HTTP 401',
    setup: status(401),
    category: 'auth',
    message: /rejected the credentials \(HTTP 401\)/,
    retried: false,
  },
  {
    outcome: 'HTTP 403',
    setup: status(403),
    category: 'auth',
    message: /rejected the credentials \(HTTP 403\)/,
    retried: false,
  },
  {
    outcome: 'HTTP 404',
    setup: status(404),
    category: 'provider_error',
    message: /^{p} answered with an error \(HTTP 404: check the base URL and model\)/,
    retried: false,
  },
  {
    outcome: 'HTTP 408',
    setup: status(408),
    category: 'timeout',
    message: /timed out the request \(HTTP 408\)/,
    retried: true,
  },
  {
    outcome: 'HTTP 429',
    setup: status(429),
    category: 'rate_limit',
    message: /is rate limiting \(HTTP 429\)/,
    retried: true,
  },
  ...[500, 502, 503].map((code): Outcome => ({
    outcome: `HTTP ${code}`,
    setup: status(code),
    category: 'provider_error',
    message: new RegExp(`^{p} answered with an error \\(HTTP ${code}\\)`),
    retried: true,
  })),
  {
    outcome: 'stream broken mid-body',
    setup: { kind: 'simulator', scenario: 'broken-stream' },
    category: 'provider_error',
    message: /^{p} answered with an error: its stream broke off/,
    retried: true,
  },
  {
    outcome: 'no first chunk (fallback)',
    setup: { kind: 'simulator', scenario: 'buffering-proxy' },
    timeouts: { firstChunkMs: 250 },
    category: 'stream_stall',
    message: /^No stream chunk within 250 ms$/,
    retried: false,
    answered: 'fallback',
  },
  {
    outcome: 'stall mid-stream (fallback)',
    setup: { kind: 'simulator', scenario: 'stall-mid-stream' },
    timeouts: { stallMs: 250 },
    category: 'stream_stall',
    message: /^No stream chunk for 250 ms$/,
    retried: false,
    answered: 'fallback',
  },
  {
    outcome: 'invalid JSON answer',
    setup: { kind: 'simulator', scenario: 'garbage' },
    category: 'invalid_json',
    message: /./,
    retried: false,
    answered: 'parsed',
  },
];

const providerNames: Record<AiProviderType, string> = {
  ollama: 'Ollama',
  openai: 'The OpenAI-compatible provider',
  gemini: 'Gemini',
};

const ai = useAiSimulator();

async function connectorFor(provider: AiProviderType, setup: Setup): Promise<ConnectorConfig> {
  if (setup.kind === 'simulator')
    return simulatedConnector(ai.simulator, provider, setup.scenario, setup.options).config;
  return connectorAt(provider, setup.kind === 'url' ? await setup.url() : 'http://provider.example');
}

/** What a user would read for this outcome: the category, its message, and whether it was retried. */
async function observe(provider: AiProviderType, row: Outcome) {
  const config = await connectorFor(provider, row.setup);
  const { observer, seen } = recordingObserver();
  const outbound = row.setup.kind === 'network' ? new FailingNetwork(row.setup.code) : OutboundPolicy.open();
  const { sleep } = recordingSleep();
  try {
    const result = await callModel(config, reviewRequest, {
      outbound,
      signal: new AbortController().signal,
      timeouts: { ...timeouts, ...row.timeouts },
      observer,
      sleep,
    });
    if (result.fallback) {
      const stalled = seen.ends.find((end) => end.category === 'stream_stall');
      return { answered: 'fallback', category: stalled?.category, message: stalled?.message, retried: false };
    }
    const parsed = parseModelOutput(result.text);
    return { answered: 'parsed', category: parsed.category, message: parsed.why, retried: false };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return { answered: undefined, category: error.category, message: error.message, retried: seen.retries.length > 0 };
  }
}

describe.each(providers)('provider outcomes through the %s adapter', (provider) => {
  it.each(outcomes)('$outcome → $category', async (row) => {
    const seen = await observe(provider, row);
    const name = providerNames[provider].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(seen).toMatchObject({
      answered: row.answered,
      category: row.category,
      message: expect.stringMatching(new RegExp(row.message.source.replaceAll('{p}', name))),
      retried: row.retried,
    });
    // The host's own words stay out of what members read (they go to providerDetail).
    expect(seen.message).not.toMatch(/simulated/i);
    const tip = errorCategoryTips[row.category];
    expect(tip.code).toBe(row.category);
    if (row.category === 'provider_error') expect(tip.title).toBe('The provider answered with an error');
    if (row.category === 'network') expect(tip.title).toBe('Could not reach the provider');
    if (row.category === 'timeout') expect(tip.title).toBe('The model did not answer in time');
  });
});
