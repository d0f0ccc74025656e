import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '@reviewtrace/contracts';
import { makeOrgWithUsers, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { SecretBox } from './secret-box.ts';
import { openConnector } from './secrets.ts';

describe(`settings: a connector's own price per million tokens on ${testDatabaseKind}`, () => {
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
  const connectorBody = {
    providerType: 'openai',
    name: 'vLLM on the GPU box',
    baseUrl: 'https://llm.internal.example.com/v1',
    model: 'Qwen/Qwen2.5-Coder-32B-Instruct',
  };

  it('has no price by default, and stores one the engine reads', async () => {
    const plain = (await call(owner, 'POST', '/connectors', connectorBody)).json() as Connector;
    expect(plain).toMatchObject({ pricePerMTokIn: null, pricePerMTokOut: null });

    const created = await call(owner, 'POST', '/connectors', {
      ...connectorBody,
      pricePerMTokIn: 0.2,
      pricePerMTokOut: 0.6,
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as Connector;
    expect(created.json()).toMatchObject({ pricePerMTokIn: 0.2, pricePerMTokOut: 0.6 });
    // The connector has no key to open, so any box does.
    const opened = await openConnector(ctx.database.db, new SecretBox('a-box-for-connectors-without-a-key'), orgId, id);
    expect(opened?.prices).toEqual({ perMTokIn: 0.2, perMTokOut: 0.6 });
  });

  it('changes and clears the price, keeping it when other fields change', async () => {
    const { id } = (await call(owner, 'POST', '/connectors', connectorBody)).json() as Connector;
    const priced = await call(owner, 'PATCH', `/connectors/${id}`, { pricePerMTokIn: 3, pricePerMTokOut: 15 });
    expect(priced.json()).toMatchObject({ pricePerMTokIn: 3, pricePerMTokOut: 15 });
    const renamed = await call(owner, 'PATCH', `/connectors/${id}`, { name: 'Renamed' });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', pricePerMTokIn: 3, pricePerMTokOut: 15 });
    const cleared = await call(owner, 'PATCH', `/connectors/${id}`, { pricePerMTokIn: null, pricePerMTokOut: null });
    expect(cleared.json()).toMatchObject({ pricePerMTokIn: null, pricePerMTokOut: null });
  });

  it.each([
    ['half a price', { pricePerMTokIn: 1 }],
    ['a price and a null', { pricePerMTokIn: 1, pricePerMTokOut: null }],
    ['a negative price', { pricePerMTokIn: -1, pricePerMTokOut: 1 }],
    ['a price as text', { pricePerMTokIn: '1', pricePerMTokOut: '2' }],
    ['an absurd price', { pricePerMTokIn: 1e9, pricePerMTokOut: 1 }],
  ])('refuses %s with the error envelope', async (_what, prices) => {
    const created = await call(owner, 'POST', '/connectors', { ...connectorBody, ...prices });
    expect(created.statusCode).toBe(400);
    expect(created.json()).toMatchObject({ error: { message: expect.any(String) } });
    const { id } = (await call(owner, 'POST', '/connectors', connectorBody)).json() as Connector;
    expect((await call(owner, 'PATCH', `/connectors/${id}`, prices)).statusCode).toBe(400);
  });

  it('lets no other org price a connector', async () => {
    const { id } = (await call(owner, 'POST', '/connectors', connectorBody)).json() as Connector;
    const foreign = await call(stranger, 'PATCH', `/connectors/${id}`, { pricePerMTokIn: 0, pricePerMTokOut: 0 });
    expect(foreign.statusCode).toBe(404);
    expect((await call(owner, 'GET', `/connectors/${id}`)).json()).toMatchObject({ pricePerMTokIn: null });
  });
});
