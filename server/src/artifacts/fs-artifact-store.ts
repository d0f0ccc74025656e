import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactStore } from './artifact-store.ts';

const safeKey = /^[0-9]+\/[0-9a-f-]{36}$/;

/** Artifacts as files under DATA_DIR/artifacts; written to a temp name, then renamed (no torn reads). */
export class FsArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys are ours, but check anyway: nothing outside the root can ever be addressed.
    if (!safeKey.test(key)) throw new Error(`Refusing artifact key ${JSON.stringify(key)}`);
    return path.join(this.root, key);
  }

  async put(key: string, body: Readable | string, _contentType: string): Promise<{ sizeBytes: number }> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.partial`;
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

  async get(key: string): Promise<Readable> {
    return createReadStream(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
