import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { AiProviderType } from '../../connectors/ai/ai-types.ts';
import { geminiWire } from './gemini-wire.ts';
import { ollamaWire } from './ollama-wire.ts';
import { openaiWire } from './openai-wire.ts';
import type {
  ErrorReply,
  FinishReason,
  GenerateCall,
  ProviderWire,
  SimulatedUsage,
  WireRoute,
} from './provider-wire.ts';
import { garbageAnswer, reviewJson, truncatedReviewJson } from './review-answer.ts';
import { diffFilesOf } from './prompt-diff.ts';
import { splitScenarioPath, type ParsedScenario } from './scenarios.ts';
import { asRecord, chunkText, estimateTokens, readJsonBody, sendJson, simulatorHeader, writeStream } from './wire.ts';

/**
 * The demo's simulated AI provider: a loopback HTTP server speaking the Ollama, OpenAI-compatible and
 * Gemini protocols closely enough for their real SDKs, with failure scenarios chosen by the
 * connector's base URL (see scenarios.ts). Demo mode points its connectors here; the engine's tests
 * use it as the double at the network edge.
 */
export interface AiSimulatorOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** Delay between stream chunks (default 40 ms, slow enough to watch; 0 for tests). */
  chunkDelayMs?: number;
  /**
   * How long a model takes to load on its first Ollama request per connector (default 0): the
   * simulator waits that long and reports it as `load_duration`, as a cold local model does.
   */
  modelLoadMs?: number;
}

export interface RecordedRequest {
  method: string;
  /** As sent, scenario prefix and query included. */
  url: string;
  provider: AiProviderType | undefined;
  scenario: string | undefined;
  kind: WireRoute['kind'] | undefined;
  /** For generation requests: whether the client asked for a stream. */
  stream: boolean | undefined;
  model: string | undefined;
  /** The key the client sent (Bearer, x-goog-api-key or ?key=), to check what an adapter sends. */
  apiKey: string | undefined;
  status: number | undefined;
  /** For generation requests: the prompt as received (tests check which files a model was asked about). */
  prompt?: string;
}

export interface AiSimulator {
  /** `http://127.0.0.1:PORT`; build connector base URLs with `simulatorBaseUrl()`. */
  url: string;
  requests: RecordedRequest[];
  /** Resolves when the response is over: sent in full, or cut short because the client left. */
  whenClosed(request: RecordedRequest): Promise<'completed' | 'client-left'>;
  close(): Promise<void>;
}

const wires: ProviderWire[] = [ollamaWire, openaiWire, geminiWire];
/** Bounds the per-prompt rate-limit counters of a long-running demo. */
const maxRateLimitKeys = 10_000;

export async function startAiSimulator(options: AiSimulatorOptions = {}): Promise<AiSimulator> {
  const requests: RecordedRequest[] = [];
  const closings = new WeakMap<RecordedRequest, Promise<'completed' | 'client-left'>>();
  const rateLimitCounts = new Map<string, number>();
  const chunkDelayMs = options.chunkDelayMs ?? 40;
  const modelLoadMs = options.modelLoadMs ?? 0;
  const loadedModels = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'simulator failure' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      provider: undefined,
      scenario: undefined,
      kind: undefined,
      stream: undefined,
      model: undefined,
      apiKey: apiKeyOf(req, url),
      status: undefined,
    };
    requests.push(record);
    closings.set(
      record,
      once(res, 'close').then(
        () => (res.writableFinished ? 'completed' : 'client-left'),
        () => 'client-left' as const,
      ),
    );
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      sendJson(res, status, body, headers);
    };
    const replyError = (error: ErrorReply) => reply(error.status, error.body, error.headers);

    const split = splitScenarioPath(url.pathname);
    if ('error' in split) return reply(404, { error: split.error });
    const { scenario, providerPath } = split;
    record.scenario = scenario.name;
    if (req.method === 'GET' && providerPath === '/') {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/plain', ...simulatorHeader });
      res.end('Reviewtrace demo AI simulator is running');
      return;
    }
    const match = findRoute(req.method ?? 'GET', providerPath);
    if (!match) return reply(404, { error: `Not a simulated endpoint: ${req.method} ${providerPath}` });
    const { wire, route } = match;
    record.provider = wire.provider;
    record.kind = route.kind;
    const body = req.method === 'POST' ? await readJsonBody(req) : {};

    const call = route.kind === 'generate' ? wire.generateCall(route, body) : undefined;
    record.stream = call?.stream;
    record.model = call?.model;
    if (call) record.prompt = call.prompt;

    if (scenario.name === 'no-answer') {
      await once(res, 'close');
      return;
    }
    if (scenario.name === 'invalid-key') return replyError(wire.failure('auth', null));
    if (scenario.name === 'server-error') {
      return replyError({ ...wire.failure('server', null), status: scenario.options.status ?? 500 });
    }
    if (route.kind === 'models') return reply(200, wire.modelsBody());
    if (route.kind === 'model') {
      const model = route.model ?? stringField(body, 'model') ?? stringField(body, 'name');
      if (!model) return replyError(wire.notFound('model is required'));
      record.model = model;
      return reply(200, wire.modelBody(model));
    }
    if (!call) return;

    if (scenario.name === 'rate-limit-then-success' && takeRateLimit(wire, scenario, call)) {
      return replyError(wire.failure('rate_limit', scenario.options.retryAfterSeconds ?? 1));
    }
    const { text, finish } = answerFor(scenario, call.prompt);
    const pieces = chunkText(text);
    const delayMs = scenario.options.chunkDelayMs ?? chunkDelayMs;
    // Unpaced (a replay on a virtual clock, tests): the load is reported, not waited for, as the
    // chunks are not; a real wait would read as minutes on the replay's clock.
    const loadMs = await loadModel(wire, scenario, call, delayMs > 0);
    const usage =
      scenario.options.usage === false ? undefined : simulatedUsage(call, text, loadMs, pieces.length * delayMs);
    if (!call.stream) return reply(200, wire.plainBody(call, text, finish, usage));

    const { contentType, frames } = wire.streamFrames(call, pieces, finish, usage);
    record.status = 200;
    await writeStream(res, contentType, frames, {
      delayMs,
      holdAfter:
        scenario.name === 'buffering-proxy'
          ? 0
          : scenario.name === 'stall-mid-stream'
            ? (scenario.options.framesBeforeStall ?? 3)
            : undefined,
      dropAfter: scenario.name === 'broken-stream' ? (scenario.options.framesBeforeStall ?? 3) : undefined,
    });
  }

  /** A cold Ollama model waits `modelLoadMs` once per connector; a warm one reports a few ms, as Ollama does. */
  async function loadModel(
    wire: ProviderWire,
    scenario: ParsedScenario,
    call: GenerateCall,
    paced: boolean,
  ): Promise<number> {
    if (wire.provider !== 'ollama') return 0;
    // Per connector (its id when it has one: the demo's replay varies the rest of the segment).
    const key = `${scenario.options.id ?? scenario.key}|${call.model}`;
    if (modelLoadMs === 0 || loadedModels.has(key)) return warmLoadMs;
    loadedModels.add(key);
    if (paced) await delay(modelLoadMs);
    return modelLoadMs;
  }

  /** Counts per connector (scenario segment) and prompt, so every batch of a demo review sees the 429s. */
  function takeRateLimit(wire: ProviderWire, scenario: ParsedScenario, call: GenerateCall): boolean {
    const key = `${wire.provider}|${scenario.key}|${call.model}|${call.prompt}`;
    const seen = rateLimitCounts.get(key) ?? 0;
    if (seen >= (scenario.options.failures ?? 2)) return false;
    rateLimitCounts.delete(key);
    rateLimitCounts.set(key, seen + 1);
    if (rateLimitCounts.size > maxRateLimitKeys) rateLimitCounts.delete(rateLimitCounts.keys().next().value!);
    return true;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    whenClosed: (request) => closings.get(request) ?? Promise.reject(new Error('Not a request of this simulator')),
    close: () =>
      new Promise<void>((resolve) => {
        // Held-open streams (buffering proxy, stalls) would keep close() waiting forever.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const warmLoadMs = 4;
/** A mid-size local model on a workstation GPU: prompts read at ~1,500 tokens/s, answers at ~45. */
const promptTokensPerMs = 1.5;
const outputTokensPerMs = 0.045;

/**
 * Plausible usage for an answer: token counts from the text, and a generation time that is the
 * stream's real pacing when it has one (so tokens/s matches what a viewer sees) or a model's pace.
 */
function simulatedUsage(call: GenerateCall, text: string, loadMs: number, streamMs: number): SimulatedUsage {
  const promptTokens = estimateTokens(call.prompt);
  const outputTokens = estimateTokens(text);
  return {
    promptTokens,
    outputTokens,
    loadMs,
    promptEvalMs: Math.round(promptTokens / promptTokensPerMs),
    generationMs: call.stream && streamMs > 0 ? streamMs : Math.round(outputTokens / outputTokensPerMs),
  };
}

function findRoute(method: string, path: string): { wire: ProviderWire; route: WireRoute } | undefined {
  for (const wire of wires) {
    const route = wire.route(method, path);
    if (route) return { wire, route };
  }
  return undefined;
}

function answerFor(scenario: ParsedScenario, prompt: string): { text: string; finish: FinishReason } {
  if (scenario.name === 'truncated-json') return { text: truncatedReviewJson(prompt), finish: 'length' };
  if (scenario.name === 'garbage') return { text: garbageAnswer(prompt), finish: 'stop' };
  if (scenario.name === 'empty') return { text: '', finish: 'stop' };
  const { garbageFor } = scenario.options;
  if (garbageFor && diffFilesOf(prompt).some((file) => file.path.includes(garbageFor)))
    return { text: garbageAnswer(prompt), finish: 'stop' };
  return { text: reviewJson(prompt, scenario.options), finish: 'stop' };
}

function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1];
  const googKey = req.headers['x-goog-api-key'];
  if (typeof googKey === 'string') return googKey;
  return url.searchParams.get('key') ?? undefined;
}

function stringField(body: unknown, key: string): string | undefined {
  const value = asRecord(body)[key];
  return typeof value === 'string' ? value : undefined;
}
