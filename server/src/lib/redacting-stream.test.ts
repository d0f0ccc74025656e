import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../demo/random.ts';
import {
  chunkSizes,
  orgSecrets,
  plantedText,
  secretMakers,
  throughRedactingStream,
} from '../testing/secret-samples.ts';
import { MAX_HELD, MAX_SECRET_LENGTH } from './redacting-stream.ts';
import { redactText } from './redactor.ts';

const inChunksOf = (...sizes: number[]) => {
  let i = 0;
  return () => sizes[Math.min(i++, sizes.length - 1)]!;
};

describe('RedactingStream', () => {
  it('masks a key in minified JSON that the chunks split past the old 1 KiB hold-back', async () => {
    const key = `sk-proj-${'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'}`;
    const input = `{"a":"${'x'.repeat(3_000)}","key":"${key}","b":"${'y'.repeat(3_000)}"}`;
    // The first chunk ends 1,034 characters after the key starts: text without spaces or line
    // breaks used to be cut 1,024 characters before the end of what had arrived, inside the key.
    const firstChunk = input.indexOf(key) + 10 + 1_024;

    const stored = await throughRedactingStream(Buffer.from(input), inChunksOf(firstChunk, 4_096));

    expect(stored).not.toContain('sk-proj-');
    expect(stored).toBe(`{"a":"${'x'.repeat(3_000)}","key":"[redacted:openai-key]","b":"${'y'.repeat(3_000)}"}`);
  });

  it('stores what redactText(whole input) stores, wherever two chunks meet', async () => {
    const random = mulberry32(7);
    const org = orgSecrets(random);
    const secrets = secretMakers.map((make) => make(random, org)).filter(({ kind }) => kind !== 'private-key');
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk\nAwEHoUQDQgAE\n-----END EC PRIVATE KEY-----';
    secrets.push({ kind: 'private-key', text: key, body: 'MHcCAQEEIBkg4LVWM9nuwNSk' });
    // A window's worth of text on either side, so the first chunk's cut can land anywhere among them.
    const filler = 'q'.repeat(MAX_SECRET_LENGTH + 100);
    const members = secrets.map((secret, n) => `"s${n}":"${secret.text}",`).join('');
    const input = `{"lead":"${filler}",${members}"tail":"${filler}"}`;
    const bytes = Buffer.from(input);
    const expected = redactText(input, org);
    for (const secret of secrets) expect(expected).not.toContain(secret.body);

    for (let split = 1; split < bytes.length; split += 1) {
      const stored = await throughRedactingStream(bytes, inChunksOf(split, bytes.length), org);
      if (stored !== expected) expect({ split, stored }).toEqual({ split, stored: expected });
    }
  });

  /**
   * For every case: the bytes stored equal `redactText(input, orgSecrets)` exactly (so text
   * without secrets passes unchanged and split multi-byte characters survive), and no planted
   * secret's distinctive body (the random part after its prefix, a key's first line, the URL
   * password, the org secret itself) appears in them.
   */
  it('stores exactly redactText(whole input) for random texts, secrets and chunk sizes', async () => {
    const random = mulberry32(20_240_611);
    for (let run = 0; run < 1_500; run += 1) {
      const org = orgSecrets(random);
      const { text, planted } = plantedText(random, org, 1 + Math.floor(random() * 3));
      const expected = redactText(text, org);

      const stored = await throughRedactingStream(Buffer.from(text), chunkSizes(random), org);

      if (stored !== expected) expect({ run, stored }).toEqual({ run, stored: expected });
      for (const secret of planted) {
        expect(expected, `run ${run}: ${secret.kind}`).not.toContain(secret.body);
        expect(stored, `run ${run}: ${secret.kind}`).not.toContain(secret.body);
      }
    }
  });

  it('passes text without secrets through unchanged, one byte at a time', async () => {
    const input = `{"emoji":"🔑👍🏽𝄞","text":"naïve café 日本語"}\n`.repeat(200);

    expect(await throughRedactingStream(Buffer.from(input), () => 1)).toBe(input);
  });

  it('finds the END line of a long private key when masking began with half of it held', async () => {
    const begin = '-----BEGIN RSA PRIVATE KEY-----\n';
    const line = 'TUlJRW93SUJBQUtDQVFFQXpPbGxsb3JlbQ==\n';
    const body = line.repeat(Math.ceil((MAX_HELD + MAX_SECRET_LENGTH) / line.length));
    const input = `${begin}${body}-----END RSA PRIVATE KEY-----\nafter`;
    // The first chunk is too long to hold and stops inside the END line.
    const firstChunk = begin.length + body.length + '-----END RSA PRIV'.length;

    const stored = await throughRedactingStream(Buffer.from(input), inChunksOf(firstChunk, 100));

    expect(stored).toBe('[redacted:private-key]\nafter');
  });

  describe('a match longer than it holds back', () => {
    const random = mulberry32(99);
    const long = 40 * MAX_SECRET_LENGTH;
    const tokenBody = 'Ab0_-'.repeat(long / 5);
    const keyLines = 'TUlJRW93SUJBQUtDQVFFQXpPbGxsb3JlbQ==\n'.repeat(long / 36);
    const wordRun = 'a1B2c3'.repeat(long / 6);
    it.each([
      ['an OpenAI key', `{"x":1,"key":"sk-proj-${tokenBody}","y":2}`, []],
      ['a GitHub token', `token ghp_${tokenBody.replaceAll(/[_-]/g, 'Z')} done`, []],
      ['an Authorization value', `Authorization: Bearer ${tokenBody}.x/y; next`, []],
      ['a bearer value', `"auth":"bearer ${tokenBody}","next":"sk-not-a-key"`, []],
      ['a private key', `before\n-----BEGIN RSA PRIVATE KEY-----\n${keyLines}-----END RSA PRIVATE KEY-----\nafter`, []],
      ['an unterminated private key', `before -----BEGIN OPENSSH PRIVATE KEY-----\n${keyLines}`, []],
      [
        'a private key glued to a long token',
        `"sk-proj-${tokenBody}-----BEGIN RSA PRIVATE KEY-----\n${keyLines}-----END RSA PRIVATE KEY-----\nafter`,
        [],
      ],
      [
        'a private key begun inside a long header value',
        `Authorization: ${tokenBody}-----BEGIN RSA PRIVATE KEY-----${tokenBody} and\n${keyLines}`,
        [],
      ],
      ['an org secret inside one long word', `${wordRun}tenant9secret${wordRun}`, ['tenant9secret']],
      ['one long word without secrets', `"${wordRun}"`, []],
    ])('masks %s to its end', async (_kind, input, org) => {
      const expected = redactText(input, org);

      const stored = await throughRedactingStream(Buffer.from(input), chunkSizes(random), org);

      expect(stored).toBe(expected);
      expect(stored).not.toContain('Ab0_-Ab0_-');
      expect(stored).not.toContain('TUlJRW93');
      expect(stored).not.toContain('tenant9secret');
    });
  });
});
