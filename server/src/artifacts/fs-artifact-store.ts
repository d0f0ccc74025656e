import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArtifactContentGone, artifactKeyPattern, type ArtifactStore, type StoredObject } from './artifact-store.ts';

const TEMP_SUFFIX = '.partial';

/** Artifacts as files under DATA_DIR/artifacts; written to a temp name, then renamed (no torn reads). */
export class FsArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys are ours, but check anyway: nothing outside the root can ever be addressed.
    if (!artifactKeyPattern.test(key)) throw new Error(`Refusing artifact key ${JSON.stringify(key)}`);
    return path.join(this.root, key);
  }

  async put(key: string, body: Readable | string, _contentType: string): Promise<{ sizeBytes: number }> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = file + TEMP_SUFFIX;
    let sizeBytes = 0;
    const source = typeof body === 'string' ? Readable.from([Buffer.from(body, 'utf8')]) : body;
    source.on('data', (chunk: Buffer | string) => (sizeBytes += Buffer.byteLength(chunk)));
    try {
      await pipeline(source, createWriteStream(temp));
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { sizeBytes };
  }

  /** Opens the file before answering, so a missing one is a clear error, not a failing stream mid-reply. */
  async get(key: string): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtifactContentGone(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    await rm(file + TEMP_SUFFIX, { force: true });
  }

  /** Walks `<reviewId>/<uuid>[.partial]`; a temporary is listed under its key (delete removes both). */
  async *list(): AsyncIterable<StoredObject> {
    const reviews = await readdir(this.root, { withFileTypes: true }).catch(ifMissing([]));
    for (const review of reviews) {
      if (!review.isDirectory()) continue;
      const names = await readdir(path.join(this.root, review.name)).catch(ifMissing([]));
      for (const name of names) {
        const key = `${review.name}/${name.endsWith(TEMP_SUFFIX) ? name.slice(0, -TEMP_SUFFIX.length) : name}`;
        if (!artifactKeyPattern.test(key)) continue;
        // A file may go between readdir and stat (an upload's rename, another sweep): skip it.
        const info = await stat(path.join(this.root, review.name, name)).catch(ifMissing(undefined));
        if (info?.isFile()) yield { key, modifiedAt: info.mtime };
      }
    }
  }
}

function ifMissing<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  };
}
