import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { imageOf, openMatchStarts, type TracedRedaction } from './redaction-trace.ts';
import { redactText, redactTraced } from './redactor.ts';

/**
 * The longest secret recognized wherever the chunks split it, counted with what introduces it
 * (`Authorization: Bearer `, `scheme://user:`): the last this many characters that have arrived
 * are always held back (or more, for a longer org secret). A match that is already one and runs
 * longer (a token, a header value, a private key) is never cut either: see `MAX_HELD`. What only
 * becomes a match once text from further away arrives (a header name and its value more than this
 * much whitespace apart, a URL password longer than this before its `@`) may be cut and missed.
 */
export const MAX_SECRET_LENGTH = 1_024;
/**
 * How much text one match may hold back (a private key block is a few KiB). Past that, the match
 * is masked as far as it has arrived, and a stand-in stays held in its place: its first window,
 * the first window of every match still open inside it (a private key begun inside a header
 * value) and its last window. Redacted together with what follows, they make the same matches go
 * on: their starts say which patterns they are, the end holds whatever may have begun there (half
 * an END line, the start of a key).
 */
export const MAX_HELD = 16 * 1_024;

/**
 * Redacts a text stream on its way to storage (uploaded artifacts) without buffering it whole.
 * What has arrived is redacted as a whole, and only the part before a safe cut is emitted (its
 * redacted image); the rest waits for more text. A cut is safe when it lies at least `window`
 * characters before the end (so no secret can start before it and still be incomplete), outside
 * every replacement any pass made, not between two word characters (a `\b` there would read
 * differently once the text is split) and not inside a UTF-16 surrogate pair. So the output is
 * exactly `redactText(whole input)` for every input whose matches fit in `MAX_SECRET_LENGTH`.
 */
export class RedactingStream extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly window: number;
  private readonly maxPending: number;
  private pending = '';
  /** `pending` may start with this many characters standing in for a long match ... */
  private standIn = 0;
  /** ... whose redacted image, this long, has been emitted already. */
  private standInImage = 0;
  /** Redacting all of `pending` again only pays once another window's worth has arrived. */
  private nextAttemptAt: number;

  constructor(private readonly secrets: readonly string[] = []) {
    super();
    this.window = Math.max(MAX_SECRET_LENGTH, ...secrets.map((secret) => secret.length));
    this.maxPending = MAX_HELD + this.window;
    this.nextAttemptAt = 2 * this.window;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending += this.decoder.write(chunk);
    while (this.pending.length >= this.nextAttemptAt && this.emitSafePrefix());
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pending += this.decoder.end();
    const rest = redactText(this.pending, this.secrets).slice(this.standInImage);
    if (rest) this.push(rest);
    done();
  }

  /** Emits what can no longer change whatever follows; false when nothing could be. */
  private emitSafePrefix(): boolean {
    const text = this.pending;
    const trace = redactTraced(text, this.secrets);
    const forced = text.length >= this.maxPending;
    const cut =
      this.latestCut(text, trace, true) ??
      (forced ? (this.latestCut(text, trace, false) ?? this.firstCutInWindow(text, trace)) : undefined);
    if (cut) {
      this.settle(trace.text.slice(this.standInImage, cut.image), text.slice(cut.position), 0, 0);
      return true;
    }
    // Otherwise one match runs from the start through everything held (its image is one marker).
    const standIn = this.standInFor(text, trace);
    const standInImage = redactText(standIn, this.secrets);
    if (!forced || standInImage !== trace.text) {
      // Not yet too much, or the stand-in would not be the same match (never seen): keep holding.
      this.nextAttemptAt = text.length + this.window;
      return false;
    }
    this.settle(trace.text.slice(this.standInImage), standIn, standIn.length, standInImage.length);
    return true;
  }

  private settle(redacted: string, pending: string, standIn: number, standInImage: number): void {
    if (redacted) this.push(redacted);
    this.pending = pending;
    this.standIn = standIn;
    this.standInImage = standInImage;
    this.nextAttemptAt = Math.max(2 * this.window, pending.length + this.window);
  }

  /** See `MAX_HELD`: the outermost open match starts at 0, the others inside it. */
  private standInFor(text: string, trace: TracedRedaction): string {
    const starts = [0, ...openMatchStarts(trace), text.length - this.window].sort((a, b) => a - b);
    let standIn = '';
    let covered = 0;
    for (const start of starts) {
      const from = Math.max(start, covered);
      covered = Math.min(text.length, Math.max(covered, start + this.window));
      if (from < covered) standIn += text.slice(from, covered);
    }
    return standIn;
  }

  /**
   * The latest safe cut at least a window before the end. Only once too much is held may it fall
   * between two word characters: the text after it may then be masked where `redactText` of the
   * whole would not (a `\b` that is not one), never the other way round.
   */
  private latestCut(text: string, trace: TracedRedaction, keepWords: boolean) {
    for (let position = text.length - this.window; position >= Math.max(1, this.standIn); position -= 1) {
      if (splitsPair(text, position) || (keepWords && joinsWords(text, position))) continue;
      const image = imageOf(trace, position);
      if (image !== undefined) return { position, image };
    }
    return undefined;
  }

  /**
   * Too much is held and one chain of matches covers it past the window: cut where that chain ends
   * if it ends before the text does (what comes next cannot change a match that has ended).
   */
  private firstCutInWindow(text: string, trace: TracedRedaction) {
    const from = Math.max(1, this.standIn, text.length - this.window + 1);
    for (let position = from; position < text.length; position += 1) {
      if (splitsPair(text, position)) continue;
      const image = imageOf(trace, position);
      if (image !== undefined) return { position, image };
    }
    return undefined;
  }
}

const wordCharacter = /[A-Za-z0-9_]/;

function joinsWords(text: string, position: number): boolean {
  return wordCharacter.test(text[position - 1]!) && wordCharacter.test(text[position]!);
}

function splitsPair(text: string, position: number): boolean {
  const before = text.charCodeAt(position - 1);
  return before >= 0xd800 && before <= 0xdbff;
}
