/**
 * Child process (forked by sse-clients.ts): holds many SSE connections and timestamps every frame id
 * the moment its bytes arrive. It runs apart from the server and from the writer, so that reading
 * ~20,000 frames/s neither slows the server being measured nor delays the writer's commit stamps.
 *
 * node:http with one socket per stream (maxSockets Infinity): fetch's default dispatcher would need
 * an undici Agent sized for thousands of connections, and its web streams cost more per chunk.
 * Times are epoch milliseconds with sub-ms precision (timeOrigin + now), comparable across processes.
 */
import http from 'node:http';
import WebSocket from 'ws';
import type { ChildRequest, ChildReply, StreamTarget, Transport } from './sse-clients.ts';

interface Connection {
  reviewId: number;
  /** Hangs up (the client side). */
  request: { destroy(): void };
  /** The unterminated last line of the previous chunk. */
  partial: string;
  ended: boolean;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const connections: Connection[] = [];
const arrivals = { reviewIds: [] as number[], seqs: [] as number[], times: [] as number[] };

const now = () => performance.timeOrigin + performance.now();

function onChunk(connection: Connection, chunk: string): void {
  const time = now();
  const text = connection.partial + chunk;
  const end = text.lastIndexOf('\n');
  connection.partial = text.slice(end + 1);
  // Only `id:` lines matter; data lines are JSON on one line, so "\nid: " never occurs inside one.
  for (let i = text.indexOf('id: '); i !== -1 && i < end; i = text.indexOf('id: ', i + 4)) {
    if (i > 0 && text.charCodeAt(i - 1) !== 10) continue;
    arrivals.reviewIds.push(connection.reviewId);
    arrivals.seqs.push(Number(text.slice(i + 4, text.indexOf('\n', i))));
    arrivals.times.push(time);
  }
}

function openOne(baseUrl: string, target: StreamTarget, after: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const url = `${baseUrl}/api/v1/reviews/${target.reviewId}/stream?after=${after}`;
    const headers = { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' };
    const request = http.get(url, { agent, headers }, (response) => {
      response.setEncoding('utf8');
      if (response.statusCode !== 200) {
        let body = '';
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(`${response.statusCode}: ${body.slice(0, 200)}`));
        return;
      }
      const connection: Connection = { reviewId: target.reviewId, request, partial: '', ended: false };
      connections.push(connection);
      response.on('data', (chunk: string) => onChunk(connection, chunk));
      response.on('close', () => (connection.ended = true));
      response.on('error', () => undefined);
      resolve(undefined);
    });
    request.on('error', (error) => resolve(error.message));
  });
}

/**
 * The WebSocket twin: one socket per target with one `review:{id}` topic. Messages start with
 * `{"topic":"review:N","seq":S,` (server-side key order), so the seq is read without parsing the JSON,
 * as the SSE side reads only `id:` lines.
 */
function openOneWs(baseUrl: string, target: StreamTarget, after: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/ws`;
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${target.token}` }, perMessageDeflate: false });
    const connection: Connection = {
      reviewId: target.reviewId,
      request: { destroy: () => ws.terminate() },
      partial: '',
      ended: false,
    };
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += String(chunk)));
      response.on('end', () => resolve(`${response.statusCode}: ${body.slice(0, 200)}`));
    });
    ws.on('error', (error) => resolve(error.message));
    ws.on('close', () => (connection.ended = true));
    ws.on('open', () => ws.send(JSON.stringify({ op: 'subscribe', topic: `review:${target.reviewId}`, after })));
    ws.on('message', (data: Buffer) => {
      const time = now();
      const text = data.toString('utf8');
      if (text.startsWith('{"op":"subscribed"')) {
        connections.push(connection);
        resolve(undefined);
        return;
      }
      const at = text.indexOf('"seq":');
      if (at < 0 || at > 40) return;
      arrivals.reviewIds.push(connection.reviewId);
      arrivals.seqs.push(Number.parseInt(text.slice(at + 6, at + 22), 10));
      arrivals.times.push(time);
    });
  });
}

/** At most `concurrency` handshakes at a time: a burst of thousands would only measure the accept queue. */
async function openAll(
  baseUrl: string,
  targets: StreamTarget[],
  after: number,
  concurrency: number,
  transport: Transport,
) {
  const failures: string[] = [];
  let next = 0;
  const open = transport === 'ws' ? openOneWs : openOne;
  const worker = async () => {
    while (next < targets.length) {
      const failure = await open(baseUrl, targets[next++]!, after);
      if (failure) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

const reply = (message: ChildReply) => process.send!(message);

process.on('message', (message: ChildRequest) => {
  void (async () => {
    if (message.type === 'open') {
      const started = performance.now();
      const failures = await openAll(
        message.baseUrl,
        message.targets,
        message.after,
        message.concurrency,
        message.transport,
      );
      reply({ type: 'opened', failures, ms: performance.now() - started, open: connections.length });
    } else if (message.type === 'collect') {
      const cpu = process.cpuUsage();
      reply({
        type: 'arrivals',
        ...arrivals,
        open: connections.filter((c) => !c.ended).length,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
      arrivals.reviewIds = [];
      arrivals.seqs = [];
      arrivals.times = [];
    } else if (message.type === 'close') {
      for (const connection of connections.splice(0)) connection.request.destroy();
      reply({ type: 'closed' });
    }
  })();
});
// The parent going away (a crash of the bench) must not leave thousands of sockets behind.
process.on('disconnect', () => process.exit(0));
