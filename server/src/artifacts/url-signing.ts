import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const DEFAULT_URL_TTL_SECONDS = 300;

/**
 * Short-lived download links: HMAC-SHA256 over (artifact id, org id, expiry), with a key of its own
 * derived from the server secret. The org is part of what is signed, so a link can never be
 * replayed against another org's artifact; the comparison is constant-time.
 */
export class UrlSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'reviewtrace', 'artifact-download-urls-v1', 32));
  }

  sign(artifactId: string, orgId: number, ttlSeconds = DEFAULT_URL_TTL_SECONDS): { exp: number; sig: string } {
    const exp = Math.floor(this.now() / 1000) + ttlSeconds;
    return { exp, sig: this.mac(artifactId, orgId, exp) };
  }

  /** 'ok', or why the link is refused. */
  verify(artifactId: string, orgId: number, exp: number, sig: string): 'ok' | 'expired' | 'invalid' {
    const expected = Buffer.from(this.mac(artifactId, orgId, exp));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return exp * 1000 < this.now() ? 'expired' : 'ok';
  }

  private mac(artifactId: string, orgId: number, exp: number): string {
    return createHmac('sha256', this.key).update(`${artifactId}\n${orgId}\n${exp}`).digest('base64url');
  }
}
