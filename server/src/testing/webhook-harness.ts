import type { AddressInfo } from 'node:net';
import type { GitWebhookSecret } from '@reviewtrace/contracts';
import { makeConnector, makeGitToken, makeOrgWithUsers, type OrgWithUsers } from './factories.ts';
import { request, startTestApp, type TestContext } from './test-app.ts';

export interface WebhookHarness extends TestContext {
  /** Where the app listens (real HTTP: signatures are over the bytes on the wire). */
  baseUrl: string;
  cast: OrgWithUsers;
  connectorId: number;
  tokenIds: { github: number; gitlab: number };
  /** A webhook of the cast's org made through the API, with its secret as create returned it. */
  makeWebhook(provider: 'github' | 'gitlab', settings?: Record<string, unknown>): Promise<GitWebhookSecret>;
  reviewCount(): Promise<number>;
}

/** One listening app, an org with a GitHub and a GitLab token and a connector. */
export async function startWebhookHarness(): Promise<WebhookHarness> {
  const ctx = await startTestApp();
  const db = ctx.database.db;
  const cast = await makeOrgWithUsers(db);
  const connectorId = await makeConnector(db, cast.orgId);
  const tokenIds = {
    github: await makeGitToken(db, cast.orgId, { provider: 'github' }),
    gitlab: await makeGitToken(db, cast.orgId, { provider: 'gitlab' }),
  };
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as AddressInfo;
  return {
    ...ctx,
    baseUrl: `http://127.0.0.1:${port}`,
    cast,
    connectorId,
    tokenIds,
    async makeWebhook(provider, settings = {}) {
      const created = await request(ctx.app, cast.owner.token, {
        method: 'POST',
        url: '/api/v1/git-webhooks',
        payload: { provider, integrationTokenId: tokenIds[provider], connectorId, ...settings },
      });
      if (created.statusCode !== 201) throw new Error(`webhook not created: ${created.body}`);
      return created.json() as GitWebhookSecret;
    },
    async reviewCount() {
      const rows = await db.selectFrom('reviews').select('id').where('org_id', '=', cast.orgId).execute();
      return rows.length;
    },
  };
}
