/**
 * "outbound" section: what the outbound policy costs a request the server makes for a tenant. The
 * same loopback HTTP server is fetched with Node's bare fetch (the baseline, in the same run) and
 * through the restricted policy with the server's port allowed, over kept-alive connections (the
 * check runs once per connection) and over a new connection per request (the check, and for a host
 * name our own DNS lookup, on every request). A refused request is timed too: it must fail at once,
 * before any socket is opened.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { parseAllowList } from '../server/src/outbound/allow-list.ts';
import { OutboundPolicy } from '../server/src/outbound/outbound-policy.ts';
import { contentionNote } from './lib/contention.ts';
import { latencyRow } from './lib/live-tables.ts';
import { log } from './lib/log.ts';
import { summarize } from './lib/percentiles.ts';
import type { BenchOptions, MetricRow, SectionResult } from './lib/section.ts';

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

async function timeRequests(fetchOnce: Fetch, url: string, count: number, init?: RequestInit): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    const response = await fetchOnce(url, init);
    await response.arrayBuffer();
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function runOutbound(options: BenchOptions): Promise<SectionResult> {
  const count = options.quick ? 300 : 3_000;
  const server: Server = createServer((_request, response) => response.end('{"ok":true}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const byIp = `http://127.0.0.1:${port}/`;
  const byName = `http://localhost:${port}/`;
  const policy = new OutboundPolicy('restricted', parseAllowList(`127.0.0.1:${port}`));
  // The baseline's own pool, so neither side inherits the other's warm connections.
  const bare = new Agent();
  const bareFetch: Fetch = (url, init) => fetch(url, { ...init, dispatcher: bare } as RequestInit);
  const fresh: RequestInit = { headers: { connection: 'close' } };

  log(`outbound: ${count} requests per case`);
  for (const f of [bareFetch, policy.fetch]) await timeRequests(f, byName, 50); // warm-up: JIT, pools
  const cases = {
    bareKept: await timeRequests(bareFetch, byIp, count),
    guardedKept: await timeRequests(policy.fetch, byIp, count),
    bareFresh: await timeRequests(bareFetch, byName, count, fresh),
    guardedFresh: await timeRequests(policy.fetch, byName, count, fresh),
  };
  const refusals: number[] = [];
  const blocked = new OutboundPolicy('restricted');
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await blocked.fetch(`http://10.0.0.5:${port}/`).catch(() => undefined);
    refusals.push(performance.now() - start);
  }
  await Promise.all([policy.close(), blocked.close(), bare.close()]);
  server.close();

  const ratio = (a: number[], b: number[]): MetricRow => ({
    case: 'p50 ratio',
    value: Number((summarize(a).p50 / summarize(b).p50).toFixed(2)),
    unit: '×',
    pass: true,
  });
  return {
    section: 'outbound',
    tables: [
      {
        title: 'outbound policy · loopback HTTP server · one request at a time',
        notes: [
          'baseline: Node fetch with its own undici Agent; guarded: the restricted policy, the port allowed',
          '"new connection": Connection: close and a host name, so each request resolves and is checked',
          contentionNote(),
        ],
        rows: [
          latencyRow('baseline, kept-alive', cases.bareKept, undefined, byIp),
          latencyRow('guarded, kept-alive', cases.guardedKept, targetFrom(cases.bareKept), byIp),
          latencyRow('baseline, new connection', cases.bareFresh, undefined, byName),
          latencyRow('guarded, new connection', cases.guardedFresh, targetFrom(cases.bareFresh), byName),
          latencyRow('refused (10.0.0.5), nothing sent', refusals, { ms: 5 }, 'restricted, no allow list'),
        ],
        metrics: [
          { ...ratio(cases.guardedKept, cases.bareKept), case: 'guarded ÷ baseline p50, kept-alive' },
          { ...ratio(cases.guardedFresh, cases.bareFresh), case: 'guarded ÷ baseline p50, new connection' },
        ],
      },
    ],
  };
}

/** Guarded must stay within twice the baseline's p95 plus 1 ms: a check per connection, not per byte. */
function targetFrom(baseline: number[]): { ms: number } {
  return { ms: Math.round((summarize(baseline).p95 * 2 + 1) * 10) / 10 };
}
