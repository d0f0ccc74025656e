import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden } from '../http/errors.ts';
import type { AuthContext, AuthService, Credentials } from './auth.service.ts';

export const SESSION_COOKIE = 'rt_session';
/** The org picked in the web app's switcher; only read for cookie sessions (see Credentials). */
export const ORG_COOKIE = 'rt_org';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every request of the scope it is registered in, in `onRequest` so a caller without
 * credentials learns "401" before anything about their parameters. The browser's httpOnly cookie is
 * accepted too; a state-changing request authenticated by cookie must come from our own origin (CSRF).
 */
export function registerAuthentication(app: FastifyInstance, auth: AuthService, publicUrl: string | undefined) {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const credentials = credentialsOf(request);
    request.auth = await auth.authenticate(credentials);
    if (credentials.via === 'cookie' && !safeMethods.has(request.method) && !isSameOrigin(request, publicUrl)) {
      throw forbidden('Cross-origin request refused: a cookie-authenticated write must come from this site');
    }
    request.log = request.log.child({ userId: request.auth.userId, orgId: request.auth.orgId });
  });
}

/**
 * What a request authenticates with. Long-lived streams pass it to `authenticate` again while they
 * are open, so a re-check applies exactly the rules a new request would.
 */
export function credentialsOf(request: FastifyRequest): Credentials {
  const bearer = bearerToken(request);
  const via = bearer !== undefined ? 'bearer' : 'cookie';
  const orgHeader = request.headers['x-org-context'];
  return {
    token: bearer ?? request.cookies[SESSION_COOKIE],
    via,
    orgHeader: Array.isArray(orgHeader) ? orgHeader[0] : orgHeader,
    orgPreference: via === 'cookie' ? request.cookies[ORG_COOKIE] : undefined,
  };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : '';
}

export function isSameOrigin(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  if (publicUrl && origin === new URL(publicUrl).origin) return true;
  try {
    // Full origin comparison (scheme, host, port) after URL normalisation of default ports.
    return new URL(origin).origin === new URL(`${request.protocol}://${request.headers.host}`).origin;
  } catch {
    return false;
  }
}

/** For handlers in an authenticated scope: the hook guarantees it is set. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('authOf() used on a route outside the authenticated scope');
  return request.auth;
}
