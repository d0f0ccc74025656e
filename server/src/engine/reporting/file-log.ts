import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

/**
 * The per-review text log the host product writes (`DATA_DIR/logs/review-<id>.log`), one line per
 * event in the same format as the log download. Appends go through a stream: the engine never
 * waits on the disk per line.
 */
export class FileLog {
  private stream: WriteStream | undefined;

  constructor(
    private readonly dir: string,
    private readonly reviewId: number,
  ) {}

  get path(): string {
    return path.join(this.dir, `review-${this.reviewId}.log`);
  }

  append(line: string): void {
    if (!this.stream) {
      mkdirSync(this.dir, { recursive: true });
      this.stream = createWriteStream(this.path, { flags: 'a' });
      // A full disk must not crash the engine; the database copy of the events is the record.
      this.stream.on('error', () => undefined);
    }
    this.stream.write(`${line}\n`);
  }

  close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => stream.end(resolve));
  }
}
