import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MeSchema } from '@reviewtrace/contracts';
import { authOf } from './auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { MeService } from './me.service.ts';

/** Who the caller is in the org they act in: the web app hides what the role cannot do. */
export const meRoutes =
  (me: MeService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user, the org they act in, and their role',
          response: { 200: MeSchema, ...errorResponses },
        },
      },
      (request) => me.me(authOf(request)),
    );
  };
