/**
 * The client side of the artifacts section: a generated upload body that never exists whole (one
 * 1 MiB chunk, pushed again and again), a streamed PUT and a streamed download that only counts
 * bytes, both over node:http so the client's own overhead stays small and predictable.
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const MIB = 1024 * 1024;
const CHUNK_BYTES = MIB;
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * One MiB of unified-diff text: what an engine uploads as a `diff` artifact. Plain code lines with
 * nothing that looks like a credential, so redaction (text uploads) scans but changes nothing and the
 * stored size equals the sent size.
 */
export function diffChunk(): Buffer {
  const lines: string[] = ['diff --git a/src/big.ts b/src/big.ts\n', '@@ -1,20000 +1,20000 @@\n'];
  let bytes = lines.join('').length;
  for (let i = 0; bytes < CHUNK_BYTES; i++) {
    const line = `${i % 2 ? '+' : '-'}  const total${i} = items.reduce((sum, item) => sum + item.price * ${i}, 0);\n`;
    lines.push(line);
    bytes += line.length;
  }
  const text = lines.join('');
  // Exactly one MiB, ending in a newline: chunks join into whole lines.
  return Buffer.from(`${text.slice(0, CHUNK_BYTES - 1)}\n`, 'utf8');
}

/** `bytes` of body made of `chunk` repeated: the client holds one chunk, never the artifact. */
export function generatedBody(bytes: number, chunk: Buffer): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) {
        this.push(null);
        return;
      }
      const n = Math.min(chunk.length, bytes - sent);
      sent += n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

export interface UploadedArtifact {
  id: string;
  sizeBytes: number;
  contentType: string;
}

/** PUT /api/v1/reviews/{id}/artifacts/diff with a streamed body of `bytes`; resolves on the 201. */
export async function uploadArtifact(
  baseUrl: string,
  token: string,
  reviewId: number,
  body: { bytes: number; chunk: Buffer; contentType: string; batchId: string },
): Promise<UploadedArtifact> {
  const url = new URL(`/api/v1/reviews/${reviewId}/artifacts/diff?batch_id=${body.batchId}`, baseUrl);
  const request = http.request(url, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': body.contentType,
      'content-length': String(body.bytes),
    },
    timeout: REQUEST_TIMEOUT_MS,
  });
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.once('error', reject);
    });
    request.once('error', reject);
    request.once('timeout', () => request.destroy(new Error(`PUT ${url.pathname} timed out`)));
  });
  // A server that answers early (an error) ends the request side; its answer is what to report.
  const sent = pipeline(generatedBody(body.bytes, body.chunk), request).catch((error: unknown) => error);
  const { status, text } = await response;
  await sent;
  if (status !== 201) throw new Error(`PUT ${url.pathname} → ${status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as UploadedArtifact;
}

/** The signed `url` of one artifact from GET /api/v1/reviews/{id}/artifacts (owner: present). */
export async function artifactUrl(baseUrl: string, token: string, reviewId: number, artifactId: string) {
  const response = await fetch(`${baseUrl}/api/v1/reviews/${reviewId}/artifacts?kind=diff`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET artifacts → ${response.status}: ${text.slice(0, 300)}`);
  const item = (JSON.parse(text) as { items: { id: string; url?: string }[] }).items.find((i) => i.id === artifactId);
  if (!item?.url) throw new Error(`artifact ${artifactId} is not listed with a url`);
  // Ours is a path on the API (fs store); a presigned S3 URL is absolute.
  return new URL(item.url, baseUrl).toString();
}

/** Downloads `url`, counting bytes and dropping them; resolves with the count on the last byte. */
export function downloadBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: REQUEST_TIMEOUT_MS }, (res) => {
      let bytes = 0;
      if (res.statusCode !== 200) {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (part: string) => (text += part));
        res.once('end', () =>
          reject(new Error(`GET ${new URL(url).pathname} → ${res.statusCode}: ${text.slice(0, 300)}`)),
        );
        return;
      }
      res.on('data', (part: Buffer) => (bytes += part.length));
      res.once('end', () => resolve(bytes));
      res.once('error', reject);
    });
    request.once('error', reject);
    request.once('timeout', () => request.destroy(new Error(`GET ${new URL(url).pathname} timed out`)));
  });
}
