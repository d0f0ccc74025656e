import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from './redactor.ts';

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
