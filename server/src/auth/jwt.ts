import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';

export interface SessionClaims {
  userId: number;
  currentOrgId: number | undefined;
  /** When the token stops being accepted (its `exp`), in ms since the epoch. */
  expiresAt: number;
}

export class InvalidTokenError extends Error {
  constructor(
    message: string,
    /** `expired` alone is worth telling apart: the cure is a new token, not a corrected one. */
    readonly reason: 'expired' | 'invalid' = 'invalid',
  ) {
    super(message);
  }
}

/** HS256 JWTs exactly as the host product issues them: `sub` user id, `exp` required, optional `current_org_id`. */
export class JwtCodec {
  private readonly key: Uint8Array;

  /** `now` (ms since the epoch) decides expiry: the app passes its injected clock, so tests move time. */
  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(this.now()),
      });
      const userId = toPositiveInt(payload.sub);
      if (userId === undefined) throw new InvalidTokenError('the token subject is not a user id');
      const org = payload['current_org_id'];
      return {
        userId,
        currentOrgId: org === undefined || org === null ? undefined : toPositiveInt(org),
        // jose has checked `exp` is a number of seconds.
        expiresAt: payload.exp! * 1000,
      };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('the token has expired', 'expired');
      throw new InvalidTokenError('the token is not valid');
    }
  }

  async sign(userId: number, options: { expiresIn: string; currentOrgId?: number }): Promise<string> {
    const claims = options.currentOrgId === undefined ? {} : { current_org_id: options.currentOrgId };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(userId))
      .setIssuedAt()
      .setExpirationTime(options.expiresIn)
      .sign(this.key);
  }
}

export function toPositiveInt(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
