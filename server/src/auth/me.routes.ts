import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from './auth.hooks.ts';
import { can } from './auth.service.ts';
import { errorResponses } from '../http/openapi.ts';

const MeSchema = z.object({
  userId: z.number().int(),
  email: z.string(),
  orgId: z.number().int(),
  role: z.enum(['super_admin', 'owner', 'member']),
  orgIds: z.array(z.number().int()),
  permissions: z.object({
    ingest: z.boolean(),
    viewFullArtifacts: z.boolean(),
    manageSettings: z.boolean(),
    readAllOrgs: z.boolean(),
  }),
});

/** Who the caller is in the org they act in: the web app hides what the role cannot do. */
export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, the org they act in, and their role',
        response: { 200: MeSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return {
        userId: auth.userId,
        email: auth.email,
        orgId: auth.orgId,
        role: auth.role,
        orgIds: auth.orgIds,
        permissions: {
          ingest: can(auth, 'events:ingest'),
          viewFullArtifacts: can(auth, 'artifacts:view_full'),
          manageSettings: can(auth, 'settings:manage'),
          readAllOrgs: can(auth, 'orgs:read_all'),
        },
      };
    },
  );
};
