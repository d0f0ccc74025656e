import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { verify } from '@octokit/webhooks-methods';
import { githubExample } from '../../server/src/testing/webhook-payloads.ts';
import { BENCH_REPOSITORY } from './webhook-fixture.ts';

/** One delivery as GitHub would send it, signed before the clock starts (signing is GitHub's cost). */
export interface SignedDelivery {
  number: number;
  headSha: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * What came back for one delivery, and when it was sent (epoch ms, comparable with database times).
 * It keeps no body: 2,000 retained 24 KB bodies would make the server's process (the same one)
 * collect garbage it would not have in production.
 */
export interface SentDelivery {
  number: number;
  bodyBytes: number;
  sentAtEpochMs: number;
  ms: number;
  status: number;
  reviewId: number | null;
}

/** A `synchronize` of bench/app#number with a new head, at the fake GitHub's web origin. */
export function signedPush(
  secret: string,
  webOrigin: string,
  number: number,
  headSha: string,
  hookId: number,
): SignedDelivery {
  const payload = githubExample('pull_request', 'synchronize');
  payload.number = number;
  payload.repository.full_name = BENCH_REPOSITORY;
  payload.pull_request.number = number;
  payload.pull_request.draft = false;
  payload.pull_request.html_url = `${webOrigin}/${BENCH_REPOSITORY}/pull/${number}`;
  payload.pull_request.head.sha = headSha;
  const body = JSON.stringify(payload);
  return {
    number,
    headSha,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/bench',
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-github-hook-id': String(hookId),
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}

/**
 * Sends `count` deliveries open-loop at `perSecond` (each leaves at its slot whether or not earlier
 * ones were answered, as GitHub's senders do) and times each from send to the answer's last byte.
 * Each is built and signed just before its slot, outside the timed span.
 */
export async function sendAtRate(
  url: string,
  count: number,
  perSecond: number,
  deliveryAt: (index: number) => SignedDelivery,
): Promise<SentDelivery[]> {
  const agent = new Agent({ connections: 64 });
  const intervalMs = 1000 / perSecond;
  const start = performance.now();
  const pending: Promise<SentDelivery>[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      const delivery = deliveryAt(index);
      const slot = start + index * intervalMs;
      const wait = slot - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(sendOne(agent, url, delivery));
    }
    return await Promise.all(pending);
  } finally {
    await agent.close();
  }
}

async function sendOne(agent: Agent, url: string, delivery: SignedDelivery): Promise<SentDelivery> {
  const sentAtEpochMs = Date.now();
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
    dispatcher: agent,
  } as RequestInit);
  const text = await response.text();
  const ms = performance.now() - started;
  const reviewId =
    response.status === 202 ? ((JSON.parse(text) as { reviewId?: number | null }).reviewId ?? null) : null;
  return {
    number: delivery.number,
    bodyBytes: delivery.body.length,
    sentAtEpochMs,
    ms,
    status: response.status,
    reviewId,
  };
}

/**
 * The baseline in the same run: a bare Node HTTP server that reads the same bodies, checks the same
 * signature with the same library and answers 202 — everything but our app, database and queue.
 */
export async function startBareReceiver(secret: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const signature = String(request.headers['x-hub-signature-256'] ?? '');
      void verify(secret, Buffer.concat(chunks).toString('utf8'), signature).then((ok) => {
        response.writeHead(ok ? 202 : 401, { 'content-type': 'application/json' });
        response.end(ok ? '{"status":"queued"}' : '{"error":"bad signature"}');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
