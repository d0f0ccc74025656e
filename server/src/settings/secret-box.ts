import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/**
 * Encrypts connector keys and git tokens at rest with AES-256-GCM under a key derived from
 * SECRETS_KEY. Stored as `enc:v1:<iv>:<tag>:<ciphertext>` (base64url). A value without the prefix
 * was inserted by an operator's SQL in plain text and is read as-is.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secretsKey: string) {
    this.key = Buffer.from(hkdfSync('sha256', secretsKey, 'reviewtrace', 'secrets-at-rest-v1', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [iv, tag, body] = stored.slice(PREFIX.length).split(':');
    if (!iv || !tag || body === undefined) throw new Error('A stored secret is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** What responses show: the last four characters, never more, and nothing for short secrets. */
  mask(stored: string | null): string | null {
    if (stored === null) return null;
    let plain: string;
    try {
      plain = this.open(stored);
    } catch {
      return '••••';
    }
    return plain.length >= 12 ? `••••${plain.slice(-4)}` : '••••';
  }
}
