import type { z } from 'zod';

/**
 * The one way the web app talks to the API: same-origin cookie session, JSON in and out, and the
 * API's error envelope turned into an `ApiError` whose message is safe to show as is. Every JSON
 * answer is parsed with its contract schema, so a server and web that drifted apart fail at the
 * request (code `contract`), naming the path and the field, instead of rendering `undefined` later.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A request whose answer is JSON: resolves to the body as `schema` parses it. */
export async function apiRequest<Schema extends z.ZodType>(
  schema: Schema,
  path: string,
  options: RequestOptions = {},
): Promise<z.output<Schema>> {
  const response = await send(path, options);
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => notJson);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw contractError(response.status, `${options.method ?? 'GET'} ${path}`, body, parsed.error);
  return parsed.data;
}

/** A request whose answer has no body to read (204: sign-in, sign-out, deletes). */
export async function apiSend(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection; we will retry.');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

const notJson = Symbol('not JSON');

/** The first issue is the one to read: the rest are usually the same drift seen again further down. */
function contractError(status: number, request: string, body: unknown, error: z.ZodError): ApiError {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? first.path.map(String).join('.') : 'the body';
  const what = body === notJson ? 'the body is not JSON' : `${where}: ${first?.message ?? 'does not match'}`;
  return new ApiError(status, 'contract', `Unexpected response from ${request}: ${what}`, error.issues);
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  const fallback = response.status >= 500 ? 'The server had a problem; try again in a moment.' : response.statusText;
  return new ApiError(
    response.status,
    body?.error?.code ?? 'http_' + response.status,
    body?.error?.message ?? fallback,
    body?.error?.details,
  );
}

/** Query strings without `undefined`/empty values, so URLs stay short and cache keys stable. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined | null> = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export const isUnauthorized = (error: unknown) => error instanceof ApiError && error.status === 401;
export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;
