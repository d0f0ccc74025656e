import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

/** Every response says it comes from the simulator, so nobody mistakes a demo answer for a model's. */
export const simulatorHeader = { 'x-reviewtrace-simulator': '1' } as const;

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...simulatorHeader,
    ...headers,
  });
  res.end(text);
}

/** Roughly what a tokenizer would count; the simulator only needs plausible usage numbers. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Cuts text into pieces of a few words, about the size of the deltas real models stream. */
export function chunkText(text: string, maxLength = 16): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const space = rest.lastIndexOf(' ', maxLength);
    const cut = space > 0 ? space + 1 : maxLength;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

export interface StreamPlan {
  delayMs: number;
  /** Write this many frames, then keep the response open and silent until the client leaves. */
  holdAfter?: number;
  /** Write this many frames, then drop the connection (a crashed upstream, a proxy reset). */
  dropAfter?: number;
}

/**
 * Writes protocol frames (NDJSON lines, SSE events) one by one with a delay between them. Stops as
 * soon as the client goes away, so a client that aborts leaves no timer or write behind.
 */
export async function writeStream(
  res: ServerResponse,
  contentType: string,
  frames: string[],
  plan: StreamPlan,
): Promise<void> {
  const left = new AbortController();
  const closed = once(res, 'close').then(() => left.abort());
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', ...simulatorHeader });
  res.flushHeaders();
  for (const [index, frame] of frames.entries()) {
    if (left.signal.aborted) return;
    if (plan.holdAfter !== undefined && index >= plan.holdAfter) {
      await closed;
      return;
    }
    if (plan.dropAfter !== undefined && index >= plan.dropAfter) {
      res.destroy();
      return;
    }
    if (index > 0 && plan.delayMs > 0) {
      try {
        await delay(plan.delayMs, undefined, { signal: left.signal });
      } catch {
        return;
      }
    }
    res.write(frame);
  }
  if (plan.holdAfter !== undefined && plan.holdAfter >= frames.length) {
    await closed;
    return;
  }
  res.end();
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Every `content`/`text` string of a request body, in order: the prompt, whatever the provider's shape. */
export function promptTextOf(body: unknown): string {
  const texts: string[] = [];
  const visit = (value: unknown, key: string | undefined) => {
    if (typeof value === 'string') {
      if (key === 'content' || key === 'text') texts.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (typeof value === 'object' && value !== null) {
      for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
    }
  };
  visit(body, undefined);
  return texts.join('\n');
}
