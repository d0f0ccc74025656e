import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { DemoReceivedWebhook } from '@reviewtrace/contracts';

/** Where an alert endpoint's notifications go on the receiver: the path names the endpoint. */
export const DEMO_RECEIVER_PATH = '/demo-alert-receiver/';
/** What the receiver remembers (newest first); the page shows an org's share of it. */
const KEPT = 200;
/** Notifications are under 20 KB; anything bigger is not ours. */
const MAX_BODY_BYTES = 64 * 1024;

/** The endpoint's org and the secrets that may have signed (the current one, and the previous during a rotation). */
export type EndpointSecrets = (endpointId: number) => Promise<{ orgId: number; secrets: string[] } | undefined>;

export interface DemoAlertReceiver {
  /** Its origin on loopback (the outbound policy lets this one host:port through in demo mode). */
  origin: string;
  endpointUrl(endpointId: number): string;
  receivedBy(orgId: number): DemoReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * The demo's own webhook receiver: what a customer would run to receive alerts. It verifies every
 * request with the `standardwebhooks` package and the endpoint's secret (read from the database, so
 * a rotation is honoured), answers 204 when the signature holds and 401 when not, and keeps what it
 * got for the demo receiver page (in memory: a restart starts an empty page, as a real receiver's
 * log would on a new machine).
 */
export async function startDemoAlertReceiver(secretsOf: EndpointSecrets): Promise<DemoAlertReceiver> {
  const received: (DemoReceivedWebhook & { orgId: number })[] = [];
  let nextId = 1;

  const server = createServer((request, response) => {
    void receive(request).then(
      (status) => response.writeHead(status).end(),
      () => response.writeHead(500).end(),
    );
  });

  async function receive(request: IncomingMessage): Promise<number> {
    const endpointId = Number(
      request.url?.startsWith(DEMO_RECEIVER_PATH) && request.url.slice(DEMO_RECEIVER_PATH.length),
    );
    if (request.method !== 'POST' || !Number.isSafeInteger(endpointId) || endpointId <= 0) return 404;
    const body = await readBody(request);
    if (body === undefined) return 413;
    const endpoint = await secretsOf(endpointId);
    // An endpoint deleted meanwhile: gone for good, which makes the dispatcher stop (410).
    if (!endpoint) return 410;
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    const problem = verify(body, headers, endpoint.secrets);
    received.unshift({
      id: nextId++,
      orgId: endpoint.orgId,
      endpointId,
      receivedAt: new Date().toISOString(),
      webhookId: headers['webhook-id'] ?? '',
      type: typeOf(body),
      verified: problem === null,
      problem,
      body: body.length <= MAX_BODY_BYTES ? body : body.slice(0, MAX_BODY_BYTES),
    });
    received.length = Math.min(received.length, KEPT);
    return problem === null ? 204 : 401;
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    endpointUrl: (endpointId) => `${origin}${DEMO_RECEIVER_PATH}${endpointId}`,
    receivedBy: (orgId) => received.filter((hook) => hook.orgId === orgId).map(({ orgId: _, ...hook }) => hook),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Null when one of the secrets verifies the signature (and the timestamp is recent), else why not. */
function verify(body: string, headers: Record<string, string>, secrets: string[]): string | null {
  let problem = 'no secret to verify with';
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, headers);
      return null;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  return problem;
}

function typeOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
