import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { HttpError } from '../http/errors.ts';

/** How much of an upload is looked at to tell text from binary (what git and `file` look at, too). */
export const SNIFF_BYTES = 8 * 1024;

/** Content types we treat as text: redacted on the way in, with previews. */
export function isTextContentType(contentType: string): boolean {
  return /^text\/|json|xml|x-diff|x-patch|yaml|javascript/i.test(contentType);
}

/**
 * Text or binary: text only when the declared type is a text type AND the first 8 KiB hold no
 * NUL byte (no text encoding we accept writes one; nearly every binary format does early on). A
 * "text" upload with a NUL is binary whatever its label: redacting it as UTF-8 would corrupt it and
 * its previews cannot be stored, so it is kept byte for byte as application/octet-stream.
 */
export function classifyUpload(declaredType: string, head: Buffer): { binary: boolean; storedType: string } {
  if (!isTextContentType(declaredType)) return { binary: true, storedType: declaredType };
  if (head.includes(0)) return { binary: true, storedType: 'application/octet-stream' };
  return { binary: false, storedType: declaredType };
}

/**
 * Reads the first `bytes` of a stream (fewer if it ends first) and hands back a stream that replays
 * them followed by the rest, unchanged. Errors of the source (a client that hangs up) surface from
 * the returned promise or, later, as errors of the returned stream.
 */
export async function peekHead(
  source: Readable,
  bytes: number,
): Promise<{ head: Buffer; body: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(seen);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Stopped early (too large, store failed): stop reading the source too.
      if (!done) await iterator.return?.();
    }
  }
  return { head: head.subarray(0, bytes), body: replay() };
}

/** Fails the stream with `tooLarge()` as soon as more than `maxBytes` have passed through. */
export class ByteLimit extends Transform {
  private seen = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => HttpError,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) return done(this.tooLarge());
    done(null, chunk);
  }
}

/** 5368709120 → "5.0 GiB"; below 1 KiB in bytes ("900 B"). */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
