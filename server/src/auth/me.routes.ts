import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MeSchema } from '@reviewtrace/contracts';
import { authOf } from './auth.hooks.ts';
import { can } from './auth.service.ts';
import { errorResponses } from '../http/openapi.ts';
import type { Db } from '../db/database.ts';
import type { AuthContext } from './auth.service.ts';

/** Capped: a super_admin of a large install picks rarely-used orgs through the list's org filter. */
const SWITCHER_LIMIT = 200;

async function switchableOrgs(db: Db, auth: AuthContext): Promise<{ id: number; name: string }[]> {
  let query = db.selectFrom('orgs').select(['id', 'name']).orderBy('name').limit(SWITCHER_LIMIT);
  if (!auth.isSuperAdmin) query = query.where('id', 'in', auth.orgIds.length ? auth.orgIds : [-1]);
  const rows = await query.execute();
  const orgs = rows.map((row) => ({ id: Number(row.id), name: row.name ?? `Org ${row.id}` }));
  if (!orgs.some((org) => org.id === auth.orgId)) orgs.unshift({ id: auth.orgId, name: `Org ${auth.orgId}` });
  return orgs;
}

/** Who the caller is in the org they act in: the web app hides what the role cannot do. */
export const meRoutes =
  (db: Db): FastifyPluginAsyncZod =>
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
      async (request) => {
        const auth = authOf(request);
        return {
          userId: auth.userId,
          email: auth.email,
          orgId: auth.orgId,
          role: auth.role,
          orgIds: auth.orgIds,
          orgs: await switchableOrgs(db, auth),
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
