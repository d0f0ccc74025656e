/** A small SSE client over fetch for tests: exact frames, comments included, no auto-reconnect. */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: number;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /** Resolves with the next frame, or undefined when the server closed the stream. */
  next(): Promise<SseFrame | undefined>;
  /** Frames until one matches (inclusive), failing if the stream ends first. */
  until(match: (frame: SseFrame) => boolean): Promise<SseFrame[]>;
  /** Every remaining frame until the server closes the stream. */
  rest(): Promise<SseFrame[]>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: SseFrame[] = [];
  let ended = !reader;

  async function fill(): Promise<void> {
    while (queue.length === 0 && !ended) {
      let chunk;
      try {
        chunk = await reader!.read();
      } catch {
        ended = true;
        return;
      }
      if (chunk.done) {
        ended = true;
        return;
      }
      buffer += decoder.decode(chunk.value, { stream: true });
      let boundary;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        queue.push(...parseBlock(block));
      }
    }
  }

  const connection: SseConnection = {
    status: response.status,
    headers: response.headers,
    async next() {
      await fill();
      return queue.shift();
    },
    async until(match) {
      const frames: SseFrame[] = [];
      for (;;) {
        const frame = await connection.next();
        if (!frame) throw new Error(`stream ended before the expected frame; got ${JSON.stringify(frames)}`);
        frames.push(frame);
        if (match(frame)) return frames;
      }
    },
    async rest() {
      const frames: SseFrame[] = [];
      for (let frame = await connection.next(); frame; frame = await connection.next()) frames.push(frame);
      return frames;
    },
    close() {
      controller.abort();
    },
  };
  return connection;
}

function parseBlock(block: string): SseFrame[] {
  const frames: SseFrame[] = [];
  const frame: SseFrame = {};
  let hasField = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      frames.push({ comment: line.slice(1).trim() });
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') frame.id = value;
    else if (field === 'event') frame.event = value;
    else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    else if (field === 'retry') frame.retry = Number(value);
    else continue;
    hasField = true;
  }
  if (hasField) frames.push(frame);
  return frames;
}
