/** Where the status line goes: stderr, so `reviewtrace watch 12 > review.log` keeps the log pure. */
export interface StatusStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A terminal gets one status line at the bottom, rewritten in place (carriage return, erase line)
 * and cleared before each log line so the log scrolls above it. Anything else (a CI log, a pipe)
 * gets a plain line each time the status or batch changes, and never a control character.
 */
export class StatusLine {
  private shown = '';
  private lastPlain = '';

  constructor(private readonly stream: StatusStream) {}

  get live(): boolean {
    return this.stream.isTTY === true;
  }

  /** `text` for a terminal (with elapsed time); `plainText` for the rest (changes only). */
  update(text: string, plainText: string): void {
    if (this.live) {
      this.shown = text;
      this.stream.write(`\r\x1b[2K${text}`);
    } else if (plainText !== this.lastPlain) {
      this.lastPlain = plainText;
      this.stream.write(`${plainText}\n`);
    }
  }

  /** Before a log line goes to the same terminal: take the status line away; `restore()` puts it back. */
  clear(): void {
    if (this.live && this.shown) this.stream.write('\r\x1b[2K');
  }

  restore(): void {
    if (this.live && this.shown) this.stream.write(this.shown);
  }

  /** Takes the status line away for good: the summary line that follows says the same, finished. */
  finish(): void {
    this.clear();
    this.shown = '';
  }
}
