import { Transform, type TransformCallback } from 'node:stream';
import { PREVIEW_CHARS, previewsOf } from './previews.ts';

/** Enough bytes for PREVIEW_CHARS characters of any UTF-8 text (at most 4 bytes a character). */
const EDGE_BYTES = PREVIEW_CHARS * 4;

/**
 * Passes an upload through unchanged while keeping only its first and last few KB, so previews
 * of a 200 MB artifact cost a few KB of memory. Cuts fall on character boundaries: a partial
 * character at a cut edge is dropped, never shown as a replacement character.
 */
export class PreviewTap extends Transform {
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private total = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.total += chunk.length;
    if (this.head.length < EDGE_BYTES)
      this.head = Buffer.concat([this.head, chunk.subarray(0, EDGE_BYTES - this.head.length)]);
    this.tail = Buffer.concat([this.tail, chunk]);
    if (this.tail.length > EDGE_BYTES) this.tail = this.tail.subarray(this.tail.length - EDGE_BYTES);
    done(null, chunk);
  }

  previews(): { previewHead: string; previewTail: string } {
    if (this.total <= EDGE_BYTES) return previewsOf(this.head.toString('utf8'));
    const head = this.head.toString('utf8').replace(/\uFFFD+$/, '');
    const tail = this.tail.toString('utf8').replace(/^\uFFFD+/, '');
    return { previewHead: previewsOf(head).previewHead, previewTail: Array.from(tail).slice(-PREVIEW_CHARS).join('') };
  }
}
