import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from './auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';
import type { MeService } from './me.service.ts';

const MeSchema = z.object({
  userId: z.number().int(),
  email: z.string(),
  orgId: z.number().int(),
  role: z.enum(['super_admin', 'owner', 'member']),
  orgIds: z.array(z.number().int()),
  /** Orgs the user may switch to, with names: their memberships, or every org for a super_admin. */
  orgs: z.array(z.object({ id: z.number().int(), name: z.string() })),
  permissions: z.object({
    ingest: z.boolean(),
    viewFullArtifacts: z.boolean(),
    manageSettings: z.boolean(),
    readAllOrgs: z.boolean(),
  }),
});

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
