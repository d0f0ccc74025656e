import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { makeOrg, makeOrgWithUsers, makeUser, TEST_JWT_SECRET, testJwt, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const key = new TextEncoder().encode(TEST_JWT_SECRET);

describe(`auth and org scope on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let orgB: number;
  let member: TestUser;
  let owner: TestUser;
  let superAdmin: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp();
    ({
      orgId: orgA,
      member,
      owner,
      stranger: superAdmin,
    } = await makeOrgWithUsers(ctx.database.db, {
      strangerRole: 'super_admin',
    }));
    orgB = superAdmin.orgId;
  });
  afterAll(() => ctx.close());

  const me = (token: string | undefined, org?: number | string, headers: Record<string, string> = {}) =>
    request(ctx.app, token, { method: 'GET', url: '/api/v1/me', org, headers });

  it('answers 401 in the error envelope without a token', async () => {
    const response = await me(undefined);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('answers 401 for a token signed with another key', async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(member.id))
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-xx'));
    const response = await me(forged);
    expect(response.statusCode).toBe(401);
  });

  it('answers 401 for an expired token and says so', async () => {
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(member.id))
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const response = await me(expired);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toMatch(/expired/);
  });

  it('answers 401 for a token without exp, with a non-numeric sub, or for an unknown user', async () => {
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(String(member.id)).sign(key);
    const badSub = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setExpirationTime('1h')
      .sign(key);
    const ghost = await testJwt.sign(999_999_999, { expiresIn: '1h' });
    for (const token of [noExp, badSub, ghost, 'not-a-jwt']) {
      expect((await me(token)).statusCode).toBe(401);
    }
  });

  it('rejects an alg:none token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: String(member.id), exp: Math.floor(Date.now() / 1000) + 3600 }),
    ).toString('base64url');
    expect((await me(`${header}.${payload}.`)).statusCode).toBe(401);
  });

  it('uses the default org, then current_org_id, then X-Org-Context', async () => {
    expect((await me(member.token)).json()).toMatchObject({ orgId: orgA, role: 'member' });
    const both = await makeUser(ctx.database.db, orgA, 'member');
    const { grantRole } = await import('../admin/admin.repository.ts');
    await grantRole(ctx.database.db, both.id, orgB, 'owner');
    const claimToken = await testJwt.sign(both.id, { expiresIn: '1h', currentOrgId: orgB });
    expect((await me(claimToken)).json()).toMatchObject({ orgId: orgB, role: 'owner' });
    expect((await me(claimToken, orgA)).json()).toMatchObject({
      orgId: orgA,
      role: 'member',
      orgIds: expect.arrayContaining([orgA, orgB]),
    });
  });

  it('lets a cookie session pick its org with rt_org, ignoring an org the user is not in', async () => {
    const both = await makeUser(ctx.database.db, orgA, 'member');
    const { grantRole } = await import('../admin/admin.repository.ts');
    await grantRole(ctx.database.db, both.id, orgB, 'owner');
    const session = await testJwt.sign(both.id, { expiresIn: '1h' });
    const viaCookie = (org: string) =>
      ctx.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { rt_session: session, rt_org: org } });
    const switched = (await viaCookie(String(orgB))).json();
    expect(switched).toMatchObject({ orgId: orgB, role: 'owner' });
    expect(switched.orgs).toEqual(
      expect.arrayContaining([
        { id: orgA, name: expect.any(String) },
        { id: orgB, name: expect.any(String) },
      ]),
    );
    const stranger = await makeOrg(ctx.database.db);
    expect((await viaCookie(String(stranger))).json()).toMatchObject({ orgId: orgA });
    expect((await viaCookie('garbage')).json()).toMatchObject({ orgId: orgA });
    // A bearer caller is not steered by a cookie.
    const bearer = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${session}` },
      cookies: { rt_org: String(orgB) },
    });
    expect(bearer.json()).toMatchObject({ orgId: orgA });
    expect(bearer.json().orgs.map((org: { id: number }) => org.id)).not.toContain(stranger);
  });

  it('answers 403 for an org the user is not a member of', async () => {
    const response = await me(member.token, orgB);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
  });

  it('answers 400 for a malformed X-Org-Context', async () => {
    const response = await me(member.token, 'abc');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ field: 'headers.x-org-context', message: expect.any(String) }]);
  });

  it('lets a super_admin act in any org', async () => {
    expect((await me(superAdmin.token, orgA)).json()).toMatchObject({ orgId: orgA, role: 'super_admin' });
  });

  describe('a super_admin naming an org that does not exist', () => {
    const missingOrg = 2_000_000_000;
    const expectOrgNotFound = (response: { statusCode: number; json(): unknown }) => {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: { code: 'not_found', message: `Org ${missingOrg} not found` } });
    };

    it('gets 404 org not found for reads and writes alike, never a foreign-key 500', async () => {
      expectOrgNotFound(await me(superAdmin.token, missingOrg));
      expectOrgNotFound(
        await request(ctx.app, superAdmin.token, {
          method: 'POST',
          url: '/api/v1/reviews',
          org: missingOrg,
          payload: { engine: 'external', title: 'Into the void' },
        }),
      );
      expectOrgNotFound(
        await request(ctx.app, superAdmin.token, {
          method: 'POST',
          url: '/api/v1/connectors',
          org: missingOrg,
          payload: { providerType: 'ollama', name: 'x', baseUrl: 'http://127.0.0.1:11434', model: 'm' },
        }),
      );
      const claim = await testJwt.sign(superAdmin.id, { expiresIn: '1h', currentOrgId: missingOrg });
      expectOrgNotFound(await me(claim));
    });

    it('falls back from a switcher cookie naming a missing org, as for any stale preference', async () => {
      const session = await testJwt.sign(superAdmin.id, { expiresIn: '1h' });
      const response = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        cookies: { rt_session: session, rt_org: String(missingOrg) },
      });
      expect(response.json()).toMatchObject({ orgId: orgB });
    });

    it('still answers 403, not 404, to a non-member naming a missing org (no existence oracle)', async () => {
      expect((await me(member.token, missingOrg)).statusCode).toBe(403);
    });
  });

  it('reports permissions by role', async () => {
    expect((await me(member.token)).json().permissions).toEqual({
      ingest: false,
      viewFullArtifacts: false,
      manageSettings: false,
      readAllOrgs: false,
    });
    expect((await me(owner.token)).json().permissions).toEqual({
      ingest: true,
      viewFullArtifacts: true,
      manageSettings: true,
      readAllOrgs: false,
    });
    expect((await me(superAdmin.token)).json().permissions.readAllOrgs).toBe(true);
  });

  describe('the session cookie', () => {
    const cookie = () => ({ cookie: `rt_session=${member.token}` });

    it('authenticates reads', async () => {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: cookie() });
      expect(response.statusCode).toBe(200);
    });

    it('refuses a cookie-authenticated write without a same-origin Origin', async () => {
      const body = { engine: 'external', title: 'x' };
      const noOrigin = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/reviews',
        headers: cookie(),
        payload: body,
      });
      expect(noOrigin.statusCode).toBe(403);
      const evil = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/reviews',
        headers: { ...cookie(), origin: 'https://evil.example' },
        payload: body,
      });
      expect(evil.statusCode).toBe(403);
      const same = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/reviews',
        headers: { ...cookie(), origin: 'http://localhost:80', host: 'localhost:80' },
        payload: body,
      });
      expect(same.statusCode).toBe(201);
    });

    it('is set by POST /auth/session from a pasted token, and cleared by sign-out', async () => {
      const response = await ctx.app.inject({ method: 'POST', url: '/auth/session', payload: { token: member.token } });
      expect(response.statusCode).toBe(204);
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/rt_session=/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const bad = await ctx.app.inject({ method: 'POST', url: '/auth/session', payload: { token: 'nope' } });
      expect(bad.statusCode).toBe(401);
      const out = await ctx.app.inject({ method: 'POST', url: '/auth/sign-out' });
      expect(String(out.headers['set-cookie'])).toMatch(/rt_session=;/);
    });

    it('refuses a pasted-token sign-in from a foreign or null Origin with 403', async () => {
      for (const origin of ['null', 'https://evil.example', '::bad::']) {
        const response = await ctx.app.inject({
          method: 'POST',
          url: '/auth/session',
          headers: { origin },
          payload: { token: member.token },
        });
        expect(response.statusCode).toBe(403);
      }
    });

    it('has no one-click sign-in link outside demo mode', async () => {
      const response = await ctx.app.inject({ method: 'GET', url: `/auth/sign-in?token=${member.token}` });
      expect(response.statusCode).toBe(404);
    });
  });
});

describe(`demo sign-in links on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp({ demo: true });
  });
  afterAll(() => ctx.close());

  it('set the session cookie and redirect to the reviews list', async () => {
    const org = await makeOrg(ctx.database.db);
    const user = await makeUser(ctx.database.db, org, 'owner');
    const response = await ctx.app.inject({ method: 'GET', url: `/auth/sign-in?token=${user.token}` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/reviews');
    expect(String(response.headers['set-cookie'])).toContain(`rt_session=${user.token}`);
  });

  it('send a bad, expired or empty link to the web sign-in page with the reason, setting no cookie', async () => {
    const org = await makeOrg(ctx.database.db);
    const user = await makeUser(ctx.database.db, org, 'owner');
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const cases = [
      [`/auth/sign-in?token=${expired}`, '/sign-in?error=expired'],
      ['/auth/sign-in?token=forged', '/sign-in?error=invalid'],
      [`/auth/sign-in?token=${user.token.slice(0, -4)}`, '/sign-in?error=invalid'],
      ['/auth/sign-in', '/sign-in?error=missing'],
      ['/auth/sign-in?token=', '/sign-in?error=missing'],
    ];
    for (const [url, location] of cases) {
      const response = await ctx.app.inject({ method: 'GET', url: url! });
      expect({ url, status: response.statusCode, location: response.headers.location }).toEqual({
        url,
        status: 303,
        location,
      });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });
});
