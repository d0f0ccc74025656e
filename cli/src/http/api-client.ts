import type { z } from 'zod';
import { ApiFailure, NetworkError } from '../errors.ts';
import type { Connection } from '../connection.ts';
import { cliVersion } from '../version.ts';

type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  query?: Query;
  /** The one line to print for a 404 ("review 999 not found"), instead of the server's wording. */
  notFound?: string;
  headers?: Record<string, string>;
}

/**
 * The CLI's only way to the server: the documented HTTP API with a bearer token (api.md). Turns
 * every failure into a one-line CliError: network → NetworkError, non-2xx → ApiFailure.
 */
export class ApiClient {
  constructor(
    readonly connection: Connection,
    /** The network edge; a parameter so a unit test can hand it a fake server. */
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async getJson<S extends z.ZodType>(schema: S, path: string, options: RequestOptions = {}): Promise<z.output<S>> {
    const response = await this.send('GET', path, undefined, options);
    return schema.parse(await response.json());
  }

  async postJson<S extends z.ZodType>(
    schema: S,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    const response = await this.send('POST', path, body, options);
    return schema.parse(await response.json());
  }

  /** A 2xx response whose body the caller streams (log downloads, SSE). */
  open(path: string, options: RequestOptions = {}): Promise<Response> {
    return this.send('GET', path, undefined, options);
  }

  private async send(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
    const url = this.url(path, options.query);
    const { token, org } = this.connection;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          'user-agent': `reviewtrace-cli/${cliVersion}`,
          ...(org === undefined ? {} : { 'x-org-context': org }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new NetworkError(`cannot reach ${this.connection.serverUrl}: ${networkReason(error)}`);
    }
    if (response.ok) return response;
    throw await this.failure(response, options);
  }

  private url(path: string, query: Query = {}): string {
    const url = new URL(`${this.connection.apiRoot}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private async failure(response: Response, options: RequestOptions): Promise<ApiFailure> {
    const envelope = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string; details?: unknown };
    } | null;
    const code = envelope?.error?.code ?? 'http';
    const message = envelope?.error?.message ?? response.statusText;
    const status = response.status;
    if (status === 401) {
      return new ApiFailure(`not signed in: ${this.connection.tokenSource} was refused (401)`, status, code);
    }
    if (status === 404 && options.notFound) return new ApiFailure(options.notFound, status, code);
    if (status === 403) return new ApiFailure(`forbidden: ${message}`, status, code);
    return new ApiFailure(`${message}${fieldProblems(envelope?.error?.details)} (${status})`, status, code);
  }
}

/** `body.prMrUrl: add a github token for github.com…`: the 400's details, on the same line. */
function fieldProblems(details: unknown): string {
  if (!Array.isArray(details)) return '';
  const parts = details
    .filter(
      (d): d is { field: string; message: string } => typeof d?.field === 'string' && typeof d?.message === 'string',
    )
    .map((d) => `${d.field}: ${d.message}`);
  return parts.length ? `: ${parts.join('; ')}` : '';
}

/** undici reports `fetch failed` and hides the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
