import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { quotaExceeded } from './artifact-quota.ts';
import { classifyUpload, formatBytes, peekHead, SNIFF_BYTES } from './upload-body.ts';

describe('upload bodies', () => {
  it('calls an upload binary when its type is not text, or a NUL is in its first 8 KiB', () => {
    const text = Buffer.from('diff --git a/x b/x\n');
    expect(classifyUpload('text/x-diff', text)).toEqual({ binary: false, storedType: 'text/x-diff' });
    expect(classifyUpload('application/json', text)).toEqual({ binary: false, storedType: 'application/json' });
    expect(classifyUpload('text/plain', Buffer.from([0x61, 0x00]))).toEqual({
      binary: true,
      storedType: 'application/octet-stream',
    });
    expect(classifyUpload('image/png', text)).toEqual({ binary: true, storedType: 'image/png' });
  });

  it('peeks at the first 8 KiB and replays the whole stream unchanged', async () => {
    const chunks = [Buffer.alloc(5000, 1), Buffer.alloc(5000, 2), Buffer.alloc(10, 3)];
    const { head, body } = await peekHead(Readable.from(chunks), SNIFF_BYTES);
    expect(head).toHaveLength(SNIFF_BYTES);
    const replayed: Buffer[] = [];
    for await (const chunk of body) replayed.push(chunk);
    expect(Buffer.concat(replayed).equals(Buffer.concat(chunks))).toBe(true);

    const short = await peekHead(Readable.from([Buffer.from('tiny')]), SNIFF_BYTES);
    expect(short.head.toString()).toBe('tiny');
  });

  it('writes sizes as people read them, in the quota message too', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5368709120)).toBe('5.0 GiB');
    expect(quotaExceeded(5368709120, 5368709120).message).toBe(
      'Artifact storage quota exceeded: 5.0 GiB used of 5.0 GiB for this org',
    );
  });
});
