import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '@reviewtrace/contracts';
import { makeOrgWithUsers, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { SecretBox } from './secret-box.ts';
import { openConnector } from './secrets.ts';

describe(`settings: a connector's concurrency limit (maxConcurrency) on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgId: number;
  let owner: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp();
    ({ orgId, owner, stranger } = await makeOrgWithUsers(ctx.database.db));
  });
  afterAll(() => ctx.close());

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    request(ctx.app, user.token, { method, url: `/api/v1${url}`, payload });
  const body = (providerType: string) => ({
    providerType,
    name: `${providerType} connector`,
    baseUrl: providerType === 'openai' ? 'https://api.openai.com/v1' : 'http://ollama.internal.example.com:11434',
    model: 'qwen2.5-coder',
  });

  it('defaults to 2 for Ollama and to no limit for the others, and the engine reads it', async () => {
    const ollama = (await call(owner, 'POST', '/connectors', body('ollama'))).json() as Connector;
    expect(ollama.maxConcurrency).toBe(2);
    const openai = (await call(owner, 'POST', '/connectors', body('openai'))).json() as Connector;
    expect(openai.maxConcurrency).toBeNull();
    const opened = await openConnector(
      ctx.database.db,
      new SecretBox('a-box-for-connectors-without-a-key'),
      orgId,
      ollama.id,
    );
    expect(opened).toMatchObject({ id: ollama.id, maxConcurrency: 2 });
  });

  it('sets, changes and clears the limit', async () => {
    const created = await call(owner, 'POST', '/connectors', { ...body('openai'), maxConcurrency: 8 });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as Connector;
    expect(created.json()).toMatchObject({ maxConcurrency: 8 });
    expect((await call(owner, 'PATCH', `/connectors/${id}`, { maxConcurrency: 64 })).json()).toMatchObject({
      maxConcurrency: 64,
    });
    expect((await call(owner, 'PATCH', `/connectors/${id}`, { name: 'Renamed' })).json()).toMatchObject({
      maxConcurrency: 64,
    });
    expect((await call(owner, 'PATCH', `/connectors/${id}`, { maxConcurrency: null })).json()).toMatchObject({
      maxConcurrency: null,
    });
  });

  it.each([
    ['zero', 0],
    ['65', 65],
    ['text', 'x'],
    ['a fraction', 1.5],
  ])('refuses %s with the error envelope naming the field', async (_what, maxConcurrency) => {
    const created = await call(owner, 'POST', '/connectors', { ...body('ollama'), maxConcurrency });
    expect(created.statusCode).toBe(400);
    expect(JSON.stringify(created.json())).toContain('maxConcurrency');
    const { id } = (await call(owner, 'POST', '/connectors', body('ollama'))).json() as Connector;
    const patched = await call(owner, 'PATCH', `/connectors/${id}`, { maxConcurrency });
    expect(patched.statusCode).toBe(400);
    expect(patched.json()).toMatchObject({ error: { message: expect.any(String) } });
  });

  it("lets no other org change a connector's limit", async () => {
    const { id } = (await call(owner, 'POST', '/connectors', body('ollama'))).json() as Connector;
    expect((await call(stranger, 'PATCH', `/connectors/${id}`, { maxConcurrency: 64 })).statusCode).toBe(404);
    expect((await call(owner, 'GET', `/connectors/${id}`)).json()).toMatchObject({ maxConcurrency: 2 });
  });
});
