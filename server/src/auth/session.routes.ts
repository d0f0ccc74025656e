import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { SessionRequestSchema, SignInLinkQuerySchema, type SignInLinkError } from '@reviewtrace/contracts';
import { badRequest, forbidden, notFound, unauthorized } from '../http/errors.ts';
import { rateLimitFor, type RateLimits } from '../http/rate-limits.ts';
import { SESSION_COOKIE } from './auth.hooks.ts';
import { InvalidTokenError, type JwtCodec } from './jwt.ts';

/**
 * Browser sessions: the same JWT, kept in the httpOnly `rt_session` cookie (EventSource cannot send
 * headers). `POST /auth/session` takes a pasted JWT (any install); `GET /auth/sign-in?token=` is the
 * one-click link printed at start-up and works only in demo mode. Both are limited per client
 * address, so tokens cannot be tried at speed.
 */
export const sessionRoutes =
  (jwt: JwtCodec, options: { demo: boolean; limits: RateLimits }): FastifyPluginAsync =>
  async (app) => {
    const config = rateLimitFor(options.limits, 'signIn');
    app.get('/auth/sign-in', { schema: { hide: true }, config }, async (request, reply) => {
      if (!options.demo) throw notFound('Sign-in links are available in demo mode only');
      // A person clicked this link: a bad one lands on the sign-in page, which says why, not on JSON.
      const parsed = SignInLinkQuerySchema.safeParse(request.query);
      if (!parsed.success) return redirectToSignIn(reply, 'missing');
      try {
        await setSession(jwt, parsed.data.token, request, reply);
      } catch (error) {
        if (error instanceof InvalidTokenError) return redirectToSignIn(reply, error.reason);
        throw error;
      }
      return reply.redirect('/reviews', 303);
    });

    app.post('/auth/session', { schema: { hide: true }, config }, async (request, reply) => {
      const origin = request.headers.origin;
      if (origin && !sameHost(origin, request.headers.host)) throw forbidden('Cross-origin sign-in refused');
      const parsed = SessionRequestSchema.safeParse(request.body);
      if (!parsed.success) throw badRequest('token is required', [{ field: 'body.token', message: 'required' }]);
      try {
        await setSession(jwt, parsed.data.token, request, reply);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw unauthorized(`Invalid credentials: ${error.message}`);
        throw error;
      }
      return reply.status(204).send();
    });

    app.post('/auth/sign-out', { schema: { hide: true } }, async (_request, reply) =>
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).send(),
    );
  };

function redirectToSignIn(reply: FastifyReply, reason: SignInLinkError) {
  return reply.redirect(`/sign-in?error=${reason}`, 303);
}

/** Throws InvalidTokenError for a token that does not verify. */
async function setSession(jwt: JwtCodec, token: string, request: FastifyRequest, reply: FastifyReply) {
  await jwt.verify(token);
  const exp = decodeJwt(token).exp!;
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    maxAge: Math.max(0, exp - Math.floor(Date.now() / 1000)),
  });
}

/** `Origin: null` (sandboxed pages) or garbage counts as another origin. */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
