import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fakes see it: the raw path keeps percent-encoding (GitLab ids are `group%2Fproject`). */
export interface FakeRequest {
  method: string;
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The request body as text (POSTs of comments). */
  body: string;
}

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeHttpServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  origin: string;
  /** Every request received, in order, for assertions on pagination and headers. */
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 answering JSON, the network edge the provider SDKs talk to. */
export async function startFakeHttpServer(
  handle: (request: FakeRequest, origin: string) => FakeResponse,
): Promise<FakeHttpServer> {
  const requests: FakeRequest[] = [];
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', origin);
      const request: FakeRequest = {
        method: incoming.method ?? 'GET',
        rawPath: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const response = handle(request, origin);
      outgoing.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', ...response.headers });
      outgoing.end(JSON.stringify(response.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive; close them or `close` waits for their idle timeout.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Page `page` of `items`, and the page numbers around it, the way both providers count (from 1). */
export function pageOf<T>(items: readonly T[], query: URLSearchParams, defaultPerPage: number, maxPerPage = 100) {
  const perPage = Math.min(Math.max(Number(query.get('per_page') ?? defaultPerPage) || defaultPerPage, 1), maxPerPage);
  const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
  const totalPages = Math.max(Math.ceil(items.length / perPage), 1);
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    page,
    perPage,
    totalPages,
    next: page < totalPages ? page + 1 : undefined,
    prev: page > 1 ? page - 1 : undefined,
  };
}

/** An RFC 8288 `Link` header with next/prev/first/last, as GitHub and GitLab send it. */
export function linkHeader(pageUrl: (page: number) => string, pages: ReturnType<typeof pageOf>): string {
  const links: string[] = [];
  if (pages.prev !== undefined) links.push(`<${pageUrl(pages.prev)}>; rel="prev"`);
  if (pages.next !== undefined) links.push(`<${pageUrl(pages.next)}>; rel="next"`);
  links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(pages.totalPages)}>; rel="last"`);
  return links.join(', ');
}

export function bearerOrTokenOf(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers['authorization'];
  const match = authorization ? /^(?:token|bearer)\s+(.+)$/i.exec(authorization) : null;
  return match?.[1];
}
