import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { redactText } from './redactor.ts';

/** Secrets are shorter than this; text nearer the end of what has arrived waits for the next chunk. */
const HOLD_BACK = 1_024;
/** An unterminated private key block is held until its END line, up to this much. */
const MAX_KEY_BLOCK = 16_384;

/**
 * Redacts a text stream on its way to storage (uploaded artifacts) without buffering it whole.
 * A secret may arrive split across two chunks, so the tail of what has arrived is held back and
 * redacted together with the next chunk; the cut is made at a line break or space, which tokens
 * never contain, and never inside an open private-key block.
 */
export class RedactingStream extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly secrets: readonly string[] = []) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending += this.decoder.write(chunk);
    const cut = this.safeCut();
    if (cut > 0) {
      this.push(redactText(this.pending.slice(0, cut), this.secrets));
      this.pending = this.pending.slice(cut);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pending += this.decoder.end();
    if (this.pending) this.push(redactText(this.pending, this.secrets));
    done();
  }

  private safeCut(): number {
    const limit = this.pending.length - HOLD_BACK;
    if (limit <= 0) return 0;
    const keyStart = this.pending.lastIndexOf('-----BEGIN');
    if (
      keyStart >= 0 &&
      this.pending.indexOf('PRIVATE KEY-----', keyStart) >= 0 &&
      this.pending.indexOf('-----END', keyStart) < 0
    ) {
      if (this.pending.length - keyStart < MAX_KEY_BLOCK) return Math.min(limit, keyStart);
    }
    const lineBreak = this.pending.lastIndexOf('\n', limit);
    if (lineBreak > 0) return lineBreak + 1;
    const space = this.pending.lastIndexOf(' ', limit);
    return space > 0 ? space + 1 : limit;
  }
}
