import { PassThrough, pipeline, Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ArtifactContentGone, artifactKeyPattern, type ArtifactStore, type StoredObject } from './artifact-store.ts';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (MinIO, s3rver, most self-hosted stores); AWS itself uses virtual hosts. */
  forcePathStyle: boolean;
  /** Keys are prefixed, so one bucket can hold several installs. */
  prefix?: string;
}

/**
 * Artifacts in an S3-compatible bucket. Uploads stream through multipart upload (a 200 MB
 * artifact never sits in memory: parts of 8 MB, 2 in flight), downloads stream the object body,
 * and full views use presigned GET URLs with the same short TTL as our own signed links.
 */
export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
    });
    this.prefix = settings.prefix ?? 'artifacts/';
  }

  async put(key: string, body: Readable | string, contentType: string): Promise<{ sizeBytes: number }> {
    let sizeBytes = 0;
    const counted = new PassThrough();
    counted.on('data', (chunk: Buffer) => (sizeBytes += chunk.length));
    // pipeline, not pipe: a body that fails (client gone, too large) fails the upload, which then
    // aborts its multipart parts instead of waiting forever for the rest.
    pipeline(typeof body === 'string' ? Readable.from([Buffer.from(body, 'utf8')]) : body, counted, () => {});
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: this.prefix + key, Body: counted, ContentType: contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
    });
    await upload.done();
    return { sizeBytes };
  }

  async get(key: string): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.prefix + key }),
      );
      return object.Body as Readable;
    } catch (error) {
      const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (name === 'NoSuchKey' || $metadata?.httpStatusCode === 404) throw new ArtifactContentGone(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.prefix + key }));
  }

  /** Completed objects under our prefix (unfinished multipart uploads are the bucket's lifecycle rules' job). */
  async *list(): AsyncIterable<StoredObject> {
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.settings.bucket,
          Prefix: this.prefix,
          ContinuationToken: continuationToken,
        }),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.prefix.length) ?? '';
        if (artifactKeyPattern.test(key) && object.LastModified) yield { key, modifiedAt: object.LastModified };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  presignedUrl(key: string, ttlSeconds: number, downloadName: string): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.settings.bucket,
      Key: this.prefix + key,
      ResponseContentDisposition: `attachment; filename="${downloadName}"`,
    });
    return getSignedUrl(this.client, command, { expiresIn: ttlSeconds });
  }

  close(): void {
    this.client.destroy();
  }
}
