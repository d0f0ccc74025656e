import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhook, GitWebhookSecret } from '@reviewtrace/contracts';
import { makeConnector, makeGitToken, makeOrgWithUsers, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`git webhooks: owner settings on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let githubToken: number;
  let gitlabToken: number;
  let connector: number;
  let strangersToken: number;
  let strangersConnector: number;

  beforeAll(async () => {
    ctx = await startTestApp();
    const db = ctx.database.db;
    ({ owner, member, stranger } = await makeOrgWithUsers(db));
    githubToken = await makeGitToken(db, owner.orgId);
    gitlabToken = await makeGitToken(db, owner.orgId, { provider: 'gitlab' });
    connector = await makeConnector(db, owner.orgId);
    strangersToken = await makeGitToken(db, stranger.orgId);
    strangersConnector = await makeConnector(db, stranger.orgId);
  });
  afterAll(() => ctx.close());

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    request(ctx.app, user.token, { method, url: `/api/v1${url}`, payload });
  const create = (body: object = {}) =>
    call(owner, 'POST', '/git-webhooks', {
      provider: 'github',
      integrationTokenId: githubToken,
      connectorId: connector,
      ...body,
    });

  it('creates a webhook: its receiver URL and a secret shown once, sealed at rest', async () => {
    const created = await create({ repositories: ['acme/app'], pathFilters: ['!**/*.md'] });
    expect(created.statusCode).toBe(201);
    const { id, url, secret } = created.json() as GitWebhookSecret;
    expect(url).toBe(`/api/v1/hooks/github/${id}`);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const row = await ctx.database.db
      .selectFrom('git_webhooks')
      .select('secret')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^enc:v1:/);
    expect(row.secret).not.toContain(secret.slice(-8));

    const read = await call(owner, 'GET', `/git-webhooks/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id,
      orgId: owner.orgId,
      provider: 'github',
      url,
      integrationTokenId: githubToken,
      connectorId: connector,
      repositories: ['acme/app'],
      skipDrafts: true,
      pathFilters: ['!**/*.md'],
      enabled: true,
      secret: `••••${secret.slice(-4)}`,
    });
    const listed = (await call(owner, 'GET', '/git-webhooks')).json() as { items: GitWebhook[] };
    expect(listed.items.map((hook) => hook.id)).toContain(id);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('changes settings with PATCH and replaces the secret on rotate', async () => {
    const { id, secret } = (await create()).json() as GitWebhookSecret;
    const patched = await call(owner, 'PATCH', `/git-webhooks/${id}`, {
      enabled: false,
      skipDrafts: false,
      repositories: ['acme/app', 'acme/lib'],
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, skipDrafts: false, repositories: ['acme/app', 'acme/lib'] });

    const rotated = await call(owner, 'POST', `/git-webhooks/${id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json() as GitWebhookSecret;
    expect(next).toMatchObject({ id, url: `/api/v1/hooks/github/${id}` });
    expect(next.secret).not.toBe(secret);
    expect((await call(owner, 'GET', `/git-webhooks/${id}`)).json()).toMatchObject({
      secret: `••••${next.secret.slice(-4)}`,
    });
  });

  it('deletes a webhook', async () => {
    const { id } = (await create()).json() as GitWebhookSecret;
    expect((await call(owner, 'DELETE', `/git-webhooks/${id}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/git-webhooks/${id}`)).statusCode).toBe(404);
  });

  it("refuses another org's token or connector, a token of the other provider, and bad fields, with field errors", async () => {
    const foreign = await create({ integrationTokenId: strangersToken, connectorId: strangersConnector });
    expect(foreign.statusCode).toBe(400);
    const fields = (foreign.json() as { error: { details: { field: string }[] } }).error.details.map((d) => d.field);
    expect(fields).toEqual(['body.integrationTokenId', 'body.connectorId']);

    const wrongProvider = await create({ integrationTokenId: gitlabToken });
    expect(wrongProvider.statusCode).toBe(400);
    expect(wrongProvider.body).toContain('is a gitlab token');

    const malformed = await create({ provider: 'bitbucket', repositories: ['no-slash'] });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'bad_request' } });

    const { id } = (await create()).json() as GitWebhookSecret;
    const patch = await call(owner, 'PATCH', `/git-webhooks/${id}`, { connectorId: strangersConnector });
    expect(patch.statusCode).toBe(400);
    expect(patch.body).toContain('body.connectorId');
    expect((await call(owner, 'PATCH', `/git-webhooks/${id}`, {})).statusCode).toBe(400);
  });

  it('a GitLab webhook takes a GitLab token and gets a GitLab receiver URL', async () => {
    const created = await call(owner, 'POST', '/git-webhooks', {
      provider: 'gitlab',
      integrationTokenId: gitlabToken,
      connectorId: connector,
    });
    expect(created.statusCode).toBe(201);
    const { id, url } = created.json() as GitWebhookSecret;
    expect(url).toBe(`/api/v1/hooks/gitlab/${id}`);
  });

  it('keeps a token in use: deleting it while a webhook names it is a conflict', async () => {
    await create();
    expect((await call(owner, 'DELETE', `/integration-tokens/${githubToken}`)).statusCode).toBe(409);
  });

  it('is for owners only: a member gets 403 on every endpoint', async () => {
    const { id } = (await create()).json() as GitWebhookSecret;
    const attempts = [
      call(member, 'GET', '/git-webhooks'),
      call(member, 'GET', `/git-webhooks/${id}`),
      call(member, 'POST', '/git-webhooks', {
        provider: 'github',
        integrationTokenId: githubToken,
        connectorId: connector,
      }),
      call(member, 'PATCH', `/git-webhooks/${id}`, { enabled: false }),
      call(member, 'DELETE', `/git-webhooks/${id}`),
      call(member, 'POST', `/git-webhooks/${id}/rotate-secret`),
      call(member, 'GET', `/git-webhooks/${id}/deliveries`),
    ];
    expect((await Promise.all(attempts)).map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403, 403]);
  });

  it("answers 404 for another org's webhook on every endpoint, and changes nothing", async () => {
    const { id } = (await create()).json() as GitWebhookSecret;
    const attempts = [
      call(stranger, 'GET', `/git-webhooks/${id}`),
      call(stranger, 'PATCH', `/git-webhooks/${id}`, { enabled: false }),
      call(stranger, 'POST', `/git-webhooks/${id}/rotate-secret`),
      call(stranger, 'GET', `/git-webhooks/${id}/deliveries`),
      call(stranger, 'DELETE', `/git-webhooks/${id}`),
    ];
    const answers = await Promise.all(attempts);
    expect(answers.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404]);
    expect(answers.map((r) => (r.json() as { error: { code: string } }).error.code)).toEqual(
      Array(5).fill('not_found'),
    );
    const strangersList = (await call(stranger, 'GET', '/git-webhooks')).json() as { items: GitWebhook[] };
    expect(strangersList.items.map((hook) => hook.id)).not.toContain(id);
    expect((await call(owner, 'GET', `/git-webhooks/${id}`)).json()).toMatchObject({ enabled: true });
  });
});
