import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../demo/random.ts';
import { orgSecrets, plantedText } from '../testing/secret-samples.ts';
import { imageOf, openMatchStarts } from './redaction-trace.ts';
import { redactDeep, redactText, redactTraced } from './redactor.ts';

describe('redactor', () => {
  it.each([
    ['OpenAI key', 'using sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12 for batch-1', 'sk-proj-AbCdEf'],
    ['GitHub token', 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789 rejected', 'ghp_abcdef'],
    ['GitLab token', 'PRIVATE-TOKEN: glpat-abcdefghij1234567890', 'glpat-abcdef'],
    ['Google key', 'key=AIzaSyA1234567890abcdefghijklmnopqrstuv', 'AIzaSyA123'],
    ['bearer header', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'eyJhbGci'],
    ['connection string', 'postgres://app:s3cr3t-pass@db.internal:5432/app', 's3cr3t-pass'],
    ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 'MIIEow'],
    ['AWS key', 'AKIAABCDEFGHIJKLMNOP in env', 'AKIAABCDEFGHIJKLMNOP'],
  ])('masks a %s', (_kind, text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted');
  });

  it('leaves ordinary lines alone and masks an org’s own stored secrets', () => {
    expect(redactText('Batch batch-2 running, 3 files')).toBe('Batch batch-2 running, 3 files');
    expect(redactText('calling with tenant-key-778899', ['tenant-key-778899'])).toBe('calling with [redacted]');
  });

  it('walks JSON payloads', () => {
    expect(redactDeep({ a: ['x', { b: 'Bearer abcdefghijklmnop' }], n: 3 })).toEqual({
      a: ['x', { b: 'Bearer [redacted]' }],
      n: 3,
    });
  });
});

describe('redactTraced', () => {
  it('redacts exactly as redactText does', () => {
    const random = mulberry32(3);
    for (let run = 0; run < 300; run += 1) {
      const org = orgSecrets(random);
      const { text } = plantedText(random, org, 3);
      expect(redactTraced(`${text}\u0000`, org).text).toBe(redactText(`${text}\u0000`, org));
    }
  });

  it('maps positions outside replacements through every pass and refuses those inside one', () => {
    const key = 'sk-proj-AbCdEfGhIjKlMnOpQrStUv';
    const text = `Authorization: Bearer ${key} and tenant-key-778899, then ${key}`;
    const trace = redactTraced(text, ['tenant-key-778899']);
    expect(trace.text).toBe('Authorization: [redacted] and [redacted], then [redacted:openai-key]');

    expect(imageOf(trace, 0)).toBe(0);
    expect(imageOf(trace, 1)).toBeUndefined(); // inside the header match
    expect(imageOf(trace, text.indexOf(' and'))).toBe(trace.text.indexOf(' and'));
    expect(imageOf(trace, text.indexOf('key-778899'))).toBeUndefined();
    expect(imageOf(trace, text.indexOf(', then'))).toBe(trace.text.indexOf(', then'));
    expect(imageOf(trace, text.lastIndexOf(key) + 3)).toBeUndefined();
    expect(imageOf(trace, text.length)).toBe(trace.text.length);
    expect(openMatchStarts(trace)).toEqual([text.lastIndexOf(key)]);
  });

  it('finds where the matches that run to the end begin, a key inside a header value included', () => {
    const text = 'ok tenant-key-778899 Authorization: Bearer sk-proj-AbCdEfGhIjKlMnOpQrStUv';
    const trace = redactTraced(text, ['tenant-key-778899']);

    expect(trace.text).toBe('ok [redacted] Authorization: [redacted]');
    expect(openMatchStarts(trace).sort((a, b) => a - b)).toEqual([text.indexOf('Auth'), text.indexOf('sk-')]);
  });
});

describe('RedactingStream', () => {
  it('masks a secret that arrives split across two chunks', async () => {
    const { RedactingStream } = await import('./redacting-stream.ts');
    const { Readable } = await import('node:stream');
    const filler = 'x'.repeat(3_000);
    const secret = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const chunks = [`${filler} token ${secret.slice(0, 10)}`, `${secret.slice(10)} rest\n${filler}`];
    let out = '';
    for await (const part of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(new RedactingStream()))
      out += String(part);
    expect(out).not.toContain('ghp_abcdef');
    expect(out).not.toContain('klmnopqrstuvwxyz');
    expect(out).toContain('[redacted:github-token] rest');
    expect(out.length).toBeGreaterThan(6_000);
  });

  it('never splits a multi-byte character across chunks', async () => {
    const { RedactingStream } = await import('./redacting-stream.ts');
    const { Readable } = await import('node:stream');
    const bytes = Buffer.from('é'.repeat(2_000));
    const parts = [bytes.subarray(0, 1_001), bytes.subarray(1_001)];
    let out = '';
    for await (const part of Readable.from(parts).pipe(new RedactingStream())) out += String(part);
    expect(out).toBe('é'.repeat(2_000));
  });
});
