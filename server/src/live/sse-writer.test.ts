import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { SlowClientError, SseWriter } from './sse-writer.ts';

const SLOW_CLIENT_MS = 30_000;
const chunk = `data: ${'x'.repeat(64 * 1024)}\n\n`;

/** A real HTTP server and a raw client socket that reads only when the test says so. */
async function openStream() {
  const clock = new ManualClock();
  let response!: ServerResponse;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    response = res;
    server.emit('stream');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const streamOpened = once(server, 'stream');
  const socket: Socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.pause();
  socket.write('GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await streamOpened;
  const drops: number[] = [];
  const writer = new SseWriter(response, { ms: SLOW_CLIENT_MS, clock, onDrop: () => drops.push(clock.now()) });
  return { clock, server, socket, response, writer, drops };
}

/** Writes until the socket is full: the write that has to wait for a drain is returned, unsettled. */
async function fillUntilBlocked(writer: SseWriter, clock: ManualClock): Promise<{ blocked: Promise<void> }> {
  for (;;) {
    const write = writer.write(chunk);
    const settled = await Promise.race([write.then(() => true), clock.sleeping().then(() => false)]);
    // Wrapped: an async function returning the promise itself would wait for it.
    if (!settled) return { blocked: write };
  }
}

describe('SseWriter and a client that stops reading', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('drops the client after the slow-client time with frames waiting, and says why', async () => {
    const { clock, server, socket, response, writer, drops } = await openStream();
    servers.push(server);
    const { blocked } = await fillUntilBlocked(writer, clock);

    clock.advance(SLOW_CLIENT_MS - 1);
    expect(response.destroyed).toBe(false);
    clock.advance(1);

    await expect(blocked).rejects.toBeInstanceOf(SlowClientError);
    await expect(blocked).rejects.toThrow(/read nothing for 30 s with \d+ bytes waiting; dropped/);
    expect(response.destroyed).toBe(true);
    expect(drops).toEqual([SLOW_CLIENT_MS]);
    socket.destroy();
  });

  it('keeps a client that drains, however long each drain took', async () => {
    const { clock, server, socket, response, writer, drops } = await openStream();
    servers.push(server);
    const { blocked } = await fillUntilBlocked(writer, clock);

    clock.advance(SLOW_CLIENT_MS - 1);
    socket.resume();
    await blocked;
    clock.advance(SLOW_CLIENT_MS);

    expect(response.destroyed).toBe(false);
    await writer.write('data: still here\n\n');
    expect(writer.closed).toBe(false);
    expect(drops).toEqual([]);
    socket.destroy();
  });
});
