import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, IntegrationToken } from '@reviewtrace/contracts';
import { parseAllowList } from '../outbound/allow-list.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-git/fake-http-server.ts';
import { makeOrg, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const KEY = 'sk-proj-Zq8Wv3Lm5Tn7Rb2Xc9Yd4Kf6Hg1Js0Pa';
const OTHER_SECRET = 'glpat-Qm2Vx8Lr4Tn6Wb9Zc3Yd';

/**
 * The settings API of a shared server (restricted outbound policy): what an owner can make the
 * server send where, and what they can read back.
 */
describe(`settings under the restricted outbound policy on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let owner: TestUser;
  let provider: FakeHttpServer;
  let internal: FakeHttpServer;

  beforeAll(async () => {
    // An OpenAI-compatible host that echoes the key it was sent, in pieces, as some providers do.
    provider = await startFakeHttpServer((req) => {
      const sent = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      return {
        status: 401,
        body: {
          error: {
            message: `Incorrect API key provided: ${sent}; prefix ${sent.slice(0, 12)}…${sent.slice(-6)}; also ${OTHER_SECRET}`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        },
      };
    });
    internal = await startFakeHttpServer(() => ({ status: 200, body: { data: [] } }));
    const allow = parseAllowList(`127.0.0.1:${new URL(provider.origin).port}`);
    ctx = await startTestApp({
      outbound: new OutboundPolicy('restricted', allow),
      rateLimits: { connectorTests: 1000 },
    });
    const org = await makeOrg(ctx.database.db);
    owner = await makeUser(ctx.database.db, org, 'owner');
    const stored = await call(owner, 'POST', '/integration-tokens', {
      provider: 'gitlab',
      name: 'GitLab',
      providerUrl: 'https://gitlab.example.com',
      token: OTHER_SECRET,
    });
    expect(stored.statusCode).toBe(201);
  });
  afterAll(async () => {
    await ctx.close();
    await provider.close();
    await internal.close();
  });

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    request(ctx.app, user.token, { method, url: `/api/v1${url}`, payload });
  const connector = async (baseUrl: string): Promise<Connector> => {
    const created = await call(owner, 'POST', '/connectors', {
      providerType: 'openai',
      name: `c ${Math.random()}`,
      baseUrl,
      apiKey: KEY,
      model: 'gpt-4o-mini',
    });
    expect(created.statusCode).toBe(201);
    return created.json() as Connector;
  };
  const test = async (id: number) => {
    const response = await call(owner, 'POST', `/connectors/${id}/test`);
    expect(response.statusCode).toBe(200);
    return response.json() as { ok: boolean; category?: string; message: string };
  };

  it.each([
    ['http://127.0.0.1:5432/v1', '127.0.0.1 is a loopback address'],
    ['http://169.254.169.254/v1', '169.254.169.254 is a link-local address'],
    ['http://10.0.0.5/v1', '10.0.0.5 is a private address'],
    ['http://[::1]:5432/v1', '::1 is a loopback address'],
    ['http://0.0.0.0:5432/v1', '0.0.0.0 is an unspecified address'],
    ['http://2130706433:5432/v1', '127.0.0.1 is a loopback address'],
  ])('the Test button refuses %s with a network error and sends nothing', async (baseUrl, reason) => {
    const result = await test((await connector(baseUrl)).id);
    expect(result).toMatchObject({ ok: false, category: 'network' });
    expect(result.message).toContain(`blocked by the outbound policy: ${reason} (set OUTBOUND_ALLOW to permit it)`);
  });

  it('refuses a host name that resolves to loopback, so nothing reaches the internal service', async () => {
    const result = await test((await connector(`http://localhost:${new URL(internal.origin).port}/v1`)).id);
    expect(result.message).toContain('127.0.0.1 is a loopback address');
    expect(internal.requests).toHaveLength(0);
  });

  it('shows the owner what the provider said, without the key, any piece of it, or other org secrets', async () => {
    const result = await test((await connector(`${provider.origin}/v1`)).id);
    expect(provider.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(result).toMatchObject({ ok: false, category: 'auth' });
    expect(result.message).toContain('HTTP 401');
    expect(result.message).toContain('the provider said: Incorrect API key provided');
    expect(result.message).not.toContain(OTHER_SECRET);
    for (let start = 0; start + 4 <= KEY.length; start += 1) {
      expect(result.message).not.toContain(KEY.slice(start, start + 4));
    }
  });

  it.each([
    ['file:///etc/passwd', 'expected an http(s) URL'],
    ['gopher://127.0.0.1:6379/_INFO', 'expected an http(s) URL'],
    ['javascript:alert(1)', 'expected an http(s) URL'],
    ['not a url', 'expected an http(s) URL'],
    ['https://user:pass@api.example.com/v1', 'credentials in the URL are not allowed'],
  ])('refuses the base URL %s at validation time (400 naming the field)', async (baseUrl, message) => {
    const response = await call(owner, 'POST', '/connectors', {
      providerType: 'openai',
      name: 'x',
      baseUrl,
      model: 'm',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.baseUrl', message: expect.stringContaining(message) }),
      ]),
    );
  });

  it('refuses credentials in a git token provider URL too', async () => {
    const response = await call(owner, 'POST', '/integration-tokens', {
      provider: 'github',
      name: 'x',
      providerUrl: 'https://u:p@github.example.com',
      token: 'ghp_x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('body.providerUrl');
  });
});

describe(`write-only secrets stay with their host on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let owner: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp({ rateLimits: { connectorTests: 3 } });
    owner = await makeUser(ctx.database.db, await makeOrg(ctx.database.db), 'owner');
  });
  afterAll(() => ctx.close());

  const call = (method: 'POST' | 'PATCH', url: string, payload?: object) =>
    request(ctx.app, owner.token, { method, url: `/api/v1${url}`, payload });

  it('a connector whose host changes needs its key again; a path change does not', async () => {
    const created = (
      await call('POST', '/connectors', {
        providerType: 'openai',
        name: 'prod',
        baseUrl: 'https://api.openai.com/v1',
        apiKey: KEY,
        model: 'gpt-4o-mini',
      })
    ).json() as Connector;

    for (const baseUrl of [
      'https://attacker.example/v1',
      'http://api.openai.com/v1',
      'https://api.openai.com:8443/v1',
    ]) {
      const moved = await call('PATCH', `/connectors/${created.id}`, { baseUrl });
      expect(moved.statusCode).toBe(400);
      expect(moved.json().error).toMatchObject({
        code: 'bad_request',
        message: 'apiKey required when the host changes',
        details: [{ field: 'body.apiKey' }],
      });
    }
    const row = await ctx.database.db
      .selectFrom('ai_connectors')
      .select('base_url')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.base_url).toBe('https://api.openai.com/v1');

    expect(
      (await call('PATCH', `/connectors/${created.id}`, { baseUrl: 'https://api.openai.com/v2' })).statusCode,
    ).toBe(200);
    const withKey = await call('PATCH', `/connectors/${created.id}`, {
      baseUrl: 'https://other.example/v1',
      apiKey: 'sk-new-key-0000000000000000',
    });
    expect(withKey.statusCode).toBe(200);
    expect((withKey.json() as Connector).baseUrl).toBe('https://other.example/v1');
  });

  it('a git token whose provider URL changes host needs the token again', async () => {
    const created = (
      await call('POST', '/integration-tokens', {
        provider: 'gitlab',
        name: 'GitLab',
        providerUrl: 'https://gitlab.example.com',
        token: OTHER_SECRET,
      })
    ).json() as IntegrationToken;
    const moved = await call('PATCH', `/integration-tokens/${created.id}`, { providerUrl: 'https://evil.example' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error).toMatchObject({
      message: 'token required when the host changes',
      details: [{ field: 'body.token' }],
    });
    const rotated = await call('PATCH', `/integration-tokens/${created.id}`, {
      providerUrl: 'https://evil.example',
      token: 'glpat-another-token-000',
    });
    expect(rotated.statusCode).toBe(200);
  });

  it('limits connector tests per user', async () => {
    const created = (
      await call('POST', '/connectors', {
        providerType: 'ollama',
        name: 'local',
        baseUrl: 'http://127.0.0.1:9/',
        model: 'llama3',
      })
    ).json() as Connector;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call('POST', `/connectors/${created.id}/test`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
