import type { AiProviderType } from '../../connectors/ai/ai-types.ts';

/**
 * How the demo AI simulator misbehaves for one request. A scenario lives in the connector's base
 * URL (`…/scenario/<name>[;key=value…]/…`), so a demo connector picks its behaviour once, in
 * settings, and the SDKs carry it on every request without knowing about it.
 */
export const simulatorScenarios = [
  'healthy',
  /** Streaming requests get headers, then nothing until the client gives up; plain requests answer. */
  'buffering-proxy',
  /** Streaming requests get a few chunks, then silence; plain requests answer. */
  'stall-mid-stream',
  /** The review JSON is cut off inside the last comment (repairable). */
  'truncated-json',
  /** Prose without any JSON. */
  'garbage',
  /** The first `failures` generation requests of each prompt get 429, then the answer. */
  'rate-limit-then-success',
  /** 401 with the provider's error body (Gemini: 400 API_KEY_INVALID, as the real API does). */
  'invalid-key',
  /** 500 (or the `status` option) with the provider's error body. */
  'server-error',
  /** Streaming requests get a few frames, then the connection drops; plain requests answer. */
  'broken-stream',
  /** Accepts every request and never answers, streamed or not (a hung server: timeouts). */
  'no-answer',
  /** Answers with no text at all (a model that returned nothing). */
  'empty',
] as const;
export type SimulatorScenario = (typeof simulatorScenarios)[number];

export interface ScenarioOptions {
  /** rate-limit-then-success: how many 429s each prompt gets first (default 2). */
  failures?: number;
  /** rate-limit-then-success: the Retry-After in seconds (default 1); null sends none. */
  retryAfterSeconds?: number | null;
  /** stall-mid-stream, broken-stream: how many stream frames arrive before the silence or the drop (default 3). */
  framesBeforeStall?: number;
  /** server-error: the HTTP status it answers with (default 500). */
  status?: number;
  /** Overrides the simulator's delay between stream chunks for this connector. */
  chunkDelayMs?: number;
  /** false: the server reports no usage at all, asked or not (OpenAI-compatible servers that ignore `include_usage`). */
  usage?: boolean;
  /** Any label: gives a connector (or a test) its own rate-limit counters. */
  id?: string;
  /**
   * Adds a comment on this line of the prompt's first file, whether or not the diff shows it: a
   * model that points at a line it was not shown (posting moves such a comment into the summary).
   */
  strayLine?: number;
  /** Prompts whose diff has a file whose path contains this text get prose without JSON (one batch fails to parse). */
  garbageFor?: string;
}

export interface ParsedScenario {
  name: SimulatorScenario;
  options: ScenarioOptions;
  /** The raw `/scenario/…` segment, which keys per-connector state such as rate-limit counters. */
  key: string;
}

export const healthyScenario: ParsedScenario = { name: 'healthy', options: {}, key: 'healthy' };

/** The base URL a connector of `provider` uses to reach `scenario` on the simulator at `simulatorUrl`. */
export function simulatorBaseUrl(
  simulatorUrl: string,
  provider: AiProviderType,
  scenario: SimulatorScenario = 'healthy',
  options: ScenarioOptions = {},
): string {
  const base = `${simulatorUrl.replace(/\/$/, '')}/scenario/${scenarioSegment(scenario, options)}`;
  // The OpenAI SDK takes the URL ending in /v1; the Ollama and Gemini SDKs append their own paths.
  return provider === 'openai' ? `${base}/v1` : base;
}

export function scenarioSegment(scenario: SimulatorScenario, options: ScenarioOptions = {}): string {
  const parts: string[] = [scenario];
  if (options.failures !== undefined) parts.push(`failures=${options.failures}`);
  if (options.retryAfterSeconds !== undefined) parts.push(`retry-after=${options.retryAfterSeconds ?? 'none'}`);
  if (options.framesBeforeStall !== undefined) parts.push(`frames-before-stall=${options.framesBeforeStall}`);
  if (options.status !== undefined) parts.push(`status=${options.status}`);
  if (options.chunkDelayMs !== undefined) parts.push(`chunk-delay-ms=${options.chunkDelayMs}`);
  if (options.usage === false) parts.push('usage=none');
  if (options.id !== undefined) parts.push(`id=${encodeURIComponent(options.id)}`);
  if (options.strayLine !== undefined) parts.push(`stray-line=${options.strayLine}`);
  if (options.garbageFor !== undefined) parts.push(`garbage-for=${encodeURIComponent(options.garbageFor)}`);
  return parts.join(';');
}

/** Splits `/scenario/<segment>/rest` into the scenario and the provider path; no prefix means healthy. */
export function splitScenarioPath(
  pathname: string,
): { scenario: ParsedScenario; providerPath: string } | { error: string } {
  const match = /^\/scenario\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match) return { scenario: healthyScenario, providerPath: pathname };
  const segment = match[1]!;
  const parsed = parseScenarioSegment(segment);
  if ('error' in parsed) return parsed;
  return { scenario: parsed, providerPath: match[2] ?? '/' };
}

function parseScenarioSegment(segment: string): ParsedScenario | { error: string } {
  const [name, ...pairs] = segment.split(';').map((part) => decodeURIComponent(part));
  if (!isScenario(name)) return { error: `Unknown simulator scenario "${name}"` };
  const options: ScenarioOptions = {};
  for (const pair of pairs) {
    const [key, value = ''] = pair.split('=');
    if (key === 'failures') options.failures = nonNegativeInteger(value, 2);
    else if (key === 'retry-after') options.retryAfterSeconds = value === 'none' ? null : nonNegativeInteger(value, 1);
    else if (key === 'frames-before-stall') options.framesBeforeStall = nonNegativeInteger(value, 3);
    else if (key === 'chunk-delay-ms') options.chunkDelayMs = nonNegativeInteger(value, 0);
    else if (key === 'status') options.status = errorStatus(value);
    else if (key === 'usage' && value === 'none') options.usage = false;
    else if (key === 'id') options.id = value;
    else if (key === 'stray-line') options.strayLine = nonNegativeInteger(value, 1);
    else if (key === 'garbage-for' && value) options.garbageFor = value;
    else return { error: `Unknown simulator scenario option "${key}"` };
  }
  return { name, options, key: segment };
}

function isScenario(value: string | undefined): value is SimulatorScenario {
  return (simulatorScenarios as readonly (string | undefined)[]).includes(value);
}

/** An HTTP error status (400–599); anything else is the default 500. */
function errorStatus(value: string): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 400 && parsed <= 599 ? parsed : 500;
}

function nonNegativeInteger(value: string, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}
