import type {} from '@fastify/websocket'; // its types add `wsHandler` and `request.ws`
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { authOf, credentialsOf, isSameOrigin } from '../auth/auth.hooks.ts';
import { forbidden, HttpError } from '../http/errors.ts';
import { rateLimitFor } from '../http/rate-limits.ts';
import { LiveSocket, type LiveSocketDeps } from './ws-connection.ts';

type Slot = { signal: AbortSignal; release(): void };

const wsDescription =
  'WebSocket upgrade (see docs/live-websocket.md). One socket follows many topics: send ' +
  '`{"op":"subscribe","topic":"review:123","after":100}` or `{"op":"subscribe","topic":"reviews"}`, and ' +
  '`{"op":"unsubscribe","topic":…}`. Authorization happens before the upgrade: 401/403/429 with the error ' +
  'envelope. A cookie session needs a same-origin `Origin`. A plain GET (no upgrade) answers 426.';

/**
 * GET /ws: the WebSocket live transport beside SSE. Everything that can refuse the caller runs
 * before the upgrade completes, as hooks of this route (authentication in the scope's `onRequest`,
 * the rate limit in `preParsing`, Origin and the connection cap here in `preHandler`): a refusal is
 * an HTTP answer with the error envelope, never a socket that opens and then closes.
 */
export const wsRoutes =
  (deps: LiveSocketDeps & { publicUrl: string | undefined }): FastifyPluginAsyncZod =>
  async (app) => {
    const slots = new WeakMap<FastifyRequest, Slot>();
    app.route({
      method: 'GET',
      url: '/ws',
      config: rateLimitFor(deps.limits, 'streams'),
      schema: { tags: ['events'], summary: 'Live events over one WebSocket (many topics)', description: wsDescription },
      preHandler: async (request) => {
        const auth = authOf(request);
        // Browsers send cookies with cross-site WebSocket handshakes: only our own pages may use them.
        if (auth.via === 'cookie' && !isSameOrigin(request, deps.publicUrl)) {
          throw forbidden('Cross-origin WebSocket refused: a cookie-authenticated socket must come from this site');
        }
        if (!request.ws) return;
        const slot = deps.hub.acquire(auth); // 429 when the caller or their org has the most open
        slots.set(request, slot);
        // Released whenever the TCP connection goes, upgraded or not.
        request.raw.socket.once('close', () => slot.release());
      },
      handler: async () => {
        throw new HttpError(426, 'bad_request', 'Connect with a WebSocket upgrade', undefined, {
          upgrade: 'websocket',
        });
      },
      wsHandler: async (socket, request) => {
        const slot = slots.get(request)!;
        const live = new LiveSocket(
          deps,
          socket,
          request.raw.socket,
          credentialsOf(request),
          authOf(request),
          request.log,
        );
        await live.run(slot.signal);
      },
    });
  };
